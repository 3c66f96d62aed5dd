import { describe, expect, it } from 'vitest';
import { describeRecurrence, parseSimpleRule, recurrenceInWords } from './recurrence-words';

describe('recurrence in words: every shape CONVENTIONS.md rule 10 writes', () => {
  it.each([
    // [rule, ru, en]
    ['FREQ=DAILY', 'каждый день', 'every day'],
    ['FREQ=WEEKLY;BYDAY=MO', 'по понедельникам', 'every Monday'],
    ['FREQ=WEEKLY;BYDAY=TU,TH', 'по вторникам и четвергам', 'every Tuesday and Thursday'],
    ['FREQ=WEEKLY;BYDAY=MO,TH', 'по понедельникам и четвергам', 'every Monday and Thursday'],
    ['FREQ=WEEKLY;BYDAY=MO,WE,FR', 'по понедельникам, средам и пятницам', 'every Monday, Wednesday and Friday'],
    ['FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', 'по будням', 'on weekdays'],
    ['FREQ=WEEKLY;BYDAY=SA,SU', 'по выходным', 'on weekends'],
    ['FREQ=WEEKLY;BYDAY=SU', 'по воскресеньям', 'every Sunday'],
    ['FREQ=HOURLY;INTERVAL=2', 'каждые 2 часа', 'every 2 hours'],
    ['FREQ=MINUTELY;INTERVAL=15', 'каждые 15 минут', 'every 15 minutes'],
    ['FREQ=DAILY;INTERVAL=2', 'через день', 'every other day'],
    ['FREQ=MONTHLY;BYMONTHDAY=1', 'каждый месяц 1-го', 'every month on the 1st'],
    ['FREQ=MONTHLY;BYMONTHDAY=-1', 'в последний день месяца', 'on the last day of every month'],
    ['FREQ=YEARLY;BYMONTHDAY=5;BYMONTH=5', 'каждый год 5 мая', 'every year on May 5'],
  ])('%s → «%s» / “%s”', (rule, ru, en) => {
    expect(describeRecurrence(rule, 'ru')).toBe(ru);
    expect(describeRecurrence(rule, 'en')).toBe(en);
  });
});

describe('recurrence in words: the other shapes inference can write', () => {
  it.each([
    ['FREQ=HOURLY', 'каждый час', 'every hour'],
    ['FREQ=HOURLY;INTERVAL=5', 'каждые 5 часов', 'every 5 hours'],
    ['FREQ=HOURLY;INTERVAL=21', 'каждый 21 час', 'every 21 hours'],
    ['FREQ=MINUTELY', 'каждую минуту', 'every minute'],
    ['FREQ=MINUTELY;INTERVAL=2', 'каждые 2 минуты', 'every 2 minutes'],
    ['FREQ=MINUTELY;INTERVAL=30', 'каждые 30 минут', 'every 30 minutes'],
    ['FREQ=MINUTELY;INTERVAL=90', 'каждые 90 минут', 'every 90 minutes'],
    ['FREQ=MINUTELY;INTERVAL=21', 'каждую 21 минуту', 'every 21 minutes'],
    ['FREQ=DAILY;INTERVAL=3', 'каждые 3 дня', 'every 3 days'],
    ['FREQ=DAILY;INTERVAL=5', 'каждые 5 дней', 'every 5 days'],
    ['FREQ=DAILY;INTERVAL=11', 'каждые 11 дней', 'every 11 days'],
    ['FREQ=WEEKLY', 'каждую неделю', 'every week'],
    ['FREQ=WEEKLY;INTERVAL=2', 'раз в 2 недели', 'every 2 weeks'],
    ['FREQ=WEEKLY;INTERVAL=5', 'раз в 5 недель', 'every 5 weeks'],
    ['FREQ=WEEKLY;INTERVAL=2;BYDAY=MO', 'по понедельникам раз в 2 недели', 'every other Monday'],
    ['FREQ=WEEKLY;INTERVAL=3;BYDAY=MO,FR', 'по понедельникам и пятницам раз в 3 недели', 'every 3 weeks on Monday and Friday'],
    ['FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TU,WE,TH,FR', 'по будням раз в 2 недели', 'every 2 weeks on weekdays'],
    ['FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU', 'каждый день', 'every day'],
    ['FREQ=MONTHLY', 'каждый месяц', 'every month'],
    ['FREQ=MONTHLY;INTERVAL=3', 'каждые 3 месяца', 'every 3 months'],
    ['FREQ=MONTHLY;BYMONTHDAY=15', 'каждый месяц 15-го', 'every month on the 15th'],
    ['FREQ=MONTHLY;BYMONTHDAY=31', 'каждый месяц 31-го', 'every month on the 31st'],
    ['FREQ=MONTHLY;BYMONTHDAY=22', 'каждый месяц 22-го', 'every month on the 22nd'],
    ['FREQ=MONTHLY;BYMONTHDAY=13', 'каждый месяц 13-го', 'every month on the 13th'],
    ['FREQ=MONTHLY;BYMONTHDAY=1,15', 'каждый месяц 1-го и 15-го', 'every month on the 1st and 15th'],
    ['FREQ=MONTHLY;BYMONTHDAY=15,-1', 'каждый месяц 15-го и в последний день', 'every month on the 15th and last day'],
    ['FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=1', 'каждые 2 месяца 1-го', 'every 2 months on the 1st'],
    ['FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=-1', 'каждые 2 месяца в последний день месяца', 'every 2 months on the last day'],
    ['FREQ=YEARLY', 'каждый год', 'every year'],
    ['FREQ=YEARLY;INTERVAL=2;BYMONTHDAY=29;BYMONTH=2', 'каждые 2 года 29 февраля', 'every 2 years on February 29'],
    ['FREQ=YEARLY;INTERVAL=5', 'каждые 5 лет', 'every 5 years'],
    ['FREQ=YEARLY;BYMONTHDAY=-1;BYMONTH=2', 'каждый год в последний день февраля', 'every year on the last day of February'],
    ['FREQ=YEARLY;BYMONTHDAY=31;BYMONTH=12', 'каждый год 31 декабря', 'every year on December 31'],
  ])('%s → «%s» / “%s”', (rule, ru, en) => {
    expect(describeRecurrence(rule, 'ru')).toBe(ru);
    expect(describeRecurrence(rule, 'en')).toBe(en);
  });

  it.each([
    ['RRULE:FREQ=DAILY', 'каждый день'],
    ['freq=daily;interval=1', 'каждый день'],
    ['BYDAY=TH,MO;FREQ=WEEKLY', 'по понедельникам и четвергам'],
    ['FREQ=WEEKLY;BYDAY=MO,MO,TH', 'по понедельникам и четвергам'],
    ['FREQ=DAILY;', 'каждый день'],
  ])('accepts the same rule written otherwise: %s', (rule, ru) => {
    expect(describeRecurrence(rule, 'ru')).toBe(ru);
  });
});

