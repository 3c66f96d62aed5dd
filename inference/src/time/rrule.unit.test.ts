import { DateTime, IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { recurrence } from './expression';
import { firstOccurrence, formatRRule } from './rrule';

describe('formatRRule', () => {
  it.each([
    [recurrence('DAILY'), 'FREQ=DAILY'],
    [recurrence('DAILY', { interval: 2 }), 'FREQ=DAILY;INTERVAL=2'],
    [recurrence('WEEKLY', { byday: [4, 2] }), 'FREQ=WEEKLY;BYDAY=TU,TH'],
    [recurrence('WEEKLY', { byday: [1, 2, 3, 4, 5] }), 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR'],
    [recurrence('WEEKLY', { interval: 2, byday: [7, 6] }), 'FREQ=WEEKLY;INTERVAL=2;BYDAY=SA,SU'],
    [recurrence('HOURLY', { interval: 2 }), 'FREQ=HOURLY;INTERVAL=2'],
    [recurrence('MINUTELY', { interval: 15 }), 'FREQ=MINUTELY;INTERVAL=15'],
    [recurrence('MONTHLY', { bymonthday: [-1] }), 'FREQ=MONTHLY;BYMONTHDAY=-1'],
    [recurrence('YEARLY', { bymonthday: [5], bymonth: [5] }), 'FREQ=YEARLY;BYMONTHDAY=5;BYMONTH=5'],
  ])('%o → %s', (r, s) => {
    expect(formatRRule(r)).toBe(s);
  });
});

describe('firstOccurrence: wall-clock time kept across DST, strictly after now', () => {
  const berlin = IANAZone.create('Europe/Berlin');
  const nine = { hour: 9, minute: 0, ambiguous: false, endsDay: false };
  const at = (iso: string) => DateTime.fromISO(iso, { setZone: true }).setZone(berlin);
  const iso = (d: DateTime | null) => d?.toFormat("yyyy-MM-dd'T'HH:mm:ssZZ") ?? null;

  it.each([
    ['2026-03-28T10:00:00+01:00', recurrence('DAILY'), '2026-03-29T09:00:00+02:00'],
    ['2026-03-28T08:00:00+01:00', recurrence('DAILY'), '2026-03-28T09:00:00+01:00'],
    ['2026-03-28T09:00:00+01:00', recurrence('DAILY'), '2026-03-29T09:00:00+02:00'],
    ['2026-03-27T20:00:00+01:00', recurrence('WEEKLY', { byday: [1] }), '2026-03-30T09:00:00+02:00'],
    ['2026-03-27T20:00:00+01:00', recurrence('MONTHLY', { bymonthday: [-1] }), '2026-03-31T09:00:00+02:00'],
    ['2026-10-24T20:00:00+02:00', recurrence('WEEKLY', { byday: [7] }), '2026-10-25T09:00:00+01:00'],
    ['2026-03-27T20:00:00+01:00', recurrence('YEARLY', { bymonthday: [29], bymonth: [2] }), '2028-02-29T09:00:00+01:00'],
  ])('now %s, %o → %s', (now, r, due) => {
    const n = at(now);
    expect(iso(firstOccurrence(r, n.startOf('day'), nine, berlin, n))).toBe(due);
  });

  it('a rule that never fires has no first occurrence', () => {
    const n = at('2026-03-27T20:00:00+01:00');
    expect(firstOccurrence(recurrence('YEARLY', { bymonthday: [31], bymonth: [4] }), n.startOf('day'), nine, berlin, n)).toBeNull();
  });
});
