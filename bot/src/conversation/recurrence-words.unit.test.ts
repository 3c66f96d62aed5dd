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
    'FREQ=WEEKLY;COUNT=3',
    'FREQ=DAILY;UNTIL=20261231T000000Z',
    'FREQ=MONTHLY;BYDAY=1MO',
    'FREQ=MONTHLY;BYSETPOS=-1;BYDAY=FR',
    'FREQ=DAILY;BYHOUR=9',
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
    });
  });
});
