import { DateTime } from 'luxon';
import type { EventData } from '../../events/catalog';
import { isValidRule, nextOccurrence } from '../recurrence';
import { toIso } from '../../zones/wall-clock';
import type { DomainEvent } from '../events';
import { seriesOf } from '../series-end';
import type { ChatState, Reminder } from '../state';

/** The event of a new reminder: its due read in the chat's zone, an unreadable rule dropped. */
export function scheduled(s: ChatState, reminderId: string, text: string, due: string, rrule: string | null, sourceEventId: string): DomainEvent {
  const zone = s.settings.timezone;
  const rule = rrule && isValidRule(rrule) ? rrule : null;
  return {
    type: 'ReminderScheduled',
    data: {
      chatId: s.chatId,
      reminderId,
      text,
      due: toIso(DateTime.fromISO(due, { setZone: true }), zone),
      rrule: rule,
      timezone: zone,
      ...(isUuid(sourceEventId) ? { sourceEventId } : {}),
    },
  };
}

/** The event of a reminder moved to `due`: its next occurrence, so the scheduler fires it anew. */
export function rescheduled(
  s: ChatState,
  r: Reminder,
  due: DateTime,
  reason: EventData<'ReminderRescheduled'>['reason'],
  extra: Partial<Pick<EventData<'ReminderRescheduled'>, 'text' | 'rrule' | 'timezone'>> = {},
): DomainEvent {
  const zone = extra.timezone ?? r.timezone;
  return {
    type: 'ReminderRescheduled',
    data: { chatId: s.chatId, reminderId: r.id, due: toIso(due, zone), reason, occurrence: r.occurrence + 1, ...extra },
  };
}

/** A recurring reminder's next occurrence after `after` (null: a one-off, or the series ended). */
export function nextOf(r: Reminder, after: DateTime, timezone = r.timezone): DateTime | null {
  const series = seriesOf(r, timezone);
  return series ? nextOccurrence(series, after) : null;
}

/**
 * A series past its last occurrence (COUNT, UNTIL) is finished: done. No occurrence is named — the
 * completion answers no delivery, so the last one delivered can still be snoozed (or ✅-ed) once.
 */
export function seriesEnded(s: ChatState, r: Reminder): DomainEvent {
  return { type: 'ReminderCompleted', data: { chatId: s.chatId, reminderId: r.id, scope: 'reminder', reason: 'series-ended' } };
}

/** The last delivery of a series that ran out (done by seriesEnded), not answered yet: 💤 and ✅ still apply to it. */
export const endedUnanswered = (r: Reminder): boolean => r.status === 'done' && !!r.rrule && !!r.lastDelivery && !r.lastDelivery.acknowledged;

/**
 * The delivery a ✅/💤 button of `occurrence` answers: the one recorded, or — when the press beat
 * the sender's ReminderDelivered into the stream — the delivery of the current occurrence, which
 * the button itself proves (the bot puts these buttons only on a message it delivered).
 */
export function deliveryPressed(r: Reminder, occurrence: number | undefined): Reminder['lastDelivery'] {
  if (occurrence !== undefined && occurrence === r.occurrence && (!r.lastDelivery || r.lastDelivery.occurrence < occurrence)) {
    return { occurrence, due: r.due, acknowledged: false };
  }
  return r.lastDelivery;
}

const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
