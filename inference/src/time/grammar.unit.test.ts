import { describe, expect, it } from 'vitest';
import { featurize } from '../text/featurize';
import type { Meaning } from './expression';
import { findTimeExpressions } from './grammar';
import { uncovered } from './spans';

/** What the grammar finds, and what it leaves of the message once its expressions are cut out. */
function scan(text: string) {
  const f = featurize(text);
  const found = findTimeExpressions(f.words, f.normalized.lang);
  return {
    spans: found.map((e) => f.words.slice(e.start, e.end).join(' ')),
    meanings: found.map((e) => e.meaning),
    rest: uncovered(f.words.length, found)
      .map((i) => f.tokens[i]!.text)
      .join(' '),
  };
}

describe('spans include their prepositions; the rest is the reminder', () => {
  it.each([
    ['напомни зафтра в 9 позвонить маме', ['завтра', 'в 9'], 'напомни позвонить маме'],
    ['в пятницу в 18:00 забрать посылку', ['в пятницу', 'в 18 : 00'], 'забрать посылку'],
    ['напомни в эту пятницу в 18 забрать билеты', ['в эту пятницу', 'в 18'], 'напомни забрать билеты'],
    ['напомни через 3 дня в 10 сдать отчет', ['через 3 дня', 'в 10'], 'напомни сдать отчет'],
    ['напомни 1 числа каждого месяца платить за квартиру', ['1 числа', 'каждого месяца'], 'напомни платить за квартиру'],
    ['напомни в последний день месяца оплатить аренду', ['в последний день месяца'], 'напомни оплатить аренду'],
    ['каждый год 20 июня поздравлять Сашу', ['каждый год', '20 июня'], 'поздравлять Сашу'],
    ['напомни в 10 утра по Владивостоку созвон', ['в 10 утра', 'по владивостоку'], 'напомни созвон'],
    ['remind me on the 15th of November to book flights', ['on the 15 th of november'], 'remind me to book flights'],
    ['remind me to call Sam at seven thirty', ['at seven thirty'], 'remind me to call Sam'],
    ['remind me at 13:00 GMT+3 to call the Moscow office', ['at 13 : 00', 'gmt + 3'], 'remind me to call the Moscow office'],
    ['remind me at 10 pm London time to call Priya', ['at 10 pm', 'london time'], 'remind me to call Priya'],
    ['every monday and thursday at 6 pm gym', ['every monday and thursday', 'at 6 pm'], 'gym'],
    ['remind me every year on December 25 to send cards', ['every year', 'on december 25'], 'remind me to send cards'],
    ['remind me on the 1st of every month to pay', ['on the 1 st', 'of every month'], 'remind me to pay'],
    ['remind me in an hour and a half to leave', ['in an hour and a half'], 'remind me to leave'],
    ['напомни завтра часов в 9 позвонить', ['завтра', 'часов в 9'], 'напомни позвонить'],
    ['бегать 30 минут в 7 утра', ['в 7 утра'], 'бегать 30 минут'],
  ])('%s', (text, spans, rest) => {
    const s = scan(text);
    expect(s.spans).toEqual(spans);
    expect(s.rest).toBe(rest);
  });
});

describe('numbers inside the reminder text are no times', () => {
  it.each([
    'купить 2 литра молока',
    'прочитать 5 страниц',
    'забрать заказ номер 15',
    'купить 3 кг яблок',
    'buy 3 eggs',
    'call 911',
    'поздравить Олю с днем рождения',
    'remind me to buy batteries',
    'в 2026 году',
  ])('%s', (text) => {
    expect(scan(text).meanings).toEqual([]);
  });
});

