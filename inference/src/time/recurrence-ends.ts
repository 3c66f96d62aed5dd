import { DateTime, type Zone } from 'luxon';
import type { CountMeaning, DateMeaning, PeriodEnd, RecurrenceMeaning, WeekdayMeaning } from './expression';

/**
 * Rule 19: the COUNT or UNTIL of a recurrence, as the RRULE's last keys (";COUNT=7",
 * ";UNTIL=20261220T205959Z"), or "" when none is said or the count is one the rule does not
 * cover ("по будням в течение недели").
 */

/** Occurrences in `days` days: a daily rule fires once a day (every INTERVAL days), a rule on one weekday once a week. */
function countOf(r: RecurrenceMeaning, c: CountMeaning): number | null {
  if (c.times !== null) return c.times;
  if (r.freq === 'DAILY' && !r.byday.length && c.days % r.interval === 0) return c.days / r.interval;
  if (r.freq === 'WEEKLY' && r.byday.length === 1 && !r.nth && c.days % (7 * r.interval) === 0) return c.days / (7 * r.interval);
  return null;
}

/**
 * The end of a weekday's local day, the day read by rule 6: the next such day strictly after
 * today ("this": today counts, its end being ahead).
 */
function untilWeekday(d: WeekdayMeaning, zone: Zone, now: DateTime): DateTime {
  const today = now.setZone(zone).startOf('day');
  const ahead = (d.day - today.weekday + 7) % 7;
  const days = ahead === 0 && d.modifier !== 'this' ? 7 : ahead;
  return today.plus({ days }).endOf('day').set({ millisecond: 0 });
}

/** The last second of the end date's local day, the date read by rule 8 with its instant at that second (today's date is today). */
function untilOf(d: DateMeaning | WeekdayMeaning | PeriodEnd, zone: Zone, now: DateTime): DateTime | null {
  if (d.kind === 'weekday') return untilWeekday(d, zone, now);
  // "до конца недели": this ISO week's Sunday (today counts), the month's or the year's last day.
  if (d.kind === 'periodEnd') return now.setZone(zone).endOf(d.unit).set({ millisecond: 0 });
  const today = now.setZone(zone).startOf('day');
  const months = d.month === null ? Array.from({ length: 13 }, (_, k) => today.plus({ months: k })) : null;
  const candidates =
    months?.map((m) => ({ year: m.year, month: m.month })) ??
    (d.year !== null ? [d.year] : [today.year, today.year + 1]).map((year) => ({ year, month: d.month as number }));
  for (const c of candidates) {
    const day = DateTime.fromObject({ ...c, day: d.day }, { zone });
    if (!day.isValid) continue;
    const end = day.endOf('day').set({ millisecond: 0 });
    if (end > now || d.year !== null) return end;
  }
  return null;
}

export function recurrenceEnds(
  r: RecurrenceMeaning,
  count: CountMeaning | null,
  until: DateMeaning | WeekdayMeaning | PeriodEnd | null,
  zone: Zone,
  now: DateTime,
): string {
  if (until) {
    const end = untilOf(until, zone, now);
    if (end) return `;UNTIL=${end.toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'")}`;
  }
  const n = count ? countOf(r, count) : null;
  return n !== null && n > 0 ? `;COUNT=${n}` : '';
}
