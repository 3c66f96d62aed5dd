import { DateTime } from 'luxon';
import type { CommandOf } from '../commands';
import type { DomainEvent } from '../events';
import { evolveAll } from '../evolve';
import type { ChatState } from '../state';
import { isValidZone, localOf, wallClock } from '../../zones/wall-clock';
import { resume } from './delivery';
import { nextOf, rescheduled, seriesEnded } from './shared';

/** /tz, a zone button or a shared location: the chat's zone changes, and its reminders follow. */
export function setTimezone(cmd: CommandOf<'set-timezone'>, s: ChatState): DomainEvent[] {
  if (!isValidZone(cmd.timezone) || cmd.timezone === s.settings.timezone) return [];
  const events: DomainEvent[] = [{ type: 'ChatSettingsChanged', data: { chatId: s.chatId, timezone: cmd.timezone } }];
  return [...events, ...rezone(evolveAll(s, events), cmd.now)];
}

/**
 * Settings changed by someone else (or the user back in an inactive chat): the reminders follow the
 * chat's zone, and in an active chat the paused ones resume.
 */
export function reconcile(cmd: CommandOf<'reconcile' | 'activate'>, s: ChatState): DomainEvent[] {
  return [...rezone(s, cmd.now), ...(s.settings.active ? resume(s, cmd.now) : [])];
}

/**
 * The time zone rule: a reminder keeps its wall-clock time when the chat's zone changes. Its due
 * is the same local date and time read in the new zone ("09:00 on the 12th" stays 09:00 on the
 * 12th); a recurring series keeps its time of day and anchor. If that moment has already passed
 * in the new zone, a recurring reminder moves to its next occurrence after now and a one-off one
 * fires now. Pending and paused reminders are moved; fired, done and cancelled ones are not.
 */
function rezone(s: ChatState, nowIso: string): DomainEvent[] {
  const zone = s.settings.timezone;
  const now = DateTime.fromISO(nowIso, { setZone: true });
  const out: DomainEvent[] = [];
  for (const r of Object.values(s.reminders)) {
    if ((r.status !== 'pending' && r.status !== 'paused') || r.timezone === zone) continue;
    let due: DateTime | null = wallClock(localOf(r.due, r.timezone), zone);
    if (due <= now && r.status === 'pending') due = r.rrule ? nextOf(r, now, zone) : now;
    // A series whose last occurrence is behind it in the new zone is finished, not fired once more.
    out.push(due ? rescheduled(s, r, due, 'timezone-change', { timezone: zone }) : seriesEnded(s, r));
  }
  return out;
}
