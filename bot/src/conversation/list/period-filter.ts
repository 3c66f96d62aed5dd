import { nextOccurrence, type Series } from '@napominalka/core';
import { DateTime } from 'luxon';
import type { ReminderView } from '../format-reminder';
import type { ListPeriod } from '../list-page';

/** A reminder as /list shows it. */
export interface ListedReminder extends ReminderView {
  id: string;
  /** A recurring reminder's series (its rule, anchor, zone), to find an occurrence inside a period; absent for one-off ones. */
  series?: Series | null;
}

/**
 * The instants a period covers in `zone`: [its first day 00:00, the day after its last 00:00).
 * Built from calendar dates, so a day of 23 or 25 hours (DST) is still the whole day.
 */
export function periodBounds(period: ListPeriod, zone: string): { start: DateTime; end: DateTime } {
  const start = DateTime.fromISO(period.from, { zone }).startOf('day');
  const end = DateTime.fromISO(period.to, { zone }).plus({ days: 1 }).startOf('day');
  if (!start.isValid || !end.isValid) throw new RangeError(`invalid period or zone: ${period.from}…${period.to} in ${zone}`);
  return { start, end };
}

/**
 * When `r` falls in [start, end): its next due when that is inside; for a recurring one whose
 * next due is before the period, its first occurrence inside it ("каждый день в 9" is on
 * tomorrow's list too); null when it does not fall in the period.
 */
export function dueWithin(r: ListedReminder, start: DateTime, end: DateTime): string | null {
  const due = DateTime.fromISO(r.due, { setZone: true });
  if (!due.isValid || due >= end) return null;
  if (due >= start) return r.due;
  if (!r.rrule || !r.series) return null;
  let next: DateTime | null;
  try {
    next = nextOccurrence(r.series, start.minus({ milliseconds: 1 }));
  } catch {
    // A rule the decider could not read either: the reminder is listed by its due alone.
    return null;
  }
  return next && next < end ? (next.toISO() ?? null) : null;
}

/** The reminders that fall in `period` (in the chat's zone), each shown at its time inside it. */
export function remindersIn(reminders: readonly ListedReminder[], period: ListPeriod, zone: string): ListedReminder[] {
  const { start, end } = periodBounds(period, zone);
  return reminders.flatMap((r) => {
    const due = dueWithin(r, start, end);
    return due === null ? [] : [{ ...r, due }];
  });
}
