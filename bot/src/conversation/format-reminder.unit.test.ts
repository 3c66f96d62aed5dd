import { describe, expect, it } from 'vitest';
import {
  formatConfirmation,
  formatDelivered,
  formatDuration,
  formatListItem,
  formatOffset,
  formatWhen,
  MAX_SHOWN_TEXT,
  type ReminderView,
} from './format-reminder';
import type { Lang } from './text';

const MSK = 'Europe/Moscow';
const NOW = '2026-03-10T12:00:00+03:00'; // Tuesday

describe('formatConfirmation', () => {
  it.each<[string, Lang, ReminderView, string]>([
    ['a date this year (ru)', 'ru', { text: 'позвонить маме', due: '2026-03-12T09:00:00+03:00', rrule: null }, '⏰ чт, 12 мар 09:00 — позвонить маме'],
    ['a date this year (en)', 'en', { text: 'call mom', due: '2026-03-12T09:00:00+03:00', rrule: null }, '⏰ Thu, Mar 12 09:00 — call mom'],
    ['today (ru)', 'ru', { text: 'проверить духовку', due: '2026-03-10T12:45:00+03:00', rrule: null }, '⏰ сегодня 12:45 — проверить духовку'],
    ['today (en)', 'en', { text: 'check the oven', due: '2026-03-10T12:45:00+03:00', rrule: null }, '⏰ today 12:45 — check the oven'],
    ['tomorrow (ru)', 'ru', { text: 'позвонить маме', due: '2026-03-11T09:00:00+03:00', rrule: null }, '⏰ завтра 09:00 — позвонить маме'],
    ['tomorrow (en)', 'en', { text: 'call mom', due: '2026-03-11T09:00:00+03:00', rrule: null }, '⏰ tomorrow 09:00 — call mom'],
    ['the due given in another offset is read in the chat zone', 'ru', { text: 'x', due: '2026-03-12T06:00:00Z', rrule: null }, '⏰ чт, 12 мар 09:00 — x'],
    ['May: genitive "мая"', 'ru', { text: 'x', due: '2026-05-05T09:00:00+03:00', rrule: null }, '⏰ вт, 5 мая 09:00 — x'],
    ['next year shows the year (ru)', 'ru', { text: 'x', due: '2027-03-01T09:00:00+03:00', rrule: null }, '⏰ пн, 1 мар 2027 09:00 — x'],
    ['next year shows the year (en)', 'en', { text: 'x', due: '2027-03-01T09:00:00+03:00', rrule: null }, '⏰ Mon, Mar 1, 2027 09:00 — x'],
    [
      'recurring (ru)',
      'ru',
      { text: 'зарядка', due: '2026-03-11T08:30:00+03:00', rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR' },
      '⏰ завтра 08:30 — зарядка\n🔁 по будням',
    ],
    [
      'recurring (en)',
      'en',
      { text: 'workout', due: '2026-03-11T08:30:00+03:00', rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR' },
      '⏰ tomorrow 08:30 — workout\n🔁 on weekdays',
    ],
    [
      'every 2 hours',
      'ru',
      { text: 'пить воду', due: '2026-03-10T14:00:00+03:00', rrule: 'FREQ=HOURLY;INTERVAL=2' },
      '⏰ сегодня 14:00 — пить воду\n🔁 каждые 2 часа',
    ],
    [
      'an unknown rule shows raw, escaped',
      'en',
      { text: 'x', due: '2026-03-12T09:00:00+03:00', rrule: 'FREQ=WEEKLY;BYHOUR=9<' },
      '⏰ Thu, Mar 12 09:00 — x\n🔁 FREQ=WEEKLY;BYHOUR=9&lt;',
    ],
    [
      'a count: how many times',
      'ru',
      { text: 'таблетки', due: '2026-03-11T09:00:00+03:00', rrule: 'FREQ=DAILY;COUNT=5' },
      '⏰ завтра 09:00 — таблетки\n🔁 каждый день, ещё 5 раз',
    ],
    [
      'a corrected series: the occurrences left',
      'en',
      { text: 'pills', due: '2026-03-11T10:00:00+03:00', rrule: 'FREQ=DAILY;COUNT=5', remaining: 3 },
      '⏰ tomorrow 10:00 — pills\n🔁 every day, 3 more times',
    ],
    [
      'an end date in the chat’s zone, the last Friday',
      'ru',
      { text: 'отчёт', due: '2026-03-27T09:00:00+03:00', rrule: 'FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20260630T205959Z' },
      '⏰ пт, 27 мар 09:00 — отчёт\n🔁 в последнюю пятницу месяца до 30 июн',
    ],
    [
      'an end date next year says the year',
      'en',
      { text: 'x', due: '2026-04-03T09:00:00+03:00', rrule: 'FREQ=MONTHLY;BYDAY=1FR;UNTIL=20270131T205959Z' },
      '⏰ Fri, Apr 3 09:00 — x\n🔁 on the first Friday of every month until Jan 31, 2027',
    ],
    ['no text', 'ru', { text: '  ', due: '2026-03-11T09:00:00+03:00', rrule: null }, '⏰ завтра 09:00 — напоминание'],
    ['no text (en)', 'en', { text: '', due: '2026-03-11T09:00:00+03:00', rrule: null }, '⏰ tomorrow 09:00 — reminder'],
  ])('%s', (_w, lang, r, expected) => {
    expect(formatConfirmation(r, { now: NOW, zone: MSK, lang })).toBe(expected);
  });

  it.each([
    ['<script>alert("x")</script>', '&lt;script&gt;alert("x")&lt;/script&gt;'],
    ['купить <b>хлеб</b> & молоко', 'купить &lt;b&gt;хлеб&lt;/b&gt; &amp; молоко'],
    ['already &amp; escaped', 'already &amp;amp; escaped'],
    ['<a href="tg://x">click</a>', '&lt;a href="tg://x"&gt;click&lt;/a&gt;'],
    ['1 < 2 > 0', '1 &lt; 2 &gt; 0'],
  ])('escapes hostile text for HTML: %s', (text, escaped) => {
    expect(formatConfirmation({ text, due: '2026-03-11T09:00:00+03:00', rrule: null }, { now: NOW, zone: MSK, lang: 'ru' })).toBe(
      `⏰ завтра 09:00 — ${escaped}`,
    );
    expect(formatDelivered({ text, due: NOW }, { deliveredAt: NOW, zone: MSK, lang: 'en' })).toBe(`🔔 ${escaped}`);
    expect(formatListItem(1, { text, due: '2026-03-11T09:00:00+03:00', rrule: null }, { now: NOW, zone: MSK, lang: 'ru' })).toBe(
      `1. завтра 09:00 — ${escaped}`,
    );
  });

  it('a very long text is cut (whole graphemes) before escaping, and whitespace collapsed', () => {
    const text = `${'<'.repeat(MAX_SHOWN_TEXT + 50)}`;
    const out = formatConfirmation({ text, due: '2026-03-11T09:00:00+03:00', rrule: null }, { now: NOW, zone: MSK, lang: 'ru' });
    expect(out).toBe(`⏰ завтра 09:00 — ${'&lt;'.repeat(MAX_SHOWN_TEXT - 1)}…`);
    const family = '👨‍👩‍👧';
    const cut = formatListItem(1, { text: family.repeat(300), due: NOW, rrule: null }, { now: NOW, zone: MSK, lang: 'en' });
    expect(cut).toBe(`1. today 12:00 — ${family.repeat(199)}…`);
    expect(formatConfirmation({ text: 'a\n\n b\tc', due: NOW, rrule: null }, { now: NOW, zone: MSK, lang: 'en' })).toBe('⏰ today 12:00 — a b c');
  });
});

describe('formatWhen: zones, DST, year boundary', () => {
  it.each<[string, string, string, string, Lang, string]>([
    // [what, now, due, zone, lang, expected]
    ['New York, the day clocks go forward: tomorrow', '2026-03-07T23:30:00-05:00', '2026-03-08T09:00:00-04:00', 'America/New_York', 'en', 'tomorrow 09:00'],
    ['New York, after the change: wall clock kept', '2026-03-07T12:00:00-05:00', '2026-03-09T13:00:00Z', 'America/New_York', 'en', 'Mon, Mar 9 09:00'],
    ['Berlin, the repeated hour (first 02:30, CEST)', '2026-10-24T12:00:00+02:00', '2026-10-25T00:30:00Z', 'Europe/Berlin', 'ru', 'завтра 02:30'],
    ['Berlin, the repeated hour (second 02:30, CET)', '2026-10-24T12:00:00+02:00', '2026-10-25T01:30:00Z', 'Europe/Berlin', 'ru', 'завтра 02:30'],
    ['the same instant is a different day in Tokyo', '2026-03-11T10:00:00Z', '2026-03-11T21:00:00Z', 'Asia/Tokyo', 'ru', 'завтра 06:00'],
    ['…and today in London', '2026-03-11T10:00:00Z', '2026-03-11T21:00:00Z', 'Europe/London', 'en', 'today 21:00'],
    ['New Year’s Eve: just after midnight is tomorrow', '2026-12-31T23:30:00+03:00', '2027-01-01T00:30:00+03:00', MSK, 'ru', 'завтра 00:30'],
    ['New Year’s Eve: next year’s date shows the year (ru)', '2026-12-31T23:30:00+03:00', '2027-01-05T09:00:00+03:00', MSK, 'ru', 'вт, 5 янв 2027 09:00'],
    ['New Year’s Eve: next year’s date shows the year (en)', '2026-12-31T23:30:00+03:00', '2027-01-05T09:00:00+03:00', MSK, 'en', 'Tue, Jan 5, 2027 09:00'],
    ['already 2027 in Moscow: no year', '2026-12-31T22:00:00Z', '2027-01-03T06:00:00Z', MSK, 'ru', 'вс, 3 янв 09:00'],
    ['still 2026 in New York: the year', '2026-12-31T22:00:00Z', '2027-01-03T06:00:00Z', 'America/New_York', 'en', 'Sun, Jan 3, 2027 01:00'],
    ['yesterday', '2026-03-10T12:00:00+03:00', '2026-03-09T23:00:00+03:00', MSK, 'ru', 'вчера 23:00'],
    ['a half-hour zone', '2026-03-10T00:00:00Z', '2026-03-10T03:30:00Z', 'Asia/Kolkata', 'en', 'today 09:00'],
  ])('%s', (_w, now, due, zone, lang, expected) => {
    expect(formatWhen(due, { now, zone, lang })).toBe(expected);
  });

  it.each([
    ['Europe/Berlin', '2026-01-15T12:00:00Z', 'UTC+1'],
    ['Europe/Berlin', '2026-07-15T12:00:00Z', 'UTC+2'],
    ['America/New_York', '2026-07-15T12:00:00Z', 'UTC-4'],
    ['Asia/Kolkata', '2026-07-15T12:00:00Z', 'UTC+5:30'],
    ['Europe/London', '2026-01-15T12:00:00Z', 'UTC'],
    ['Europe/Moscow', '2026-07-15T12:00:00Z', 'UTC+3'],
  ])('offset of %s at %s is %s', (zone, now, expected) => {
    expect(formatOffset(zone, now)).toBe(expected);
  });

  it('an invalid instant or zone is an error, not "Invalid DateTime"', () => {
    expect(() => formatWhen('not a date', { now: NOW, zone: MSK, lang: 'ru' })).toThrow(RangeError);
    expect(() => formatWhen(NOW, { now: NOW, zone: 'Mars/Olympus', lang: 'ru' })).toThrow(RangeError);
  });
});

describe('formatDelivered', () => {
  it.each<[string, Lang, string, string, string]>([
    ['on time', 'ru', '2026-03-10T09:00:00+03:00', '2026-03-10T09:00:01+03:00', '🔔 позвонить маме'],
    ['a minute late is not mentioned', 'ru', '2026-03-10T09:00:00+03:00', '2026-03-10T09:01:30+03:00', '🔔 позвонить маме'],
    ['2 min late', 'ru', '2026-03-10T09:00:00+03:00', '2026-03-10T09:02:00+03:00', '🔔 позвонить маме\n(опоздал на 2 мин: должно было быть в 09:00)'],
    ['2 h late (ru)', 'ru', '2026-03-10T09:00:00+03:00', '2026-03-10T11:00:00+03:00', '🔔 позвонить маме\n(опоздал на 2 ч: должно было быть в 09:00)'],
    ['2 h late (en)', 'en', '2026-03-10T09:00:00+03:00', '2026-03-10T11:00:00+03:00', '🔔 позвонить маме\n(2 h late: it was due at 09:00)'],
    [
      '1 h 30 min, yesterday (ru)',
      'ru',
      '2026-03-09T23:00:00+03:00',
      '2026-03-10T00:30:00+03:00',
      '🔔 позвонить маме\n(опоздал на 1 ч 30 мин: должно было быть вчера в 23:00)',
    ],
    [
      '1 h 30 min, yesterday (en)',
      'en',
      '2026-03-09T23:00:00+03:00',
      '2026-03-10T00:30:00+03:00',
      '🔔 позвонить маме\n(1 h 30 min late: it was due yesterday at 23:00)',
    ],
    [
      'days late (ru)',
      'ru',
      '2026-03-08T09:00:00+03:00',
      '2026-03-10T12:30:00+03:00',
      '🔔 позвонить маме\n(опоздал на 2 дн 3 ч: должно было быть 8 мар в 09:00)',
    ],
    ['days late (en)', 'en', '2026-03-08T09:00:00+03:00', '2026-03-10T12:30:00+03:00', '🔔 позвонить маме\n(2 d 3 h late: it was due on Mar 8 at 09:00)'],
    [
      'late across the new year',
      'ru',
      '2026-12-31T09:00:00+03:00',
      '2027-01-02T09:00:00+03:00',
      '🔔 позвонить маме\n(опоздал на 2 дн: должно было быть 31 дек 2026 в 09:00)',
    ],
  ])('%s', (_w, lang, due, deliveredAt, expected) => {
    expect(formatDelivered({ text: 'позвонить маме', due }, { deliveredAt, zone: MSK, lang })).toBe(expected);
  });

  it('the due time is read in the chat zone, across DST', () => {
    // New York: due 09:00 EST on Mar 7, delivered 10:00 EDT on Mar 8: 25 h by the wall clock, 24 h of real time.
    expect(
      formatDelivered({ text: 'x', due: '2026-03-07T09:00:00-05:00' }, { deliveredAt: '2026-03-08T10:00:00-04:00', zone: 'America/New_York', lang: 'en' }),
    ).toBe('🔔 x\n(1 d late: it was due yesterday at 09:00)');
  });

  it('the threshold is configurable', () => {
    expect(formatDelivered({ text: 'x', due: NOW }, { deliveredAt: '2026-03-10T12:00:30+03:00', zone: MSK, lang: 'en', lateAfterMs: 0 })).toBe(
      '🔔 x\n(0 min late: it was due at 12:00)',
    );
  });

  it.each([
    [59_000, '0 мин', '0 min'],
    [5 * 60_000, '5 мин', '5 min'],
    [3_600_000, '1 ч', '1 h'],
    [3_600_000 * 25 + 60_000, '1 дн 1 ч', '1 d 1 h'],
    [-5, '0 мин', '0 min'],
  ])('formatDuration(%i)', (ms, ru, en) => {
    expect(formatDuration(ms, 'ru')).toBe(ru);
    expect(formatDuration(ms, 'en')).toBe(en);
  });
});
