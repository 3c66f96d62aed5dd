import { describe, expect, it } from 'vitest';
import { parseTime } from './index';

/** DST transitions, month ends and 29 February: where wall-clock and instant arithmetic part. */

type Row = [now: string, tz: string, text: string, due: string | null, rrule?: string | null];

const rows = (name: string, table: Row[]): void => {
  describe(name, () => {
    it.each(table)('%s %s: %s → %s', (now, tz, text, due, rrule) => {
      const r = parseTime(text, { now, timezone: tz, intent: 'create' });
      expect({ due: r.due, rrule: r.rrule }, r.reason).toEqual({ due, rrule: rrule ?? null });
    });
  });
};

const BERLIN = 'Europe/Berlin';
const NY = 'America/New_York';

rows('Europe/Berlin, spring forward (Sunday 29 March 2026, 02:00 → 03:00)', [
  ['2026-03-27T20:00:00+01:00', BERLIN, 'напомни через 2 дня в 10 забрать машину', '2026-03-29T10:00:00+02:00'],
  ['2026-03-27T20:00:00+01:00', BERLIN, 'через 2 дня', '2026-03-29T20:00:00+02:00'],
  ['2026-03-27T20:00:00+01:00', BERLIN, 'remind me in 3 days to renew my passport', '2026-03-30T20:00:00+02:00'],
  ['2026-03-27T20:00:00+01:00', BERLIN, 'через 48 часов', '2026-03-29T21:00:00+02:00'],
  ['2026-03-27T20:00:00+01:00', BERLIN, 'через неделю', '2026-04-03T20:00:00+02:00'],
  ['2026-03-28T10:00:00+01:00', BERLIN, 'every day at 9', '2026-03-29T09:00:00+02:00', 'FREQ=DAILY'],
  ['2026-03-28T10:00:00+01:00', BERLIN, 'каждый день в 9', '2026-03-29T09:00:00+02:00', 'FREQ=DAILY'],
  ['2026-03-27T20:00:00+01:00', BERLIN, 'every weekday at 8 standup', '2026-03-30T08:00:00+02:00', 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR'],
  ['2026-03-27T20:00:00+01:00', BERLIN, 'remind me on sunday at 2:30 to water the plants', '2026-03-29T14:30:00+02:00'],
  // 02:30 does not exist on the 29th: the wall-clock time moves forward by the gap.
  ['2026-03-28T10:00:00+01:00', BERLIN, 'завтра в 2:30 ночи', '2026-03-29T03:30:00+02:00'],
  ['2026-03-28T10:00:00+01:00', BERLIN, 'каждый день в 2:30 ночи', '2026-03-29T03:30:00+02:00', 'FREQ=DAILY'],
  ['2026-03-29T01:30:00+01:00', BERLIN, 'через час', '2026-03-29T03:30:00+02:00'],
  ['2026-03-29T01:30:00+01:00', BERLIN, 'через 2 часа', '2026-03-29T04:30:00+02:00'],
]);

rows('Europe/Berlin, fall back (Sunday 25 October 2026, 03:00 → 02:00)', [
  ['2026-10-23T18:00:00+02:00', BERLIN, 'через 2 дня в 10', '2026-10-25T10:00:00+01:00'],
  ['2026-10-23T18:00:00+02:00', BERLIN, 'in 2 days', '2026-10-25T18:00:00+01:00'],
  ['2026-10-24T10:00:00+02:00', BERLIN, 'every day at 9', '2026-10-25T09:00:00+01:00', 'FREQ=DAILY'],
  ['2026-10-25T01:30:00+02:00', BERLIN, 'in 3 hours', '2026-10-25T03:30:00+01:00'],
  ['2026-10-20T12:00:00+02:00', BERLIN, 'через неделю', '2026-10-27T12:00:00+01:00'],
  ['2026-10-20T12:00:00+02:00', BERLIN, 'каждое воскресенье в 10', '2026-10-25T10:00:00+01:00', 'FREQ=WEEKLY;BYDAY=SU'],
]);

rows('America/New_York, spring forward (Sunday 8 March 2026)', [
  ['2026-03-06T18:00:00-05:00', NY, 'remind me in 2 days at 10 to call', '2026-03-08T10:00:00-04:00'],
  ['2026-03-06T18:00:00-05:00', NY, 'через 2 дня в 10', '2026-03-08T10:00:00-04:00'],
  ['2026-03-07T12:00:00-05:00', NY, 'every day at 9', '2026-03-08T09:00:00-04:00', 'FREQ=DAILY'],
  ['2026-03-07T12:00:00-05:00', NY, 'tomorrow at 2:30 am', '2026-03-08T03:30:00-04:00'],
  ['2026-03-07T12:00:00-05:00', NY, 'in 24 hours', '2026-03-08T13:00:00-04:00'],
  ['2026-03-07T12:00:00-05:00', NY, 'in 1 day', '2026-03-08T12:00:00-04:00'],
]);

rows('America/New_York, fall back (Sunday 1 November 2026)', [
  ['2026-10-31T18:30:00-04:00', NY, 'remind me tomorrow at 10 to call mom', '2026-11-01T10:00:00-05:00'],
  ['2026-10-31T18:30:00-04:00', NY, 'every day at 9', '2026-11-01T09:00:00-05:00', 'FREQ=DAILY'],
  ['2026-10-31T18:30:00-04:00', NY, 'every day at 7 pm walk the dog', '2026-10-31T19:00:00-04:00', 'FREQ=DAILY'],
  ['2026-10-31T18:30:00-04:00', NY, 'in 2 days at 10', '2026-11-02T10:00:00-05:00'],
  ['2026-10-31T18:30:00-04:00', NY, 'remind me next monday to pay rent', '2026-11-02T09:00:00-05:00'],
  // 01:30 happens twice on 1 November: the first occurrence (still daylight time), as RFC 5545.
  ['2026-10-31T18:30:00-04:00', NY, 'tomorrow at 1:30 am', '2026-11-01T01:30:00-04:00'],
  ['2026-11-01T00:30:00-04:00', NY, 'in 2 hours', '2026-11-01T01:30:00-05:00'],
]);

rows('month ends', [
  ['2026-01-31T22:40:00+03:00', 'Europe/Moscow', 'напомни через месяц продлить страховку', '2026-02-28T22:40:00+03:00'],
  ['2026-03-31T12:00:00+03:00', 'Europe/Moscow', 'через месяц', '2026-04-30T12:00:00+03:00'],
  ['2026-03-31T12:00:00+03:00', 'Europe/Moscow', 'через 2 месяца', '2026-05-31T12:00:00+03:00'],
  ['2028-01-31T12:00:00+03:00', 'Europe/Moscow', 'in a month', '2028-02-29T12:00:00+03:00'],
  ['2026-02-28T11:00:00+00:00', 'UTC', 'remind me in 2 days to submit the report', '2026-03-02T11:00:00+00:00'],
  ['2026-12-31T20:00:00+03:00', 'Europe/Moscow', 'завтра в 10', '2027-01-01T10:00:00+03:00'],
  ['2026-01-31T22:40:00+03:00', 'Europe/Moscow', 'в последний день месяца', '2026-02-28T09:00:00+03:00', 'FREQ=MONTHLY;BYMONTHDAY=-1'],
  ['2026-02-10T12:00:00+03:00', 'Europe/Moscow', 'в последний день месяца в 18:00', '2026-02-28T18:00:00+03:00', 'FREQ=MONTHLY;BYMONTHDAY=-1'],
  ['2028-02-01T12:00:00+03:00', 'Europe/Moscow', 'в последний день месяца', '2028-02-29T09:00:00+03:00', 'FREQ=MONTHLY;BYMONTHDAY=-1'],
  ['2026-04-01T12:00:00+03:00', 'Europe/Moscow', '31 числа каждого месяца', '2026-05-31T09:00:00+03:00', 'FREQ=MONTHLY;BYMONTHDAY=31'],
  ['2026-04-10T12:00:00+03:00', 'Europe/Moscow', 'напомни 31-го', '2026-05-31T09:00:00+03:00'],
]);

rows('29 February', [
  ['2026-03-12T10:15:00+03:00', 'Europe/Moscow', '29 февраля', '2028-02-29T09:00:00+03:00'],
  ['2026-03-12T10:15:00+03:00', 'Europe/Moscow', '29.02', '2028-02-29T09:00:00+03:00'],
  ['2028-01-10T10:15:00+03:00', 'Europe/Moscow', '29 февраля', '2028-02-29T09:00:00+03:00'],
  ['2026-03-12T10:15:00+03:00', 'Europe/Moscow', 'каждый год 29 февраля', '2028-02-29T09:00:00+03:00', 'FREQ=YEARLY;BYMONTHDAY=29;BYMONTH=2'],
  ['2028-02-29T10:00:00+03:00', 'Europe/Moscow', 'через год', '2029-02-28T10:00:00+03:00'],
  ['2026-03-12T10:15:00+03:00', 'Europe/Moscow', 'каждый год 30 февраля', null, 'FREQ=YEARLY;BYMONTHDAY=30;BYMONTH=2'],
]);