describe('recurrence in words: anything else falls back to the raw rule', () => {
  it.each([
    'FREQ=DAILY;BYHOUR=9',
    'FREQ=WEEKLY;BYDAY=1MO',
    'FREQ=MONTHLY;BYDAY=1MO,3MO',
    'FREQ=MONTHLY;BYDAY=1MO,FR',
    'FREQ=MONTHLY;BYDAY=-3FR',
    'FREQ=MONTHLY;BYDAY=FR;BYSETPOS=9',
    'FREQ=MONTHLY;BYDAY=1FR;BYSETPOS=1',
    'FREQ=DAILY;COUNT=0',
    'FREQ=DAILY;COUNT=x',
    'FREQ=DAILY;UNTIL=2026-12-20',
    'FREQ=DAILY;UNTIL=20261232T000000Z',
    'FREQ=MONTHLY;BYMONTHDAY=-2',
    'FREQ=MONTHLY;BYMONTHDAY=32',
    'FREQ=YEARLY;BYMONTH=5',
    'FREQ=YEARLY;BYMONTH=5,6;BYMONTHDAY=1',
    'FREQ=SECONDLY',
    'FREQ=DAILY;INTERVAL=0',
    'FREQ=DAILY;BYDAY=MO',
    'FREQ=HOURLY;BYDAY=MO',
    'FREQ=DAILY;FREQ=WEEKLY',
    'INTERVAL=2',
    'nonsense',
    '',
  ])('%s', (rule) => {
    expect(recurrenceInWords(rule, 'ru')).toBeNull();
    expect(recurrenceInWords(rule, 'en')).toBeNull();
    expect(describeRecurrence(rule, 'en')).toBe(rule.replace(/^RRULE:/i, ''));
  });

  it('parseSimpleRule normalises order and case', () => {
    expect(parseSimpleRule('rrule:byday=fr,mo;freq=weekly;interval=2')).toEqual({
      freq: 'WEEKLY',
      interval: 2,
      byday: ['MO', 'FR'],
      bymonthday: [],
      bymonth: [],
      nth: null,
      count: null,
      until: null,
    });
  });
});

