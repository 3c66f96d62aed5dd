import { decide, decodeCallbackData, evolve, initialState, type ChatState, type EventData } from '@napominalka/core';
import { describe, expect, it } from 'vitest';
import type { InlineKeyboard, ReplyKeyboard } from './keyboards';
import { decodeListPage } from './list-page';
import {
  cancelled,
  clarification,
  confirmation,
  DOMAIN_QUESTIONS,
  done,
  help,
  languageQuestion,
  languageSet,
  listEmpty,
  listPage,
  noMatch,
  notUnderstood,
  noTime,
  settings,
  snoozed,
  startReplies,
  throttled,
  timezoneSet,
  timezoneUnknown,
  unsupported,
  whichOne,
  type ListedReminder,
} from './replies';
import { chatLang, type Lang } from './text';

const MSK = 'Europe/Moscow';
const NOW = '2026-03-10T12:00:00+03:00';
const ru = { lang: 'ru' as const, now: NOW, zone: MSK };
const en = { lang: 'en' as const, now: NOW, zone: MSK };
const HOSTILE = '<script>alert(1)</script> & <b>';
const HOSTILE_ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;';

/** Only our own tags, balanced: b and i (what Telegram's HTML mode would accept from us). */
function onlyOurTags(html: string): boolean {
  const tags = html.match(/<[^>]*>/g) ?? [];
  return tags.every((t) => /^<\/?(b|i)>$/.test(t)) && !/&(?!amp;|lt;|gt;)/.test(html);
}

