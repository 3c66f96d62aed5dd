import { describe, expect, it } from 'vitest';
import { periodBounds, remindersIn, type ListedReminder } from './period-filter';

const one = (id: string, due: string): ListedReminder => ({ id, text: id, due, rrule: null });
const ids = (rs: readonly ListedReminder[]) => rs.map((r) => r.id);

/** Which reminders a period's list shows: those due in [its first day 00:00, the day after its last 00:00) in the chat's zone. */
describe('reminders in a period', () => {
  const MSK = 'Europe/Moscow';
  const tomorrow = { from: '2026-12-05', to: '2026-12-05' };

  it('one-off reminders: the whole local day, its ends included and excluded as a day is', () => {
    const rs = [
      one('today evening', '2026-12-04T23:59:00+03:00'),
      one('at midnight', '2026-12-05T00:00:00+03:00'),
      one('late', '2026-12-05T23:59:00+03:00'),
      one('next midnight', '2026-12-06T00:00:00+03:00'),
      // The same instant written in UTC: still the 5th in Moscow.
      one('written in UTC', '2026-12-04T22:30:00Z'),
    ];
    expect(ids(remindersIn(rs, tomorrow, MSK))).toEqual(['at midnight', 'late', 'written in UTC']);
  });

  it('a span of days: both ends inclusive', () => {
    const rs = [
      one('fri', '2026-12-04T10:00:00+03:00'),
      one('sat', '2026-12-05T10:00:00+03:00'),
      one('sun', '2026-12-06T21:00:00+03:00'),
      one('mon', '2026-12-07T08:00:00+03:00'),
    ];
    expect(ids(remindersIn(rs, { from: '2026-12-05', to: '2026-12-06' }, MSK))).toEqual(['sat', 'sun']);
  });

  it('a recurring reminder whose next occurrence is before the period is listed at its occurrence inside it', () => {
    const daily: ListedReminder = {
      id: 'daily',
      text: 'зарядка',
      due: '2026-12-04T18:00:00+03:00',
      rrule: 'FREQ=DAILY',
      series: { rrule: 'FREQ=DAILY', anchor: '2026-12-01T18:00', timezone: MSK },
    };
    const mondays: ListedReminder = {
      id: 'mondays',
      text: 'планёрка',
      due: '2026-12-07T10:00:00+03:00',
      rrule: 'FREQ=WEEKLY;BYDAY=MO',
      series: { rrule: 'FREQ=WEEKLY;BYDAY=MO', anchor: '2026-11-30T10:00', timezone: MSK },
    };
    const shown = remindersIn([daily, mondays], tomorrow, MSK);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ id: 'daily', text: 'зарядка' });
    expect(Date.parse(shown[0]!.due)).toBe(Date.parse('2026-12-05T18:00:00+03:00'));
    // Next week holds the Monday one at its own due, and the daily one from Monday on.
    const week = remindersIn([daily, mondays], { from: '2026-12-07', to: '2026-12-13' }, MSK);
    expect(week.map((r) => [r.id, Date.parse(r.due)])).toEqual([
      ['daily', Date.parse('2026-12-07T18:00:00+03:00')],
      ['mondays', Date.parse('2026-12-07T10:00:00+03:00')],
    ]);
  });

  it('a recurring series that ends before the period is not in it', () => {
    const thrice: ListedReminder = {
      id: 'thrice',
      text: 'x',
      due: '2026-12-03T09:00:00+03:00',
      rrule: 'FREQ=DAILY;COUNT=3',
      series: { rrule: 'FREQ=DAILY;COUNT=3', anchor: '2026-12-01T09:00', timezone: MSK },
    };
    expect(remindersIn([thrice], { from: '2026-12-10', to: '2026-12-10' }, MSK)).toEqual([]);
  });

  it('DST: a day of 23 hours and one of 25 are whole days; a daily time keeps its wall clock', () => {
    // Berlin springs forward on March 29, 2026 (02:00 → 03:00).
    const berlin = [one('early', '2026-03-29T00:30:00+01:00'), one('late', '2026-03-29T23:30:00+02:00'), one('next day', '2026-03-30T00:30:00+02:00')];
    expect(ids(remindersIn(berlin, { from: '2026-03-29', to: '2026-03-29' }, 'Europe/Berlin'))).toEqual(['early', 'late']);
    const b = periodBounds({ from: '2026-03-29', to: '2026-03-29' }, 'Europe/Berlin');
    expect(b.end.diff(b.start, 'hours').hours).toBe(23);
    // Los Angeles falls back on November 1, 2026 (02:00 → 01:00).
    const la = periodBounds({ from: '2026-11-01', to: '2026-11-01' }, 'America/Los_Angeles');
    expect(la.end.diff(la.start, 'hours').hours).toBe(25);
    expect(ids(remindersIn([one('last hour', '2026-11-01T23:30:00-08:00')], { from: '2026-11-01', to: '2026-11-01' }, 'America/Los_Angeles'))).toEqual([
      'last hour',
    ]);
    const daily: ListedReminder = {
      id: 'daily',
      text: 'x',
      due: '2026-03-28T09:00:00+01:00',
      rrule: 'FREQ=DAILY',
      series: { rrule: 'FREQ=DAILY', anchor: '2026-03-20T09:00', timezone: 'Europe/Berlin' },
    };
    expect(remindersIn([daily], { from: '2026-03-30', to: '2026-03-30' }, 'Europe/Berlin')[0]!.due).toBe('2026-03-30T09:00:00.000+02:00');
  });

  it("'tomorrow' is the user's: the same reminder is on different days in zones far apart", () => {
    // 10:00 UTC on December 5 is 00:00 on the 6th on Kiritimati (UTC+14) and 02:00 on the 5th in Los Angeles.
    const r = [one('call', '2026-12-05T10:00:00Z')];
    expect(ids(remindersIn(r, { from: '2026-12-06', to: '2026-12-06' }, 'Pacific/Kiritimati'))).toEqual(['call']);
    expect(ids(remindersIn(r, { from: '2026-12-05', to: '2026-12-05' }, 'Pacific/Kiritimati'))).toEqual([]);
    expect(ids(remindersIn(r, { from: '2026-12-05', to: '2026-12-05' }, 'America/Los_Angeles'))).toEqual(['call']);
  });

  it('a recurring reminder from a state without its series is listed by its due alone', () => {
    const legacy: ListedReminder = { id: 'legacy', text: 'x', due: '2026-12-04T18:00:00+03:00', rrule: 'FREQ=DAILY', series: null };
    expect(remindersIn([legacy], tomorrow, MSK)).toEqual([]);
    expect(ids(remindersIn([legacy], { from: '2026-12-04', to: '2026-12-05' }, MSK))).toEqual(['legacy']);
  });
});
