import { CALLBACK_DATA_MAX_BYTES } from '@napominalka/core';
import { describe, expect, it } from 'vitest';
import type { InlineKeyboard } from '../keyboards';
import { decodeListRequest } from '../list-page';
import { listEmpty, listPage } from './list-reply';
import type { ListedReminder } from './period-filter';

/** A period's list as the user sees it: the heading names the period, only its reminders, paged within it. Today: Friday, December 4, 2026. */
const MSK = 'Europe/Moscow';
const NOW = '2026-12-04T12:00:00+03:00';
const ru = { lang: 'ru' as const, now: NOW, zone: MSK };
const en = { lang: 'en' as const, now: NOW, zone: MSK };
const tomorrow = { from: '2026-12-05', to: '2026-12-05' };
const one = (id: string, text: string, due: string): ListedReminder => ({ id, text, due, rrule: null });

const reminders: ListedReminder[] = [
  one('a', 'купить торт', '2026-12-05T18:00:00+03:00'),
  one('b', 'сегодняшнее', '2026-12-04T19:00:00+03:00'),
  one('c', 'забрать посылку', '2026-12-05T10:30:00+03:00'),
  one('d', 'через неделю', '2026-12-11T09:00:00+03:00'),
];
const buttons = (markup: unknown) => (markup as InlineKeyboard).inline_keyboard;

describe("a period's list", () => {
  it('tomorrow (ru): only its reminders, by time, with a ❌ each', () => {
    const r = listPage(reminders, 0, ru, tomorrow);
    expect(r.text).toBe(['<b>На завтра</b>: 2 напоминания', '', '1. завтра 10:30 — забрать посылку', '2. завтра 18:00 — купить торт'].join('\n'));
    expect(buttons(r.markup).map((row) => row[0]!.callback_data)).toEqual(['c:c', 'c:a']);
  });

  it('tomorrow (en), and a day named by its date', () => {
    expect(listPage(reminders, 0, en, tomorrow).text.split('\n')[0]).toBe('<b>Tomorrow</b>: 2 reminders');
    expect(listPage(reminders, 0, ru, { from: '2026-12-11', to: '2026-12-11' }).text).toBe(
      ['<b>На 11 декабря</b>: 1 напоминание', '', '1. пт, 11 дек 09:00 — через неделю'].join('\n'),
    );
  });

  it('a recurring reminder is listed at its occurrence in the period', () => {
    const daily: ListedReminder = {
      id: 'r',
      text: 'зарядка',
      due: '2026-12-04T18:00:00+03:00',
      rrule: 'FREQ=DAILY',
      series: { rrule: 'FREQ=DAILY', anchor: '2026-12-01T18:00', timezone: MSK },
    };
    const r = listPage([daily], 0, ru, tomorrow);
    expect(r.text.split('\n').slice(0, 3)).toEqual(['<b>На завтра</b>: 1 напоминание', '', expect.stringMatching(/^1\. завтра 18:00 — зарядка 🔁 /)]);
  });

  it('an empty period says so, and where the rest are', () => {
    const weekend = { from: '2026-12-05', to: '2026-12-06' };
    expect(listPage([reminders[1]!], 0, ru, weekend)).toEqual({ text: 'На выходные напоминаний нет. Все напоминания — /list.' });
    expect(listPage([reminders[1]!], 0, en, tomorrow)).toEqual({ text: 'No reminders for tomorrow. All of them: /list.' });
    expect(listPage([], 0, ru, tomorrow)).toEqual({ text: 'На завтра напоминаний нет.' });
    expect(listPage([], 0, ru)).toEqual(listEmpty('ru'));
  });

  it('pages stay within the period: ▶️ and ◀️ carry it, and the next page is read back from them', () => {
    const many = [
      ...Array.from({ length: 7 }, (_, i) => one(`t${i}`, `дело ${i}`, `2026-12-05T${String(10 + i)}:00:00+03:00`)),
      ...Array.from({ length: 6 }, (_, i) => one(`o${i}`, `другое ${i}`, `2026-12-0${6 + (i % 3)}T09:00:00+03:00`)),
    ];
    const first = listPage(many, 0, ru, tomorrow);
    expect(first.text.split('\n').slice(0, 2)).toEqual(['<b>На завтра</b>: 7 напоминаний', 'Страница 1 из 2']);
    const next = buttons(first.markup).at(-1)!;
    expect(next).toHaveLength(1);
    expect(Buffer.byteLength(next[0]!.callback_data)).toBeLessThanOrEqual(CALLBACK_DATA_MAX_BYTES);
    const asked = decodeListRequest(next[0]!.callback_data)!;
    expect(asked).toEqual({ page: 1, period: tomorrow });
    const second = listPage(many, asked.page, ru, asked.period);
    expect(second.text).toBe(['<b>На завтра</b>: 7 напоминаний', 'Страница 2 из 2', '', '6. завтра 15:00 — дело 5', '7. завтра 16:00 — дело 6'].join('\n'));
    expect(decodeListRequest(buttons(second.markup).at(-1)![0]!.callback_data)).toEqual({ page: 0, period: tomorrow });
    // Without a period, all 13 and plain page buttons, as before.
    const all = listPage(many, 0, ru);
    expect(all.text.split('\n')[0]).toBe('<b>Ваши напоминания</b> (13)');
    expect(decodeListRequest(buttons(all.markup).at(-1)![0]!.callback_data)).toEqual({ page: 1, period: null });
  });
});
