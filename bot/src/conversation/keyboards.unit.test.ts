import { CALLBACK_DATA_MAX_BYTES, decodeCallbackData, isValidZone, MAX_CANDIDATES, type CallbackAction } from '@napominalka/core';
import type { InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove, ReplyMarkup } from 'node-telegram-bot-api';
import { describe, expect, it } from 'vitest';
import {
  candidatesKeyboard,
  COMMON_ZONES,
  confirmationKeyboard,
  deliveredKeyboard,
  languageKeyboard,
  listKeyboard,
  locationKeyboard,
  MAX_LABEL,
  optionsKeyboard,
  removeKeyboard,
  timezoneKeyboard,
  zonesKeyboard,
  type InlineKeyboard,
} from './keyboards';
import { decodeListPage, encodeListPage, LIST_PAGE_SIZE, paginate } from './list-page';

const NOW = '2026-03-10T12:00:00+03:00';
const MSK = 'Europe/Moscow';
/** The longest reminder id core's codec accepts (48 characters of its alphabet). */
const LONGEST_ID = 'Z9_-'.repeat(12);
const UUID = '0195a3f0-7c1e-7b2a-9d3e-1234567890ab';
const MAX_OCCURRENCE = 999_999_999;

const decoded = (kb: InlineKeyboard) => kb.inline_keyboard.map((row) => row.map((b) => [b.text, decodeCallbackData(b.callback_data)]));
const action = (data: string): CallbackAction => {
  const r = decodeCallbackData(data);
  if (!r.ok) throw r.error;
  return r.value;
};
const allData = (kb: InlineKeyboard) => kb.inline_keyboard.flat().map((b) => b.callback_data);
const bytes = (s: string) => Buffer.byteLength(s);

describe('confirmation and delivered keyboards', () => {
  it.each([
    ['ru', ['✏️ Не так', '❌ Отменить']],
    ['en', ['✏️ Wrong', '❌ Cancel']],
  ] as const)('confirmation (%s): ✏️ wrong / ❌ cancel', (lang, labels) => {
    const kb = confirmationKeyboard(UUID, lang);
    expect(kb.inline_keyboard.map((r) => r.map((b) => b.text))).toEqual([labels]);
    expect(allData(kb).map(action)).toEqual([
      { action: 'wrong', reminderId: UUID },
      { action: 'cancel', reminderId: UUID },
    ]);
  });

  it.each([
    ['ru', [['✅ Готово'], ['💤 10 мин', '💤 1 ч', '💤 Завтра']]],
    ['en', [['✅ Done'], ['💤 10 min', '💤 1 h', '💤 Tomorrow']]],
  ] as const)('delivered (%s): ✅ done, 💤 10 min / 1 h / tomorrow, with the occurrence', (lang, labels) => {
    const kb = deliveredKeyboard(UUID, 7, lang);
    expect(kb.inline_keyboard.map((r) => r.map((b) => b.text))).toEqual(labels);
    expect(allData(kb).map(action)).toEqual([
      { action: 'done', reminderId: UUID, occurrence: 7 },
      { action: 'snooze', by: '10m', reminderId: UUID, occurrence: 7 },
      { action: 'snooze', by: '1h', reminderId: UUID, occurrence: 7 },
      { action: 'snooze', by: 'tomorrow', reminderId: UUID, occurrence: 7 },
    ]);
  });

  it('every callback_data is within 64 bytes with the longest ids and occurrences', () => {
    const keyboards = [
      confirmationKeyboard(LONGEST_ID, 'ru'),
      deliveredKeyboard(LONGEST_ID, MAX_OCCURRENCE, 'en'),
      candidatesKeyboard(
        Array.from({ length: 10 }, () => ({ reminderId: LONGEST_ID, text: 'x'.repeat(500), due: NOW })),
        { now: NOW, zone: MSK, lang: 'ru' },
      ),
      listKeyboard(
        paginate(
          Array.from({ length: 5 * 9999 + 3 }, () => ({ id: LONGEST_ID, text: 'я'.repeat(300) })),
          9998,
        ),
        'ru',
      ),
      timezoneKeyboard('en', NOW),
      languageKeyboard(),
    ];
    const data = keyboards.flatMap(allData);
    expect(Math.max(...data.map(bytes))).toBe(CALLBACK_DATA_MAX_BYTES); // the snooze of the longest id fills it exactly
    for (const d of data) expect(bytes(d)).toBeLessThanOrEqual(CALLBACK_DATA_MAX_BYTES);
    expect(bytes(encodeListPage(9999))).toBeLessThanOrEqual(CALLBACK_DATA_MAX_BYTES);
  });

  it('an id the codec refuses (too long, or ":") throws rather than send a broken button', () => {
    expect(() => confirmationKeyboard(`${LONGEST_ID}x`, 'ru')).toThrow();
    expect(() => deliveredKeyboard('a:b', 0, 'ru')).toThrow();
  });

  it('fits node-telegram-bot-api’s types (checked by tsc)', () => {
    const inline: InlineKeyboardMarkup = deliveredKeyboard(UUID, 0, 'ru');
    const reply: ReplyKeyboardMarkup = locationKeyboard('ru');
    const remove: ReplyKeyboardRemove = removeKeyboard();
    const any: ReplyMarkup[] = [inline, reply, remove, optionsKeyboard(['x'], 'en')!];
    expect(any).toHaveLength(4);
  });
});

