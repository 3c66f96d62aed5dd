import { DateTime } from 'luxon';
import type { CommandOf } from '../commands';
import type { DomainEvent } from '../events';
import type { ChatState } from '../state';
import { wallClock } from '../../zones/wall-clock';
import { deliveryPressed, endedUnanswered, rescheduled } from './shared';

/**
 * 💤 of a delivered reminder, or "отложи" of the last fired one: it fires again at the snooze
 * time (its next occurrence). Only a delivery not answered yet can be snoozed by its button.
 */
export function snooze(cmd: CommandOf<'snooze'>, s: ChatState): DomainEvent[] {
  const id = cmd.reminderId ?? s.lastFired?.reminderId;
  const r = id ? s.reminders[id] : undefined;
  const delivery = r && cmd.reminderId ? deliveryPressed(r, cmd.occurrence) : r?.lastDelivery;
  // A series that ran out can still snooze its last delivery (the one occurrence is not lost).
  if (!r || (r.status !== 'pending' && r.status !== 'fired' && !endedUnanswered(r)) || !delivery) return [];
  // A button answers one delivery once; "отложи" may push the last fired one again.
  if (cmd.reminderId && (delivery.acknowledged || (cmd.occurrence !== undefined && cmd.occurrence !== delivery.occurrence))) return [];
  const now = DateTime.fromISO(cmd.now, { setZone: true });
  const due = snoozedUntil(cmd, now, s.settings.timezone);
  if (due <= now) return [];
  if (r.status === 'pending' && Date.parse(r.due) === due.toMillis()) return [];
  return [rescheduled(s, r, due, 'snooze')];
}

function snoozedUntil(cmd: CommandOf<'snooze'>, now: DateTime, zone: string): DateTime {
  switch (cmd.by) {
    case '10m':
      return now.plus({ minutes: 10 });
    case '1h':
      return now.plus({ hours: 1 });
    case 'tomorrow':
      return tomorrowAt9(now, zone);
    case 'until':
      return DateTime.fromISO(cmd.until!, { setZone: true });
  }
}

function tomorrowAt9(now: DateTime, zone: string): DateTime {
  const d = now.setZone(zone).plus({ days: 1 });
  return wallClock({ year: d.year, month: d.month, day: d.day, hour: 9, minute: 0 }, zone);
}
