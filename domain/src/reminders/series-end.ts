import { countOf, occurrencesBefore, type Series } from './recurrence';
import type { Reminder } from './state';

/**
 * Where a recurring reminder's series stands against its end (COUNT): what the decider needs to
 * re-anchor it without gaining or losing occurrences, and what the bot says ("ещё 2 раза").
 *
 * COUNT counts the rule's occurrences from the series' first one (RFC 5545), not deliveries: a
 * snooze fires an occurrence again at another time and uses none; an occurrence missed while the
 * chat was paused (resume drops it) is used. A correction of the time starts the series anew at
 * the new time with the occurrences left (`countedBefore`); a new rule starts it with its own COUNT.
 */

/** The series a reminder runs on, or null for a one-off. */
export function seriesOf(r: Pick<Reminder, 'rrule' | 'anchor' | 'timezone' | 'countedBefore'>, timezone = r.timezone): Series | null {
  if (!r.rrule || !r.anchor) return null;
  return { rrule: r.rrule, anchor: r.anchor, timezone, ...(r.countedBefore ? { before: r.countedBefore } : {}) };
}

/**
 * Occurrences of its COUNT used so far: the ones before its due (a snoozed due: the occurrence it
 * repeats counts as used), and its due too once fired. Null: no COUNT (or a one-off).
 */
export function occurrencesUsed(r: Reminder): number | null {
  const series = seriesOf(r);
  return series ? occurrencesBefore(series, r.due, r.status === 'fired') : null;
}

/** Occurrences still to come, the pending due included ("ещё 2 раза"); null when the series has no COUNT. */
export function remainingOccurrences(r: Reminder): number | null {
  const total = r.rrule ? countOf(r.rrule) : null;
  const used = occurrencesUsed(r);
  return total === null || used === null ? null : Math.max(0, total - used);
}