describe('recurrence in words: ordinal weekdays of the month (rule 18)', () => {
  it.each([
    ['FREQ=MONTHLY;BYDAY=1FR', 'каждую первую пятницу месяца', 'on the first Friday of every month'],
    ['FREQ=MONTHLY;BYDAY=-1FR', 'в последнюю пятницу месяца', 'on the last Friday of every month'],
    ['FREQ=MONTHLY;BYDAY=FR;BYSETPOS=-1', 'в последнюю пятницу месяца', 'on the last Friday of every month'],
    ['FREQ=MONTHLY;BYSETPOS=1;BYDAY=FR', 'каждую первую пятницу месяца', 'on the first Friday of every month'],
    ['FREQ=MONTHLY;BYDAY=+1MO', 'каждый первый понедельник месяца', 'on the first Monday of every month'],
    ['FREQ=MONTHLY;BYDAY=2TU', 'каждый второй вторник месяца', 'on the second Tuesday of every month'],
    ['FREQ=MONTHLY;BYDAY=3WE', 'каждую третью среду месяца', 'on the third Wednesday of every month'],
    ['FREQ=MONTHLY;BYDAY=4TH', 'каждый четвёртый четверг месяца', 'on the fourth Thursday of every month'],
    ['FREQ=MONTHLY;BYDAY=5SA', 'каждую пятую субботу месяца', 'on the fifth Saturday of every month'],
    ['FREQ=MONTHLY;BYDAY=1SU', 'каждое первое воскресенье месяца', 'on the first Sunday of every month'],
    ['FREQ=MONTHLY;BYDAY=-1SU', 'в последнее воскресенье месяца', 'on the last Sunday of every month'],
    ['FREQ=MONTHLY;BYDAY=-1MO', 'в последний понедельник месяца', 'on the last Monday of every month'],
    ['FREQ=MONTHLY;BYDAY=-2FR', 'в предпоследнюю пятницу месяца', 'on the second-to-last Friday of every month'],
    ['FREQ=MONTHLY;INTERVAL=2;BYDAY=1FR', 'каждую первую пятницу месяца, раз в 2 месяца', 'every 2 months on the first Friday'],
    ['freq=monthly;byday=-1fr', 'в последнюю пятницу месяца', 'on the last Friday of every month'],
  ])('%s → «%s» / “%s”', (rule, ru, en) => {
    expect(describeRecurrence(rule, 'ru')).toBe(ru);
    expect(describeRecurrence(rule, 'en')).toBe(en);
  });
});

describe('recurrence in words: how the series ends (rule 19)', () => {
  const MSK = { zone: 'Europe/Moscow', now: '2026-12-01T10:00:00+03:00' };
  it.each([
    // [rule, options, ru, en]
    ['FREQ=DAILY;COUNT=5', {}, 'каждый день, ещё 5 раз', 'every day, 5 more times'],
    ['FREQ=DAILY;COUNT=1', {}, 'каждый день, ещё 1 раз', 'every day, 1 more time'],
    ['FREQ=WEEKLY;COUNT=4', {}, 'каждую неделю, ещё 4 раза', 'every week, 4 more times'],
    ['FREQ=WEEKLY;BYDAY=MO;COUNT=21', {}, 'по понедельникам, ещё 21 раз', 'every Monday, 21 more times'],
    ['FREQ=HOURLY;INTERVAL=8;COUNT=3', {}, 'каждые 8 часов, ещё 3 раза', 'every 8 hours, 3 more times'],
    ['FREQ=DAILY;COUNT=5', { remaining: 2 }, 'каждый день, ещё 2 раза', 'every day, 2 more times'],
    ['FREQ=DAILY;COUNT=5', { remaining: 0 }, 'каждый день', 'every day'],
    ['FREQ=MONTHLY;BYDAY=-1FR;COUNT=3', {}, 'в последнюю пятницу месяца, ещё 3 раза', 'on the last Friday of every month, 3 more times'],
    ['FREQ=DAILY;UNTIL=20261220T205959Z', MSK, 'каждый день до 20 дек', 'every day until Dec 20'],
    // The same end date written for New York falls on the next UTC day: read in the zone, it is the 20th.
    ['FREQ=DAILY;UNTIL=20261221T045959Z', { zone: 'America/New_York', now: '2026-12-01T10:00:00-05:00' }, 'каждый день до 20 дек', 'every day until Dec 20'],
    ['FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20261106T225959Z', { zone: 'Europe/Berlin' }, 'по будням до 6 ноя', 'on weekdays until Nov 6'],
    ['FREQ=DAILY;UNTIL=20270115T205959Z', MSK, 'каждый день до 15 янв 2027', 'every day until Jan 15, 2027'],
    [
      'FREQ=MONTHLY;BYDAY=1FR;UNTIL=20270531T205959Z',
      MSK,
      'каждую первую пятницу месяца до 31 мая 2027',
      'on the first Friday of every month until May 31, 2027',
    ],
    ['FREQ=DAILY;UNTIL=20261220', {}, 'каждый день до 20 дек', 'every day until Dec 20'],
  ])('%s %j → «%s» / “%s”', (rule, opts, ru, en) => {
    expect(describeRecurrence(rule, 'ru', opts)).toBe(ru);
    expect(describeRecurrence(rule, 'en', opts)).toBe(en);
  });
});