describe('exact texts', () => {
  it.each<[string, { text: string }, string]>([
    ['throttled (ru)', throttled('ru'), 'Слишком много сообщений подряд 🙏 Подождите, пожалуйста, минутку.'],
    ['throttled (en)', throttled('en'), 'That’s a lot of messages at once 🙏 Please give me a minute.'],
    ['voice (ru)', unsupported('ru', 'voice'), 'Голосовые я пока не понимаю — напишите, пожалуйста, текстом, например «напомни завтра в 9 позвонить маме».'],
    ['sticker (en)', unsupported('en', 'sticker'), 'I can’t handle stickers yet — please type it, e.g. “remind me tomorrow at 9 to call mom”.'],
    ['photo (ru)', unsupported('ru', 'photo'), 'Фото я пока не понимаю — напишите, пожалуйста, текстом, например «напомни завтра в 9 позвонить маме».'],
    ['photo (en)', unsupported('en', 'photo'), 'I can’t handle photos yet — please type it, e.g. “remind me tomorrow at 9 to call mom”.'],
    ['list empty (ru)', listEmpty('ru'), 'Напоминаний нет. Напишите, например, «напомни завтра в 9 позвонить маме».'],
    ['list empty (en)', listEmpty('en'), 'No reminders. Try “remind me tomorrow at 9 to call mom”.'],
    ['cancelled (ru)', cancelled('ru', 'позвонить маме'), '❌ Отменил: позвонить маме'],
    ['cancelled (en)', cancelled('en', 'call mom'), '❌ Cancelled: call mom'],
    ['done (ru)', done(ru, 'позвонить маме'), '✅ Готово: позвонить маме'],
    ['done, recurring (ru)', done(ru, 'зарядка', '2026-03-11T08:30:00+03:00'), '✅ Готово: зарядка. Следующее — завтра 08:30.'],
    ['done, recurring (en)', done(en, 'workout', '2026-03-16T08:30:00+03:00'), '✅ Done: workout. Next one Mon, Mar 16 08:30.'],
    ['snoozed 10 min (ru)', snoozed(ru, 'позвонить маме', '2026-03-10T12:10:00+03:00'), '💤 Отложил до 12:10: позвонить маме'],
    ['snoozed tomorrow (ru)', snoozed(ru, 'позвонить маме', '2026-03-11T09:00:00+03:00'), '💤 Отложил до завтра 09:00: позвонить маме'],
    ['snoozed 1 h (en)', snoozed(en, 'call mom', '2026-03-10T13:00:00+03:00'), '💤 Snoozed until 13:00: call mom'],
    ['no time (ru)', noTime(ru, 'купить хлеб'), 'Когда напомнить «купить хлеб»?\nНапишите время, например «завтра в 9» или «через час».'],
    ['no time (en)', noTime(en, 'buy bread'), 'When should I remind you: “buy bread”?\nSend a time, e.g. “tomorrow at 9” or “in an hour”.'],
    ['no time, no text (ru)', noTime(ru, null), 'Когда напомнить?\nНапишите время, например «завтра в 9» или «через час».'],
    ['not understood (ru)', notUnderstood('ru'), 'Не понял 🤔 Напишите, о чём и когда напомнить, например «напомни завтра в 9 позвонить маме».'],
    ['not understood (en)', notUnderstood('en'), 'Sorry, I didn’t get that 🤔 Tell me what and when, e.g. “remind me tomorrow at 9 to call mom”.'],
    ['no match (ru)', noMatch('ru'), 'Не нашёл такого напоминания.'],
    ['no match (en)', noMatch('en'), 'I found no such reminder.'],
    ['zone set (ru)', timezoneSet(ru), 'Часовой пояс: Europe/Moscow (UTC+3), у вас сейчас 12:00. Напоминания будут приходить по этому времени.'],
    [
      'zone set (en, New York in summer)',
      timezoneSet({ lang: 'en', now: '2026-07-01T16:00:00Z', zone: 'America/New_York' }),
      'Time zone: America/New_York (UTC-4); it is 12:00 where you are. Reminders follow this clock.',
    ],
    [
      'settings (ru)',
      settings(ru),
      '<b>Настройки</b>\nЯзык: русский (/lang en — English)\nЧасовой пояс: Europe/Moscow, UTC+3 (/tz — сменить)\nУ вас сейчас: вт, 10 мар 12:00',
    ],
    [
      'settings (en)',
      settings(en),
      '<b>Settings</b>\nLanguage: English (/lang ru — русский)\nTime zone: Europe/Moscow, UTC+3 (/tz to change)\nYour time now: Tue, Mar 10 12:00',
    ],
  ])('%s', (_w, reply, expected) => {
    expect(reply.text).toBe(expected);
  });

  it('/help lists the commands in both languages', () => {
    for (const lang of ['ru', 'en'] as const) {
      const t = help(lang).text;
      for (const cmd of ['/list', '/cancel', '/tz', '/lang', '/settings', '/help']) expect(t).toContain(cmd);
      expect(onlyOurTags(t)).toBe(true);
    }
    expect(help('ru').text.split('\n')[0]).toBe('<b>Что я умею</b>');
    expect(help('en').text.split('\n')[0]).toBe('<b>What I can do</b>');
  });

  it('every unsupported kind has a text in both languages', () => {
    for (const kind of ['voice', 'audio', 'video', 'video_note', 'sticker', 'photo', 'document', 'animation', 'other'] as const) {
      expect(unsupported('ru', kind).text).toMatch(/пока не понимаю — напишите/);
      expect(unsupported('en', kind).text).toMatch(/^I can’t handle .+ yet — please type it/);
    }
  });
});

