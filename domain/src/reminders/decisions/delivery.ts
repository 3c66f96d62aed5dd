import { DateTime } from 'luxon';
import type { CommandOf } from '../commands';
import type { DomainEvent } from '../events';
import { evolveAll } from '../evolve';
import type { ChatState } from '../state';
import { nextOf, rescheduled, seriesEnded } from './shared';

/**
 * A recurring reminder's occurrence was delivered: the series moves on to its next occurrence, or,
 * past its last one (COUNT, UNTIL), it is finished (done), not rescheduled.
 */
export function advance(cmd: CommandOf<'advance'>, s: ChatState): DomainEvent[] {
  const r = s.reminders[cmd.reminderId];
  if (!r || !r.rrule || r.status !== 'fired' || r.occurrence !== cmd.occurrence) return [];
  const after = DateTime.max(DateTime.fromISO(r.due, { setZone: true }), DateTime.fromISO(cmd.now, { setZone: true }));
  const next = nextOf(r, after);
  return [next ? rescheduled(s, r, next, 'next-occurrence') : seriesEnded(s, r)];
}

/** A delivery failed for good (the user blocked the bot): the chat goes inactive, its reminders pause. */
export function deactivate(_cmd: CommandOf<'deactivate'>, s: ChatState): DomainEvent[] {
  return s.settings.active ? [{ type: 'ChatSettingsChanged', data: { chatId: s.chatId, active: false } }] : [];
}

/** A user's command in an inactive chat: the chat is active again and its paused reminders resume. */
export function reactivate(s: ChatState, nowIso: string): DomainEvent[] {
  const events: DomainEvent[] = [{ type: 'ChatSettingsChanged', data: { chatId: s.chatId, active: true } }];
  return [...events, ...resume(evolveAll(s, events), nowIso)];
}

/**
 * Resuming a chat that is active again: each paused reminder keeps its due if still ahead; else a
 * recurring one moves to its next occurrence after now (the missed ones are dropped) and a one-off
 * one fires now. A series that ended meanwhile (COUNT, UNTIL) is finished instead.
 */
export function resume(s: ChatState, nowIso: string): DomainEvent[] {
  const now = DateTime.fromISO(nowIso, { setZone: true });
  const out: DomainEvent[] = [];
  for (const r of Object.values(s.reminders)) {
    if (r.status !== 'paused') continue;
    const current = DateTime.fromISO(r.due, { setZone: true });
    const due = current > now ? current : r.rrule ? nextOf(r, now) : now;
    out.push(due ? rescheduled(s, r, due, 'resume') : seriesEnded(s, r));
  }
  return out;
}
