import { describe, expect, it } from 'vitest';
import { parseListPeriod } from './index';

/** CONVENTIONS rule 20: the period of a list request, local dates, both inclusive. */

type Row = [text: string, from: string | null, to?: string];

function check(name: string, now: string, tz: string, rows: Row[]): void {
  describe(name, () => {
    it.each(rows)('%s → %s', (text, from, to) => {
      const p = parseListPeriod(text, { now, timezone: tz });
      expect(p).toEqual(from === null ? null : { from, to: to ?? from });
    });
  });
}

// Thursday 12 March 2026.
check('day words, weekdays (today counts), dates', '2026-03-12T10:15:00+03:00', 'Europe/Moscow', [
  ['что у меня на завтра', '2026-03-13'],
  ['какие дела на сегодня', '2026-03-12'],
  ['что запланировано на послезавтра', '2026-03-14'],
  ['что у меня в четверг', '2026-03-12'],
  ['что у меня в пт', '2026-03-13'],
  ['покажи напоминания на понедельник', '2026-03-16'],
  ['what do I have today', '2026-03-12'],
  ["what's on tomorrow", '2026-03-13'],
  ["what's on fri", '2026-03-13'],
  ['what reminders do I have on sunday', '2026-03-15'],
  ['что у меня на 20 марта', '2026-03-20'],
  ["what's on march 1", '2027-03-01'],
  ["what's on the 20th", '2026-03-20'],
  ['что у меня на 5-е', '2026-04-05'],
  ['что у меня на выходных', '2026-03-14', '2026-03-15'],
]);

check('weeks: this week is today to Sunday, next week Monday to Sunday', '2026-03-12T10:15:00+03:00', 'Europe/Moscow', [
  ['что у меня на этой неделе', '2026-03-12', '2026-03-15'],
  ['покажи напоминания на следующей неделе', '2026-03-16', '2026-03-22'],
  ["what's on this week", '2026-03-12', '2026-03-15'],
  ['show me my reminders for next week', '2026-03-16', '2026-03-22'],
]);

check('no period: neither field', '2026-03-12T10:15:00+03:00', 'Europe/Moscow', [
  ['что у меня запланировано', null],
  ['покажи все напоминания', null],
  ["what's on my list", null],
  // Two different days named: not one period.
  ['что у меня на завтра и на понедельник', null],
]);

check('a day of no month named skips months that lack it', '2027-01-31T09:00:00+03:00', 'Europe/Moscow', [
  ["what's on the 30th", '2027-03-30'],
  ['что у меня на 31-е', '2027-01-31'],
]);

check('on a Sunday, this week is today only', '2026-03-15T20:00:00+03:00', 'Europe/Moscow', [
  ['что у меня на этой неделе', '2026-03-15', '2026-03-15'],
  ['what do I have next week', '2026-03-16', '2026-03-22'],
  ['что у меня в воскресенье', '2026-03-15'],
]);

check('month and year ends', '2026-12-30T09:00:00+03:00', 'Europe/Moscow', [
  ["what's on the 31st", '2026-12-31'],
  ['что у меня на послезавтра', '2027-01-01'],
  ['что у меня на следующей неделе', '2027-01-04', '2027-01-10'],
  ['что у меня на этой неделе', '2026-12-30', '2027-01-03'],
]);

check("the day is the user zone's (Vladivostok: already Friday)", '2026-03-12T23:30:00+03:00', 'Asia/Vladivostok', [
  ['что у меня на сегодня', '2026-03-13'],
  ['что у меня на завтра', '2026-03-14'],
]);

check('across DST (Berlin, 29 March): dates stay local', '2026-03-28T23:30:00+01:00', 'Europe/Berlin', [
  ['what do I have tomorrow', '2026-03-29'],
  ['what do I have next week', '2026-03-30', '2026-04-05'],
]);
