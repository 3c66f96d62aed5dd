import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { firstOccurrence, isValidRule, nextOccurrence, occurrencesBefore, type Series } from './recurrence';

const at = (iso: string) => DateTime.fromISO(iso, { setZone: true });

describe('nextOccurrence', () => {
  const cases: Array<[string, Series, string, string | null]> = [
    // [what, series, strictly after, expected (ISO with the zone's offset)]
    [
      'weekly, Berlin into summer time',
      { rrule: 'FREQ=WEEKLY;BYDAY=MO', anchor: '2026-03-23T09:00', timezone: 'Europe/Berlin' },
      '2026-03-23T09:00:00+01:00',
      '2026-03-30T09:00:00+02:00',
    ],
    [
      'daily, Berlin out of summer time',
      { rrule: 'FREQ=DAILY', anchor: '2026-10-01T09:00', timezone: 'Europe/Berlin' },
      '2026-10-24T09:00:00+02:00',
      '2026-10-25T09:00:00+01:00',
    ],
    [
      'daily, New York into DST',
      { rrule: 'FREQ=DAILY', anchor: '2026-03-01T08:30', timezone: 'America/New_York' },
      '2026-03-07T08:30:00-05:00',
      '2026-03-08T08:30:00-04:00',
    ],
    [
      'daily, New York out of DST',
      { rrule: 'FREQ=DAILY', anchor: '2026-10-01T08:30', timezone: 'America/New_York' },
      '2026-10-31T08:30:00-04:00',
      '2026-11-01T08:30:00-05:00',
    ],
    [
      'a time DST skips moves forward by the gap',
      { rrule: 'FREQ=DAILY', anchor: '2026-03-01T02:30', timezone: 'Europe/Berlin' },
      '2026-03-28T02:30:00+01:00',
      '2026-03-29T03:30:00+02:00',
    ],
    [
      'and the day after it is back at 02:30',
      { rrule: 'FREQ=DAILY', anchor: '2026-03-01T02:30', timezone: 'Europe/Berlin' },
      '2026-03-29T03:30:00+02:00',
      '2026-03-30T02:30:00+02:00',
    ],
    [
      'a repeated time is its first occurrence',
      { rrule: 'FREQ=DAILY', anchor: '2026-10-01T02:30', timezone: 'Europe/Berlin' },
      '2026-10-24T02:30:00+02:00',
      '2026-10-25T02:30:00+02:00',
    ],
    [
      'and never fires twice that night',
      { rrule: 'FREQ=DAILY', anchor: '2026-10-01T02:30', timezone: 'Europe/Berlin' },
      '2026-10-25T02:30:00+02:00',
      '2026-10-26T02:30:00+01:00',
    ],
    [
      'New York 01:30 repeated in November: the first',
      { rrule: 'FREQ=WEEKLY;BYDAY=SU', anchor: '2026-10-25T01:30', timezone: 'America/New_York' },
      '2026-10-25T01:30:00-04:00',
      '2026-11-01T01:30:00-04:00',
    ],
    [
      'the 31st skips short months',
      { rrule: 'FREQ=MONTHLY;BYMONTHDAY=31', anchor: '2026-01-31T10:00', timezone: 'Europe/Moscow' },
      '2026-01-31T10:00:00+03:00',
      '2026-03-31T10:00:00+03:00',
    ],
    [
      'the 31st: April and June skipped too',
      { rrule: 'FREQ=MONTHLY;BYMONTHDAY=31', anchor: '2026-01-31T10:00', timezone: 'Europe/Moscow' },
      '2026-03-31T10:00:00+03:00',
      '2026-05-31T10:00:00+03:00',
    ],
    [
      'BYMONTHDAY=-1 is the last day (February)',
      { rrule: 'FREQ=MONTHLY;BYMONTHDAY=-1', anchor: '2026-01-31T10:00', timezone: 'Europe/Moscow' },
      '2026-01-31T10:00:00+03:00',
      '2026-02-28T10:00:00+03:00',
    ],
    [
      'BYMONTHDAY=-1 in a leap year',
      { rrule: 'FREQ=MONTHLY;BYMONTHDAY=-1', anchor: '2028-01-31T10:00', timezone: 'Europe/Moscow' },
      '2028-01-31T10:00:00+03:00',
      '2028-02-29T10:00:00+03:00',
    ],
    [
      'BYMONTHDAY=-1 of a 30-day month',
      { rrule: 'FREQ=MONTHLY;BYMONTHDAY=-1', anchor: '2026-01-31T10:00', timezone: 'Europe/Moscow' },
      '2026-03-31T10:00:00+03:00',
      '2026-04-30T10:00:00+03:00',
    ],
    [
      'Feb 29 yearly: only leap years',
      { rrule: 'FREQ=YEARLY;BYMONTHDAY=29;BYMONTH=2', anchor: '2028-02-29T09:00', timezone: 'Europe/Moscow' },
      '2028-02-29T09:00:00+03:00',
      '2032-02-29T09:00:00+03:00',
    ],
    [
      'every other day from the anchor',
      { rrule: 'FREQ=DAILY;INTERVAL=2', anchor: '2026-03-10T09:00', timezone: 'Europe/Moscow' },
      '2026-03-10T09:00:00+03:00',
      '2026-03-12T09:00:00+03:00',
    ],
    [
      'every other day: the off day is skipped',
      { rrule: 'FREQ=DAILY;INTERVAL=2', anchor: '2026-03-10T09:00', timezone: 'Europe/Moscow' },
      '2026-03-11T12:00:00+03:00',
      '2026-03-12T09:00:00+03:00',
    ],
    [
      'every other day, long after the anchor',
      { rrule: 'FREQ=DAILY;INTERVAL=2', anchor: '2026-03-10T09:00', timezone: 'Europe/Moscow' },
      '2026-06-01T09:00:00+03:00',
      '2026-06-02T09:00:00+03:00',
    ],
    [
      'weekly on Tuesday and Thursday',
      { rrule: 'FREQ=WEEKLY;BYDAY=TU,TH', anchor: '2026-03-10T19:00', timezone: 'Europe/Moscow' },
      '2026-03-10T19:00:00+03:00',
      '2026-03-12T19:00:00+03:00',
    ],
    [
      'weekly TU,TH: Thursday to next Tuesday',
      { rrule: 'FREQ=WEEKLY;BYDAY=TU,TH', anchor: '2026-03-10T19:00', timezone: 'Europe/Moscow' },
      '2026-03-12T19:00:00+03:00',
      '2026-03-17T19:00:00+03:00',
    ],
    [
      'every second week TU,TH',
      { rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH', anchor: '2026-03-10T19:00', timezone: 'Europe/Moscow' },
      '2026-03-12T19:00:00+03:00',
      '2026-03-24T19:00:00+03:00',
    ],
    [
      'weekdays, Friday to Monday',
      { rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', anchor: '2026-03-09T08:00', timezone: 'Europe/Berlin' },
      '2026-03-13T08:00:00+01:00',
      '2026-03-16T08:00:00+01:00',
    ],
    [
      'hourly every 2 hours: elapsed time across DST',
      { rrule: 'FREQ=HOURLY;INTERVAL=2', anchor: '2026-03-29T00:00', timezone: 'Europe/Berlin' },
      '2026-03-29T00:00:00+01:00',
      '2026-03-29T03:00:00+02:00',
    ],
    [
      'hourly from a time between occurrences',
      { rrule: 'FREQ=HOURLY', anchor: '2026-03-12T10:15', timezone: 'Europe/Moscow' },
      '2026-03-12T13:40:00+03:00',
      '2026-03-12T14:15:00+03:00',
    ],
    [
      'every 15 minutes',
      { rrule: 'FREQ=MINUTELY;INTERVAL=15', anchor: '2026-03-12T10:00', timezone: 'Europe/Moscow' },
      '2026-03-12T10:15:00+03:00',
      '2026-03-12T10:30:00+03:00',
    ],
    [
      'before the anchor: the anchor',
      { rrule: 'FREQ=WEEKLY;BYDAY=MO', anchor: '2026-03-23T09:00', timezone: 'Europe/Berlin' },
      '2026-03-01T00:00:00+01:00',
      '2026-03-23T09:00:00+01:00',
    ],
    [
      'a yearly birthday',
      { rrule: 'FREQ=YEARLY;BYMONTHDAY=5;BYMONTH=5', anchor: '2026-05-05T09:00', timezone: 'Europe/Moscow' },
      '2026-05-05T09:00:00+03:00',
      '2027-05-05T09:00:00+03:00',
    ],
    ['COUNT ends the series', { rrule: 'FREQ=DAILY;COUNT=2', anchor: '2026-03-10T09:00', timezone: 'Europe/Moscow' }, '2026-03-11T09:00:00+03:00', null],
    [
      'COUNT counts the occurrences used before a re-anchoring',
      { rrule: 'FREQ=DAILY;COUNT=3', anchor: '2026-03-10T09:00', timezone: 'Europe/Moscow', before: 2 },
      '2026-03-10T09:00:00+03:00',
      null,
    ],
    [
      'COUNT left after a re-anchoring',
      { rrule: 'FREQ=DAILY;COUNT=3', anchor: '2026-03-10T09:00', timezone: 'Europe/Moscow', before: 1 },
      '2026-03-10T09:00:00+03:00',
      '2026-03-11T09:00:00+03:00',
    ],
    // UNTIL is the end of the local day (rule 19) as an instant, not a floating wall clock.
    [
      'UNTIL: a late time on the end date still fires (Moscow)',
      { rrule: 'FREQ=DAILY;UNTIL=20261220T205959Z', anchor: '2026-12-18T23:30', timezone: 'Europe/Moscow' },
      '2026-12-19T23:30:00+03:00',
      '2026-12-20T23:30:00+03:00',
    ],
    [
      'UNTIL: nothing after the end date (Moscow)',
      { rrule: 'FREQ=DAILY;UNTIL=20261220T205959Z', anchor: '2026-12-18T00:30', timezone: 'Europe/Moscow' },
      '2026-12-20T00:30:00+03:00',
      null,
    ],
    [
      'UNTIL: an early time the next local day stays out (New York)',
      { rrule: 'FREQ=DAILY;UNTIL=20260321T035959Z', anchor: '2026-03-18T02:00', timezone: 'America/New_York' },
      '2026-03-20T02:00:00-04:00',
      null,
    ],
    [
      'UNTIL of a sub-daily rule',
      { rrule: 'FREQ=HOURLY;INTERVAL=8;UNTIL=20261025T205959Z', anchor: '2026-10-25T09:00', timezone: 'Europe/Berlin' },
      '2026-10-25T17:00:00+01:00',
      null,
    ],
    [
      'the last Friday as BYSETPOS (May 2026: five Fridays)',
      { rrule: 'FREQ=MONTHLY;BYDAY=FR;BYSETPOS=-1', anchor: '2026-04-24T09:00', timezone: 'Europe/Moscow' },
      '2026-04-24T09:00:00+03:00',
      '2026-05-29T09:00:00+03:00',
    ],
    [
      'the last Friday of February 2027',
      { rrule: 'FREQ=MONTHLY;BYDAY=-1FR', anchor: '2027-01-29T09:00', timezone: 'Europe/Moscow' },
      '2027-01-29T09:00:00+03:00',
      '2027-02-26T09:00:00+03:00',
    ],
    [
      'the first Friday as BYSETPOS',
      { rrule: 'FREQ=MONTHLY;BYDAY=FR;BYSETPOS=1', anchor: '2026-03-06T09:00', timezone: 'Europe/Berlin' },
      '2026-03-06T09:00:00+01:00',
      '2026-04-03T09:00:00+02:00',
    ],
  ];
  it.each(cases)('%s', (_what, series, after, expected) => {
    const next = nextOccurrence(series, after);
    if (expected === null) return expect(next).toBeNull();
    expect(next!.toISO({ suppressMilliseconds: true })).toBe(expected);
    expect(next!.zoneName).toBe(series.timezone);
  });

  it('an after in another zone is the same instant', () => {
    const s: Series = { rrule: 'FREQ=DAILY', anchor: '2026-03-01T09:00', timezone: 'Europe/Berlin' };
    expect(nextOccurrence(s, '2026-03-12T08:30:00Z')!.toISO()).toBe(nextOccurrence(s, at('2026-03-12T09:30:00+01:00'))!.toISO());
  });
});

describe('firstOccurrence', () => {
  it.each([
    ['the day itself when it matches', 'FREQ=WEEKLY;BYDAY=MO', '2026-03-23T10:00:00+03:00', '2026-03-23T10:00:00+03:00'],
    ['the next matching day, at that time', 'FREQ=WEEKLY;BYDAY=MO', '2026-03-24T10:00:00+03:00', '2026-03-30T10:00:00+03:00'],
    ['daily', 'FREQ=DAILY', '2026-03-24T07:45:00+03:00', '2026-03-24T07:45:00+03:00'],
  ])('%s', (_w, rrule, from, expected) => {
    expect(firstOccurrence(rrule, at(from), 'Europe/Moscow')!.toISO({ suppressMilliseconds: true })).toBe(expected);
  });
  it('rejects nonsense rules', () => {
    expect(isValidRule('FREQ=WEEKLY;BYDAY=MO')).toBe(true);
    expect(isValidRule('BYDAY=MO')).toBe(false);
  });
});

describe('occurrencesBefore', () => {
  const s: Series = { rrule: 'FREQ=DAILY;COUNT=5', anchor: '2026-03-10T09:00', timezone: 'Europe/Moscow' };
  it.each([
    ['before the first', '2026-03-10T08:00:00+03:00', false, 0],
    ['at the second, not through', '2026-03-11T09:00:00+03:00', false, 1],
    ['at the second, through', '2026-03-11T09:00:00+03:00', true, 2],
    ['long after: all of them', '2027-01-01T00:00:00+03:00', false, 5],
  ])('%s', (_w, at_, through, n) => expect(occurrencesBefore(s, at_, through)).toBe(n));
  it('several weekdays across the DST change (Berlin), through and not', () => {
    const w: Series = { rrule: 'FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=10', anchor: '2026-03-23T09:00', timezone: 'Europe/Berlin' };
    expect(occurrencesBefore(w, '2026-03-30T09:00:00+02:00')).toBe(3);
    expect(occurrencesBefore(w, '2026-03-30T09:00:00+02:00', true)).toBe(4);
    expect(occurrencesBefore(w, '2027-01-01T00:00:00Z')).toBe(10);
  });
  it('counts the ones before a re-anchoring; none for a rule without COUNT', () => {
    expect(occurrencesBefore({ ...s, before: 3 }, '2026-03-11T09:00:00+03:00')).toBe(4);
    expect(occurrencesBefore({ ...s, rrule: 'FREQ=DAILY' }, '2026-03-11T09:00:00+03:00')).toBeNull();
  });
});