describe('cancel candidates', () => {
  it('one button per candidate, text cut so the time shows, a pick of that reminder', () => {
    const kb = candidatesKeyboard(
      [
        { reminderId: 'a1', text: 'позвонить маме', due: '2026-03-11T09:00:00+03:00' },
        { reminderId: 'b2', text: 'купить маме цветы на восьмое марта и открытку тоже', due: '2026-03-12T18:00:00+03:00' },
        { reminderId: 'c3', text: '<b>маме</b> & папе', due: '2026-03-10T19:00:00+03:00' },
      ],
      { now: NOW, zone: MSK, lang: 'ru' },
    );
    expect(decoded(kb)).toEqual([
      [['позвонить маме · завтра 09:00', { ok: true, value: { action: 'pick', reminderId: 'a1' } }]],
      [['купить маме цветы на… · чт, 12 мар 18:00', { ok: true, value: { action: 'pick', reminderId: 'b2' } }]],
      // Button labels are plain text: not escaped.
      [['<b>маме</b> & папе · сегодня 19:00', { ok: true, value: { action: 'pick', reminderId: 'c3' } }]],
    ]);
    for (const b of kb.inline_keyboard.flat()) expect(b.text.length).toBeLessThanOrEqual(MAX_LABEL + 1);
  });

  it(`at most ${MAX_CANDIDATES} (core's limit)`, () => {
    const kb = candidatesKeyboard(
      Array.from({ length: 15 }, (_, i) => ({ reminderId: `r${i}`, text: `t${i}`, due: NOW })),
      { now: NOW, zone: MSK, lang: 'en' },
    );
    expect(kb.inline_keyboard).toHaveLength(MAX_CANDIDATES);
  });

  it('emoji are never cut in half', () => {
    const family = '👨‍👩‍👧';
    const kb = candidatesKeyboard([{ reminderId: 'a', text: family.repeat(40), due: NOW }], { now: NOW, zone: MSK, lang: 'en' });
    const label = kb.inline_keyboard[0]![0]!.text;
    expect(label).toMatch(new RegExp(`^(${family})+… · today 12:00$`, 'u'));
  });
});

describe('clarification options and location (reply keyboards)', () => {
  it('options become one-time reply buttons, three a row', () => {
    expect(optionsKeyboard(['через час', 'сегодня в 19:00', 'завтра в 9', 'в пятницу'], 'ru')).toEqual({
      keyboard: [[{ text: 'через час' }, { text: 'сегодня в 19:00' }, { text: 'завтра в 9' }], [{ text: 'в пятницу' }]],
      resize_keyboard: true,
      one_time_keyboard: true,
      input_field_placeholder: 'Или напишите время',
    });
    expect(optionsKeyboard([], 'en')).toBeNull();
    expect(optionsKeyboard(['  '], 'en')).toBeNull();
  });

  it.each([
    ['ru', '📍 Отправить геопозицию'],
    ['en', '📍 Share location'],
  ] as const)('share location (%s)', (lang, text) => {
    expect(locationKeyboard(lang)).toEqual({ keyboard: [[{ text, request_location: true }]], resize_keyboard: true, one_time_keyboard: true });
  });
});

