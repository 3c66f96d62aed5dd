import type { CommandOf } from '../commands';
import type { DomainEvent } from '../events';
import { clarificationExpired, type ChatState } from '../state';
import { scheduled } from './shared';

/** A parse with a time makes a reminder, its id the parse's (so the same parse makes it once). */
export function create(cmd: CommandOf<'create'>, s: ChatState): DomainEvent[] {
  if (s.reminders[cmd.id]) return [];
  return [scheduled(s, cmd.id, cmd.text, cmd.due, cmd.rrule, cmd.id)];
}

/** A time answering the "when?" of a create without one: that create's reminder, at this time. */
export function provideTime(cmd: CommandOf<'provide-time'>, s: ChatState): DomainEvent[] {
  const p = s.pending;
  if (p?.kind !== 'time' || clarificationExpired(p, cmd.now) || s.reminders[p.sourceEventId]) return [];
  return [scheduled(s, p.sourceEventId, p.text, cmd.due, cmd.rrule ?? p.rrule, p.sourceEventId)];
}
