import { describe, expect, it } from 'vitest';
import { periodWords, reminderCount } from './period-words';

/** A list's heading names its period relative to the user's today. Today: Friday, December 4, 2026, in Moscow. */
describe('period words', () => {
  const NOW = '2026-12-04T12:00:00+03:00';
  const MSK = 'Europe/Moscow';

  it.each([
    ['2026-12-04', '2026-12-04', 'На сегодня', 'Today', 'for today'],
    ['2026-12-05', '2026-12-05', 'На завтра', 'Tomorrow', 'for tomorrow'],
    ['2026-12-06', '2026-12-06', 'На послезавтра', 'The day after tomorrow', 'for the day after tomorrow'],
    ['2026-12-09', '2026-12-09', 'На среду, 9 декабря', 'Wednesday, December 9', 'for Wednesday, December 9'],
    ['2026-12-25', '2026-12-25', 'На 25 декабря', 'December 25', 'for December 25'],
    ['2027-01-05', '2027-01-05', 'На 5 января 2027', 'January 5, 2027', 'for January 5, 2027'],
    ['2026-12-04', '2026-12-06', 'На эту неделю', 'This week', 'for this week'],
    ['2026-12-07', '2026-12-13', 'На следующую неделю', 'Next week', 'for next week'],
    ['2026-12-05', '2026-12-06', 'На выходные', 'This weekend', 'for the weekend'],
    ['2026-12-12', '2026-12-13', 'На выходные 12–13 декабря', 'The weekend of December 12–13', 'for the weekend of December 12–13'],
    ['2026-12-14', '2026-12-18', 'С 14 по 18 декабря', 'December 14–18', 'for December 14–18'],
    ['2026-12-28', '2027-01-03', 'С 28 декабря 2026 по 3 января 2027', 'December 28, 2026 – January 3, 2027', 'for December 28, 2026 – January 3, 2027'],
  ])('%s…%s: %s / %s', (from, to, ruTitle, enTitle, enNone) => {
    expect(periodWords({ from, to }, NOW, MSK, 'ru')).toEqual({ title: ruTitle, none: ruTitle.charAt(0).toLowerCase() + ruTitle.slice(1) });
    expect(periodWords({ from, to }, NOW, MSK, 'en')).toEqual({ title: enTitle, none: enNone });
  });

  it("counts days from the user's today, not UTC's", () => {
    // 20:00 UTC on the 4th: already Saturday the 5th on Kiritimati (UTC+14), still the 4th in Los Angeles (UTC−8).
    const at = '2026-12-04T20:00:00Z';
    expect(periodWords({ from: '2026-12-06', to: '2026-12-06' }, at, 'Pacific/Kiritimati', 'ru').title).toBe('На завтра');
    expect(periodWords({ from: '2026-12-06', to: '2026-12-06' }, at, 'America/Los_Angeles', 'ru').title).toBe('На послезавтра');
    expect(periodWords({ from: '2026-12-05', to: '2026-12-05' }, at, 'America/Los_Angeles', 'en').title).toBe('Tomorrow');
  });

  it('a day after a DST change is still tomorrow (dates, not 24-hour steps)', () => {
    // Berlin springs forward on March 29, 2026: that day has 23 hours.
    expect(periodWords({ from: '2026-03-30', to: '2026-03-30' }, '2026-03-29T23:30:00+02:00', 'Europe/Berlin', 'en').title).toBe('Tomorrow');
    // Los Angeles falls back on November 1, 2026: that day has 25 hours.
    expect(periodWords({ from: '2026-11-02', to: '2026-11-02' }, '2026-11-01T00:10:00-07:00', 'America/Los_Angeles', 'ru').title).toBe('На завтра');
  });

  it('the weekend asked on a Sunday is today', () => {
    expect(periodWords({ from: '2026-12-06', to: '2026-12-06' }, '2026-12-06T10:00:00+03:00', MSK, 'ru').title).toBe('На сегодня');
  });

  it.each([
    [1, '1 напоминание', '1 reminder'],
    [2, '2 напоминания', '2 reminders'],
    [5, '5 напоминаний', '5 reminders'],
    [11, '11 напоминаний', '11 reminders'],
    [21, '21 напоминание', '21 reminders'],
  ])('%i: %s / %s', (n, ru, en) => {
    expect(reminderCount(n, 'ru')).toBe(ru);
    expect(reminderCount(n, 'en')).toBe(en);
  });
});