describe('/start, language, zone', () => {
  it('/start without a language asks it in both languages, with the language buttons', () => {
    const [q, ...rest] = startReplies({ lang: null, now: NOW, zone: MSK });
    expect(rest).toEqual([]);
    expect(q!.text).toContain('Выберите язык / Choose your language:');
    expect((q!.markup as InlineKeyboard).inline_keyboard.flat().map((b) => decodeCallbackData(b.callback_data))).toEqual([
      { ok: true, value: { action: 'lang', lang: 'ru' } },
      { ok: true, value: { action: 'lang', lang: 'en' } },
    ]);
    expect(languageQuestion()).toEqual(q);
  });

  it.each<[Lang, string, string]>([
    ['ru', 'В каком вы часовом поясе? Сейчас у меня стоит Europe/Moscow, UTC+3.', 'Геопозицию можно отправить кнопкой внизу 👇'],
    ['en', 'Which time zone are you in? It is set to Europe/Moscow, UTC+3 now.', 'You can share your location with the button below 👇'],
  ])('/start with a language (%s): welcome, the zone buttons, and the share-location keyboard', (lang, zoneQ, locationHint) => {
    const replies = startReplies({ lang, now: NOW, zone: MSK });
    expect(replies).toHaveLength(3);
    expect(replies[0]!.text).toContain('/help');
    expect(replies[1]!.text.split('\n')[0]).toBe(zoneQ);
    const zones = (replies[1]!.markup as InlineKeyboard).inline_keyboard.flat().map((b) => decodeCallbackData(b.callback_data));
    expect(zones.every((z) => z.ok && z.value.action === 'timezone')).toBe(true);
    expect(replies[2]!.text).toBe(locationHint);
    expect((replies[2]!.markup as ReplyKeyboard).keyboard[0]![0]!.request_location).toBe(true);
  });

  it('language set: said in the new language, then (on /start) the zone question', () => {
    expect(languageSet(en, false).map((r) => r.text)).toEqual(['Done: English it is.']);
    const r = languageSet(ru, true);
    expect(r[0]!.text).toBe('Готово: говорим по-русски.');
    expect(r).toHaveLength(3);
  });

  it('an unknown zone is echoed escaped, with the zone buttons', () => {
    const [r] = timezoneUnknown(ru, '<Марс>');
    expect(r!.text).toBe(
      'Не знаю часового пояса «&lt;Марс&gt;». Выберите город ниже или напишите другой город, зону или сдвиг: /tz Новосибирск, /tz Europe/Moscow, /tz UTC+3.',
    );
    expect((r!.markup as InlineKeyboard).inline_keyboard.length).toBeGreaterThan(0);
  });

  it.each<[Lang | null, string | undefined, Lang]>([
    ['en', 'ru', 'en'],
    [null, undefined, 'ru'],
    [null, 'ru', 'ru'],
    [null, 'uk', 'ru'],
    [null, 'en-US', 'en'],
    [null, 'de', 'en'],
  ])('chatLang(%s, %s) = %s', (chosen, code, expected) => {
    expect(chatLang(chosen, code)).toBe(expected);
  });
});

