import * as rruleModule from 'rrule';
import { DateTime, type Zone } from 'luxon';
import type { RecurrenceMeaning, Weekday } from './expression';
import type { TimeOfDay } from './time-of-day';
// The wall clock alone: the core index would load the services' runtime (metrics, OTel) into the parser.
import { wallClock } from '@napominalka/core/wall-clock';

// rrule ships CommonJS to Node (named exports only under bundlers): take either shape.
type RRuleModule = typeof rruleModule;
const { RRule } = (rruleModule as RRuleModule & { default?: RRuleModule }).default ?? rruleModule;

const WEEKDAYS = [RRule.MO, RRule.TU, RRule.WE, RRule.TH, RRule.FR, RRule.SA, RRule.SU];

const CODE: Record<Weekday, string> = { 1: 'MO', 2: 'TU', 3: 'WE', 4: 'TH', 5: 'FR', 6: 'SA', 7: 'SU' };

/** FREQ, INTERVAL (omitted when 1), BYDAY (ordinal first: 1MO, -1FR), BYMONTHDAY, BYMONTH — no DTSTART, no BYHOUR (rule 10); COUNT and UNTIL are recurrence-ends.ts's. */
export function formatRRule(r: RecurrenceMeaning): string {
  const parts = [`FREQ=${r.freq}`];
  if (r.interval !== 1) parts.push(`INTERVAL=${r.interval}`);
  if (r.byday.length)
    parts.push(
      `BYDAY=${[...r.byday]
        .sort()
        .map((d) => `${r.nth ?? ''}${CODE[d]}`)
        .join(',')}`,
    );
  if (r.bymonthday.length) parts.push(`BYMONTHDAY=${r.bymonthday.join(',')}`);
  if (r.bymonth.length) parts.push(`BYMONTH=${r.bymonth.join(',')}`);
  return parts.join(';');
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A rule that can never fire ("every 31 February"). */
export function impossible(r: RecurrenceMeaning): boolean {
  if (!r.bymonth.length || !r.bymonthday.length) return false;
  return r.bymonth.every((m) => r.bymonthday.every((d) => Math.abs(d) > DAYS_IN_MONTH[m - 1]!));
}

/**
 * The first occurrence strictly after `after`, counting from the day `from` (today counts) at
 * the time of day `tod` in `zone`. rrule works on "floating" dates (UTC fields standing for
 * wall-clock values): the rule runs on wall-clock dates, and each candidate is placed in the
 * zone by Luxon (wallClock), so DST moves the instant and never the wall-clock time.
 *
 * The first occurrence does not depend on INTERVAL (the series is anchored at it), so the rule
 * runs with interval 1.
 */
export function firstOccurrence(r: RecurrenceMeaning, from: DateTime, tod: TimeOfDay, zone: Zone, after: DateTime): DateTime | null {
  if (impossible(r)) return null;
  const rule = new RRule({
    freq: RRule[r.freq],
    interval: 1,
    // "the first monday of the month": RRule's weekday objects carry the ordinal.
    byweekday: r.byday.length ? r.byday.map((d) => (r.nth ? WEEKDAYS[d - 1]!.nth(r.nth) : d - 1)) : null,
    bymonthday: r.bymonthday.length ? r.bymonthday : null,
    bymonth: r.bymonth.length ? r.bymonth : null,
    dtstart: new Date(Date.UTC(from.year, from.month - 1, from.day, tod.hour, tod.minute)),
  });
  let floating: Date | null = rule.after(new Date(Date.UTC(from.year, from.month - 1, from.day) - 1), true);
  for (let n = 0; floating && n < 1000; n++) {
    const day = DateTime.fromObject({ year: floating.getUTCFullYear(), month: floating.getUTCMonth() + 1, day: floating.getUTCDate() }, { zone: 'utc' }).plus({
      days: tod.endsDay ? 1 : 0,
    });
    const local = wallClock({ year: day.year, month: day.month, day: day.day, hour: tod.hour, minute: tod.minute }, zone);
    if (local > after) return local;
    floating = rule.after(floating, false);
  }
  return null;
}