describe('meanings', () => {
  const one = (text: string): Meaning => {
    const m = scan(text).meanings;
    expect(m).toHaveLength(1);
    return m[0]!;
  };
  it.each<[string, Partial<Meaning>]>([
    ['через 2 дня', { kind: 'offset', days: 2, minutes: 0 }],
    ['через день', { kind: 'recurrence', freq: 'DAILY', interval: 2 }],
    ['every other day', { kind: 'recurrence', freq: 'DAILY', interval: 2 }],
    ['через полтора часа', { kind: 'offset', minutes: 90 }],
    ['через полчаса', { kind: 'offset', minutes: 30 }],
    ['in half an hour', { kind: 'offset', minutes: 30 }],
    ['in a couple of hours', { kind: 'offset', minutes: 120 }],
    ['через четверть часа', { kind: 'offset', minutes: 15 }],
    ['in a quarter of an hour', { kind: 'offset', minutes: 15 }],
    ['in a fortnight', { kind: 'offset', weeks: 2, minutes: 0 }],
    ['quarter to 10', { kind: 'clock', hour: 9, minute: 45 }],
    ['через двадцать пять минут', { kind: 'offset', minutes: 25 }],
    ['in twenty-five minutes', { kind: 'offset', minutes: 25 }],
    ['snooze 1 hour', { kind: 'offset', minutes: 60, bare: true }],
    ['в 2 дня', { kind: 'clock', hour: 2, minute: 0, marker: 'дня' }],
    ['в 18:00', { kind: 'clock', hour: 18, minute: 0, bare: false }],
    ['at 2:30', { kind: 'clock', hour: 2, minute: 30, bare: true }],
    ['в 9 часов 30 минут', { kind: 'clock', hour: 9, minute: 30 }],
    ["at 8 o'clock", { kind: 'clock', hour: 8, minute: 0 }],
    ['полдевятого', { kind: 'clock', hour: 8, minute: 30 }],
    ['в половине девятого', { kind: 'clock', hour: 8, minute: 30 }],
    ['без пятнадцати десять', { kind: 'clock', hour: 9, minute: 45 }],
    ['без четверти десять', { kind: 'clock', hour: 9, minute: 45 }],
    ['четверть девятого', { kind: 'clock', hour: 8, minute: 15 }],
    ['half past 8', { kind: 'clock', hour: 8, minute: 30 }],
    ['quarter to 10', { kind: 'clock', hour: 9, minute: 45 }],
    ['quarter past 8', { kind: 'clock', hour: 8, minute: 15 }],
    ['в 9 утра', { kind: 'clock', hour: 9, marker: 'утра' }],
    ['at 9 a.m.', { kind: 'clock', hour: 9, marker: 'am' }],
    ['в понедельник', { kind: 'weekday', day: 1, modifier: null }],
    ['во вторник', { kind: 'weekday', day: 2 }],
    ['в среду', { kind: 'weekday', day: 3 }],
    ['в эту пятницу', { kind: 'weekday', day: 5, modifier: 'this' }],
    ['в следующую субботу', { kind: 'weekday', day: 6, modifier: 'next' }],
    ['в воскресенье', { kind: 'weekday', day: 7 }],
    ['this friday', { kind: 'weekday', day: 5, modifier: 'this' }],
    ['next friday', { kind: 'weekday', day: 5, modifier: 'next' }],
    ['15.03', { kind: 'date', day: 15, month: 3, year: null }],
    ['15.03.2027', { kind: 'date', day: 15, month: 3, year: 2027 }],
    ['15/03', { kind: 'date', day: 15, month: 3 }],
    ['15 марта', { kind: 'date', day: 15, month: 3 }],
    ['March 15', { kind: 'date', day: 15, month: 3 }],
    ['the 15th of March', { kind: 'date', day: 15, month: 3 }],
    ['on the 15th', { kind: 'date', day: 15, month: null }],
    ['tonight', { kind: 'dayWord', days: 0, part: 'evening' }],
    ['the day after tomorrow', { kind: 'dayWord', days: 2 }],
    ['по мск', { kind: 'zone', iana: 'Europe/Moscow' }],
    ['по Москве', { kind: 'zone', iana: 'Europe/Moscow' }],
    ['MSK', { kind: 'zone', iana: 'Europe/Moscow' }],
    ['UTC', { kind: 'zone', iana: 'UTC' }],
    ['GMT', { kind: 'zone', iana: 'UTC' }],
    ['UTC+3', { kind: 'zone', offsetMinutes: 180 }],
    ['GMT-5', { kind: 'zone', offsetMinutes: -300 }],
    ['по Берлину', { kind: 'zone', iana: 'Europe/Berlin' }],
    ['Berlin time', { kind: 'zone', iana: 'Europe/Berlin' }],
    ['London time', { kind: 'zone', iana: 'Europe/London' }],
    ['Tokyo time', { kind: 'zone', iana: 'Asia/Tokyo' }],
    ['New York time', { kind: 'zone', iana: 'America/New_York' }],
    ['по Екатеринбургу', { kind: 'zone', iana: 'Asia/Yekaterinburg' }],
    ['по Новосибирску', { kind: 'zone', iana: 'Asia/Novosibirsk' }],
    ['по Владивостоку', { kind: 'zone', iana: 'Asia/Vladivostok' }],
    ['каждый вечер', { kind: 'recurrence', freq: 'DAILY', part: 'evening' }],
    ['каждое утро', { kind: 'recurrence', freq: 'DAILY', part: 'morning' }],
    ['ежедневно', { kind: 'recurrence', freq: 'DAILY' }],
    ['every 3 hours', { kind: 'recurrence', freq: 'HOURLY', interval: 3 }],
    ['every 10 minutes', { kind: 'recurrence', freq: 'MINUTELY', interval: 10 }],
    ['по средам и пятницам', { kind: 'recurrence', freq: 'WEEKLY', byday: [3, 5] }],
    ['каждое 5 мая', { kind: 'recurrence', freq: 'YEARLY', bymonthday: [5], bymonth: [5] }],
    ['в последний день месяца', { kind: 'recurrence', freq: 'MONTHLY', bymonthday: [-1] }],
  ])('%s', (text, expected) => {
    expect(one(text)).toMatchObject(expected);
  });
});