describe('confirmation, clarifications', () => {
  it('confirmation: the text and ✏️ ❌ of that reminder', () => {
    const r = confirmation({ id: 'abc', text: 'позвонить маме', due: '2026-03-12T09:00:00+03:00', rrule: null }, ru);
    expect(r.text).toBe('⏰ чт, 12 мар 09:00 — позвонить маме');
    expect((r.markup as InlineKeyboard).inline_keyboard[0]!.map((b) => b.callback_data)).toEqual(['w:abc', 'c:abc']);
  });

  it('no time with suggested answers: a reply keyboard', () => {
    const r = noTime(ru, 'купить хлеб', ['через час', 'сегодня в 19:00', 'завтра в 9']);
    expect((r.markup as ReplyKeyboard).keyboard.flat().map((b) => b.text)).toEqual(['через час', 'сегодня в 19:00', 'завтра в 9']);
  });

  const ask = (d: Partial<EventData<'ClarificationRequested'>>): EventData<'ClarificationRequested'> => ({
    chatId: 1,
    question: '',
    options: [],
    candidates: [],
    ...d,
  });

  it.each<[string, EventData<'ClarificationRequested'>, Lang, string]>([
    [
      'inference: no time',
      ask({ question: 'no-time', options: ['через час'] }),
      'ru',
      'Когда напомнить «купить хлеб»?\nНапишите время, например «завтра в 9» или «через час».',
    ],
    [
      'inference: low confidence',
      ask({ question: 'low-confidence' }),
      'en',
      'Sorry, I didn’t get that 🤔 Tell me what and when, e.g. “remind me tomorrow at 9 to call mom”.',
    ],
    ['inference: out of range', ask({ question: 'out of range' }), 'ru', 'Такое время я не могу запомнить 🙈 Напишите, пожалуйста, другое.'],
    // As inference writes it now: the typed reason, with the times it offers — still "out of range".
    [
      'inference: out of range, typed, with offered times',
      ask({ question: 'out-of-range', reason: 'out-of-range', options: ['через час'] }),
      'ru',
      'Такое время я не могу запомнить 🙈 Напишите, пожалуйста, другое.',
    ],
    [
      'inference: no time, typed',
      ask({ question: 'no-time-named', reason: 'no-time-named', options: ['через час'] }),
      'ru',
      'Когда напомнить «купить хлеб»?\nНапишите время, например «завтра в 9» или «через час».',
    ],
    [
      'inference: low confidence, typed',
      ask({ question: 'low-confidence', reason: 'low-confidence' }),
      'ru',
      'Не понял 🤔 Напишите, о чём и когда напомнить, например «напомни завтра в 9 позвонить маме».',
    ],
    [
      'inference: an unknown reason is never shown raw',
      ask({ question: 'unknown zone' }),
      'ru',
      'Не понял 🤔 Напишите, о чём и когда напомнить, например «напомни завтра в 9 позвонить маме».',
    ],
    ['domain: no-match', ask({ kind: 'no-match', question: 'Не нашёл такого напоминания.' }), 'ru', 'Не нашёл такого напоминания.'],
    [
      'domain: correction shows the reminder',
      ask({
        kind: 'correction',
        question: DOMAIN_QUESTIONS.en.correction,
        candidates: [{ reminderId: 'a', text: 'call <mom>', due: '2026-03-11T09:00:00+03:00' }],
      }),
      'en',
      'What should it be? Send the new time and/or text.\n⏰ tomorrow 09:00 — call &lt;mom&gt;',
    ],
  ])('%s', (_w, d, lang, expected) => {
    expect(clarification(d, { lang, now: NOW, zone: MSK }, 'купить хлеб').text).toBe(expected);
  });

  it('domain: which one — core’s question and a pick button per candidate', () => {
    const d = ask({
      kind: 'cancel',
      question: DOMAIN_QUESTIONS.ru.cancel,
      candidates: [
        { reminderId: 'a', text: 'позвонить маме', due: '2026-03-11T09:00:00+03:00' },
        { reminderId: 'b', text: 'купить маме цветы', due: '2026-03-12T18:00:00+03:00' },
      ],
    });
    const r = clarification(d, ru);
    expect(r.text).toBe('Какое напоминание отменить?');
    expect((r.markup as InlineKeyboard).inline_keyboard.map((row) => [row[0]!.text, row[0]!.callback_data])).toEqual([
      ['позвонить маме · завтра 09:00', 'p:a'],
      ['купить маме цветы · чт, 12 мар 18:00', 'p:b'],
    ]);
    expect(whichOne(ru, d.candidates)).toEqual(r);
  });

  describe('the domain questions are core’s (through core’s decider)', () => {
    const now = '2026-03-10T09:00:00.000Z';
    const withLang = (lang: Lang): ChatState => {
      let s = initialState({ chatId: 1, timezone: MSK });
      s = evolve(s, { type: 'ChatSettingsChanged', data: { chatId: 1, lang } });
      for (const [id, text] of [
        ['r1', 'позвонить маме'],
        ['r2', 'купить маме цветы'],
      ] as const) {
        s = evolve(s, { type: 'ReminderScheduled', data: { chatId: 1, reminderId: id, text, due: '2026-03-11T09:00:00+03:00', rrule: null, timezone: MSK } });
      }
      return s;
    };
    const questionOf = (events: ReturnType<typeof decide>) => {
      const e = events.find((x) => x.type === 'ClarificationRequested');
      return (e?.data as EventData<'ClarificationRequested'>).question;
    };
    it.each(['ru', 'en'] as const)('%s', (lang) => {
      const s = withLang(lang);
      expect(questionOf(decide({ id: 'm1', now, type: 'cancel-by-words', words: 'про папу' }, s))).toBe(DOMAIN_QUESTIONS[lang]['no-match']);
      expect(questionOf(decide({ id: 'm2', now, type: 'cancel-by-words', words: 'маме' }, s))).toBe(DOMAIN_QUESTIONS[lang].cancel);
      expect(questionOf(decide({ id: 'm3', now, type: 'start-correction', reminderId: 'r1' }, s))).toBe(DOMAIN_QUESTIONS[lang].correction);
      expect(noMatch(lang).text).toBe(DOMAIN_QUESTIONS[lang]['no-match']);
    });
  });
});