describe('/list keyboard and paging', () => {
  const items = Array.from({ length: 12 }, (_, i) => ({ id: `r${i}`, text: `дело ${i}` }));

  it.each([
    [0, ['❌ 1. дело 0', '❌ 2. дело 1', '❌ 3. дело 2', '❌ 4. дело 3', '❌ 5. дело 4'], [['Вперёд ▶️', 1]]],
    [
      1,
      ['❌ 6. дело 5', '❌ 7. дело 6', '❌ 8. дело 7', '❌ 9. дело 8', '❌ 10. дело 9'],
      [
        ['◀️ Назад', 0],
        ['Вперёд ▶️', 2],
      ],
    ],
    [2, ['❌ 11. дело 10', '❌ 12. дело 11'], [['◀️ Назад', 1]]],
    [7, ['❌ 11. дело 10', '❌ 12. дело 11'], [['◀️ Назад', 1]]], // past the end: the last page
  ])('page %i', (page, cancels, nav) => {
    const kb = listKeyboard(paginate(items, page), 'ru');
    const rows = kb.inline_keyboard;
    expect(rows.slice(0, -1).map((r) => r[0]!.text)).toEqual(cancels);
    for (const r of rows.slice(0, -1)) expect(action(r[0]!.callback_data)).toMatchObject({ action: 'cancel' });
    expect(rows.at(-1)!.map((b) => [b.text, decodeListPage(b.callback_data)])).toEqual(nav);
  });

  it('one page: no arrows; English labels', () => {
    const kb = listKeyboard(paginate(items.slice(0, 2), 0), 'en');
    expect(kb.inline_keyboard.map((r) => r.map((b) => b.text))).toEqual([['❌ 1. дело 0'], ['❌ 2. дело 1']]);
    expect(
      listKeyboard(paginate(items, 1), 'en')
        .inline_keyboard.at(-1)!
        .map((b) => b.text),
    ).toEqual(['◀️ Back', 'Next ▶️']);
  });

  it('the page button is the bot’s own: core does not read it as a command, and it reads no core button', () => {
    expect(encodeListPage(3)).toBe('lp:3');
    expect(decodeCallbackData('lp:3').ok).toBe(false);
    for (const d of [...allData(deliveredKeyboard(UUID, 1, 'ru')), ...allData(timezoneKeyboard('ru', NOW)), ...allData(languageKeyboard())]) {
      expect(decodeListPage(d)).toBeNull();
    }
    expect(['lp:', 'lp:-1', 'lp:01', 'lp:10000', 'lp:1:2', 'lp:x', 'LP:1'].map(decodeListPage)).toEqual([null, null, null, null, null, null, null]);
    expect(() => encodeListPage(-1)).toThrow(RangeError);
    expect(() => encodeListPage(1.5)).toThrow(RangeError);
    expect(() => encodeListPage(10_000)).toThrow(RangeError);
  });

  it('paginate', () => {
    expect(LIST_PAGE_SIZE).toBe(5);
    expect(paginate([], 3)).toEqual({ items: [], page: 0, pages: 1, offset: 0, total: 0 });
    expect(paginate(items, 2)).toMatchObject({ page: 2, pages: 3, offset: 10, total: 12 });
    expect(paginate(items, -4).page).toBe(0);
    expect(paginate(items, Number.NaN).page).toBe(0);
  });
});

describe('time zone and language', () => {
  it('common zones: two a row, names and offsets in the chat language, DST shown', () => {
    const winter = timezoneKeyboard('ru', '2026-01-15T12:00:00Z');
    expect(winter.inline_keyboard[0]!.map((b) => b.text)).toEqual(['Калининград, UTC+2', 'Москва, UTC+3']);
    expect(winter.inline_keyboard.every((r) => r.length <= 2)).toBe(true);
    expect(winter.inline_keyboard.flat()).toHaveLength(COMMON_ZONES.length);
    const summer = timezoneKeyboard('en', '2026-07-15T12:00:00Z');
    const label = (kb: InlineKeyboard, zone: string) =>
      kb.inline_keyboard
        .flat()
        .find((b) => action(b.callback_data).action === 'timezone' && (action(b.callback_data) as { timezone: string }).timezone === zone)!.text;
    expect(label(summer, 'Europe/Berlin')).toBe('Berlin, UTC+2');
    expect(label(timezoneKeyboard('en', '2026-01-15T12:00:00Z'), 'Europe/Berlin')).toBe('Berlin, UTC+1');
    expect(label(summer, 'America/New_York')).toBe('New York, UTC-4');
    for (const z of COMMON_ZONES) expect(isValidZone(z.zone)).toBe(true);
  });

  it('every IANA zone this runtime knows fits a zone button (64 bytes), and reads back', () => {
    const zones = Intl.supportedValuesOf('timeZone').filter(isValidZone);
    expect(zones.length).toBeGreaterThan(300);
    const kb = zonesKeyboard(zones, 'en', NOW);
    const buttons = kb.inline_keyboard.flat();
    expect(buttons.map((b) => action(b.callback_data))).toEqual(zones.map((timezone) => ({ action: 'timezone', timezone })));
    for (const b of buttons) expect(bytes(b.callback_data)).toBeLessThanOrEqual(CALLBACK_DATA_MAX_BYTES);
  });

  it('zones found for a city: their names', () => {
    expect(zonesKeyboard(['America/Argentina/Buenos_Aires', 'Europe/Moscow'], 'ru', '2026-01-15T12:00:00Z').inline_keyboard[0]!.map((b) => b.text)).toEqual([
      'Buenos Aires, UTC-3',
      'Москва, UTC+3',
    ]);
  });

  it('language buttons', () => {
    expect(decoded(languageKeyboard())).toEqual([
      [
        ['🇷🇺 Русский', { ok: true, value: { action: 'lang', lang: 'ru' } }],
        ['🇬🇧 English', { ok: true, value: { action: 'lang', lang: 'en' } }],
      ],
    ]);
  });
});