describe('/list', () => {
  const reminders: ListedReminder[] = Array.from({ length: 12 }, (_, i) => ({
    id: `r${i}`,
    text: `дело ${i}`,
    due: `2026-03-${String(22 - i).padStart(2, '0')}T09:00:00+03:00`, // given newest first: listed by due
    rrule: i === 11 ? 'FREQ=DAILY' : null,
  }));

  it('page 1 of 3 (ru): numbered by due, ❌ per reminder, ▶️', () => {
    const r = listPage(reminders, 0, ru);
    expect(r.text).toBe(
      [
        '<b>Ваши напоминания</b> (12)',
        'Страница 1 из 3',
        '',
        '1. завтра 09:00 — дело 11 🔁 каждый день',
        '2. чт, 12 мар 09:00 — дело 10',
        '3. пт, 13 мар 09:00 — дело 9',
        '4. сб, 14 мар 09:00 — дело 8',
        '5. вс, 15 мар 09:00 — дело 7',
      ].join('\n'),
    );
    const rows = (r.markup as InlineKeyboard).inline_keyboard;
    expect(rows.slice(0, 5).map((row) => row[0]!.callback_data)).toEqual(['c:r11', 'c:r10', 'c:r9', 'c:r8', 'c:r7']);
    expect(rows[5]!.map((b) => decodeListPage(b.callback_data))).toEqual([1]);
  });

  it('last page (en), and a page past the end shows it', () => {
    const r = listPage(reminders, 2, en);
    expect(r.text).toBe(['<b>Your reminders</b> (12)', 'Page 3 of 3', '', '11. Sat, Mar 21 09:00 — дело 1', '12. Sun, Mar 22 09:00 — дело 0'].join('\n'));
    expect(listPage(reminders, 40, en)).toEqual(r);
  });

  it('a single page says no page number; empty says how to make one', () => {
    expect(listPage(reminders.slice(0, 2), 0, en).text).toBe(
      ['<b>Your reminders</b> (2)', '', '1. Sat, Mar 21 09:00 — дело 1', '2. Sun, Mar 22 09:00 — дело 0'].join('\n'),
    );
    expect(listPage([], 0, ru)).toEqual(listEmpty('ru'));
  });
});

describe('HTML escaping of hostile texts everywhere the user’s words appear', () => {
  const cases: Array<[string, string]> = [
    ['confirmation', confirmation({ id: 'a', text: HOSTILE, due: NOW, rrule: null }, ru).text],
    ['cancelled', cancelled('en', HOSTILE).text],
    ['done', done(ru, HOSTILE).text],
    ['snoozed', snoozed(en, HOSTILE, NOW).text],
    ['no time', noTime(ru, HOSTILE).text],
    ['list', listPage([{ id: 'a', text: HOSTILE, due: NOW, rrule: 'FREQ=WEEKLY;BYDAY=<b>' }], 0, ru).text],
    [
      'correction',
      clarification({ chatId: 1, kind: 'correction', question: '<i>q</i>', options: [], candidates: [{ reminderId: 'a', text: HOSTILE, due: NOW }] }, en).text,
    ],
    ['unknown zone', timezoneUnknown(en, HOSTILE)[0]!.text],
    ['zone set', timezoneSet({ ...en, zone: 'Europe/Moscow' }).text],
  ];
  it.each(cases)('%s', (_w, html) => {
    expect(onlyOurTags(html)).toBe(true);
    expect(html).not.toContain('<script>');
  });
  it('the user’s text reads back exactly once escaped', () => {
    expect(cancelled('en', HOSTILE).text).toBe(`❌ Cancelled: ${HOSTILE_ESCAPED}`);
    expect(listPage([{ id: 'a', text: HOSTILE, due: NOW, rrule: 'FREQ=WEEKLY;BYDAY=<b>' }], 0, ru).text).toContain(
      `${HOSTILE_ESCAPED} 🔁 FREQ=WEEKLY;BYDAY=&lt;b&gt;`,
    );
  });
});
