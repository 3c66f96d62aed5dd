import { isFixedOffsetZone, legacyClarificationReason, question as domainQuestion, type DomainQuestion, type EventData } from '@napominalka/core';
import { formatClock, formatConfirmation, formatDate, formatOffset, formatWhen, shownText, type Instant, type ReminderView } from './format-reminder';
import {
  candidatesKeyboard,
  confirmationKeyboard,
  languageKeyboard,
  locationKeyboard,
  optionsKeyboard,
  removeKeyboard,
  timezoneKeyboard,
  type Markup,
} from './keyboards';
import { escapeHtml, type Lang } from './text';

// The list (/list, a period's list, its pages) is list/'s.
export { listEmpty, listPage, type ListedReminder } from './list/list-reply';

/**
 * What the bot says, ru and en. Every text is Telegram HTML (send with parse_mode "HTML"): what
 * the user wrote is escaped (`&`, `<`, `>`), the rest is ours.
 *
 * The domain's own questions (which one to cancel, no match, what to correct) are core's
 * `messages.ts` texts: a ClarificationRequested is rendered with the question it recorded
 * (`d.question`), the standalone functions ask core's `question`.
 */

export interface Reply {
  /** Telegram HTML. */
  text: string;
  markup?: Markup;
  /** Replaces this message of the bot's (a /list page turned) instead of sending a new one. */
  editMessageId?: number;
}

const EXAMPLE = { ru: '«напомни завтра в 9 позвонить маме»', en: '“remind me tomorrow at 9 to call mom”' } as const;

/** The domain's own questions, as core's decider asks them (`question` in core's `messages.ts`). */
export const DOMAIN_QUESTIONS = {
  ru: { cancel: domainQuestion('ru', 'cancel'), 'no-match': domainQuestion('ru', 'no-match'), correction: domainQuestion('ru', 'correction') },
  en: { cancel: domainQuestion('en', 'cancel'), 'no-match': domainQuestion('en', 'no-match'), correction: domainQuestion('en', 'correction') },
} as const satisfies Record<Lang, Record<DomainQuestion, string>>;
const question = (lang: Lang, kind: keyof (typeof DOMAIN_QUESTIONS)['ru'], recorded?: string) =>
  escapeHtml(recorded?.trim() ? recorded : DOMAIN_QUESTIONS[lang][kind]);

interface Ctx {
  lang: Lang;
  now: Instant;
  zone: string;
}

/** A zone as the user reads it: "Europe/Paris, UTC+1"; a fixed offset (a location at sea, /tz UTC+3) just "UTC+3". */
export function zoneLabel(zone: string, now: Instant, form: 'comma' | 'parens' = 'comma'): string {
  const offset = formatOffset(zone, now);
  if (isFixedOffsetZone(zone)) return offset;
  return form === 'comma' ? `${escapeHtml(zone)}, ${offset}` : `${escapeHtml(zone)} (${offset})`;
}

/** The language question, in both languages (the chat has not chosen one yet). */
export function languageQuestion(): Reply {
  return {
    text: 'Привет! Я Напоминалка: напишите, о чём и когда напомнить, — и я напомню вовремя.\nHi! I’m Napominalka, a reminder bot.\n\nВыберите язык / Choose your language:',
    markup: languageKeyboard(),
  };
}

/** The time zone question: common zones as buttons, and how to give any other. */
export function timezoneQuestion(c: Ctx): Reply[] {
  const current = zoneLabel(c.zone, c.now);
  const text =
    c.lang === 'ru'
      ? `В каком вы часовом поясе? Сейчас у меня стоит ${current}.\nВыберите город ниже, напишите свой город («/tz Europe/Paris» или «я в Париже») или отправьте геопозицию.`
      : `Which time zone are you in? It is set to ${current} now.\nPick a city below, type yours (“/tz Europe/Paris” or “I'm in Paris”), or share your location.`;
  return [
    { text, markup: timezoneKeyboard(c.lang, c.now) },
    {
      text: c.lang === 'ru' ? 'Геопозицию можно отправить кнопкой внизу 👇' : 'You can share your location with the button below 👇',
      markup: locationKeyboard(c.lang),
    },
  ];
}

/** /start: the language first when the chat has none, else a welcome and the zone question. */
export function startReplies(c: { lang: Lang | null; now: Instant; zone: string }): Reply[] {
  if (!c.lang) return [languageQuestion()];
  const hello =
    c.lang === 'ru'
      ? `Привет! Я Напоминалка. Напишите, о чём и когда напомнить, например ${EXAMPLE.ru}. Список команд — /help.`
      : `Hi! I’m Napominalka. Tell me what to remind you of and when, e.g. ${EXAMPLE.en}. Commands: /help.`;
  return [{ text: hello }, ...timezoneQuestion({ lang: c.lang, now: c.now, zone: c.zone })];
}

/** After a language button or /lang: said in the new language, then the zone question. */
export function languageSet(c: Ctx, askZone: boolean): Reply[] {
  const done: Reply = { text: c.lang === 'ru' ? 'Готово: говорим по-русски.' : 'Done: English it is.' };
  return askZone ? [done, ...timezoneQuestion(c)] : [done];
}

/** After a zone button, /tz, a city or a location (the location button's keyboard goes away). */
export function timezoneSet(c: Ctx): Reply {
  const local = formatClock(c.now, c.zone);
  return {
    markup: removeKeyboard(),
    text:
      c.lang === 'ru'
        ? `Часовой пояс: ${zoneLabel(c.zone, c.now, 'parens')}, у вас сейчас ${local}. Напоминания будут приходить по этому времени.`
        : `Time zone: ${zoneLabel(c.zone, c.now, 'parens')}; it is ${local} where you are. Reminders follow this clock.`,
  };
}

/** A shared location no zone could be found for. */
export function locationUnknown(c: Ctx): Reply[] {
  const text =
    c.lang === 'ru'
      ? 'Не смог определить часовой пояс по этой геопозиции. Выберите город ниже или напишите его, например /tz Москва или /tz UTC+3.'
      : 'I couldn’t tell the time zone from that location. Pick a city below or type it, e.g. /tz London or /tz UTC+1.';
  return [{ text, markup: timezoneKeyboard(c.lang, c.now) }];
}

/** /tz with a zone or city we do not know. */
export function timezoneUnknown(c: Ctx, said: string): Reply[] {
  const text =
    c.lang === 'ru'
      ? `Не знаю часового пояса «${escapeHtml(said)}». Выберите город ниже или напишите другой город, зону или сдвиг: /tz Новосибирск, /tz Europe/Moscow, /tz UTC+3.`
      : `I don’t know the time zone “${escapeHtml(said)}”. Pick a city below or type another city, zone or offset: /tz London, /tz Europe/London, /tz UTC+1.`;
  return [{ text, markup: timezoneKeyboard(c.lang, c.now) }];
}

export function help(lang: Lang): Reply {
  const text =
    lang === 'ru'
      ? [
          '<b>Что я умею</b>',
          'Просто напишите, о чём и когда напомнить:',
          '• напомни завтра в 9 позвонить маме',
          '• через 45 минут проверить духовку',
          '• каждый понедельник в 10 отчёт',
          '• по будням в 8:30 зарядка',
          '',
          'Когда напоминание придёт: ✅ — готово, 💤 — отложить.',
          'Отменить: «отмени про маму» или кнопка ❌.',
          '',
          '<b>Команды</b>',
          '/list — мои напоминания',
          '/cancel — отменить напоминание',
          '/tz — часовой пояс (например, /tz Europe/Moscow)',
          '/lang — язык (/lang en)',
          '/settings — настройки',
          '/help — эта справка',
        ].join('\n')
      : [
          '<b>What I can do</b>',
          'Just tell me what to remind you of and when:',
          '• remind me tomorrow at 9 to call mom',
          '• in 45 minutes check the oven',
          '• every monday at 10 report',
          '• on weekdays at 8:30 workout',
          '',
          'When a reminder comes: ✅ — done, 💤 — snooze.',
          'To cancel: “cancel the one about mom” or the ❌ button.',
          '',
          '<b>Commands</b>',
          '/list — my reminders',
          '/cancel — cancel a reminder',
          '/tz — time zone (e.g. /tz Europe/London)',
          '/lang — language (/lang ru)',
          '/settings — settings',
          '/help — this help',
        ].join('\n');
  return { text };
}

/** /settings: language, zone with its offset and the local time now. */
export function settings(c: Ctx): Reply {
  const local = `${formatDate(c.now, c)} ${formatClock(c.now, c.zone)}`;
  const text =
    c.lang === 'ru'
      ? `<b>Настройки</b>\nЯзык: русский (/lang en — English)\nЧасовой пояс: ${zoneLabel(c.zone, c.now)} (/tz — сменить)\nУ вас сейчас: ${local}`
      : `<b>Settings</b>\nLanguage: English (/lang ru — русский)\nTime zone: ${zoneLabel(c.zone, c.now)} (/tz to change)\nYour time now: ${local}`;
  return { text };
}

/** Once per flood: the chat wrote more than the per-minute limit. */
export function throttled(lang: Lang): Reply {
  return {
    text: lang === 'ru' ? 'Слишком много сообщений подряд 🙏 Подождите, пожалуйста, минутку.' : 'That’s a lot of messages at once 🙏 Please give me a minute.',
  };
}

export type UnsupportedKind = 'voice' | 'audio' | 'video' | 'video_note' | 'sticker' | 'photo' | 'document' | 'animation' | 'other';

/** A message that is not text (nor a location). */
export function unsupported(lang: Lang, kind: UnsupportedKind): Reply {
  const ru: Record<UnsupportedKind, string> = {
    voice: 'Голосовые я пока не понимаю',
    audio: 'Аудио я пока не понимаю',
    video: 'Видео я пока не понимаю',
    video_note: 'Видеосообщения я пока не понимаю',
    sticker: 'Стикеры я пока не понимаю',
    photo: 'Фото я пока не понимаю',
    document: 'Файлы я пока не понимаю',
    animation: 'Гифки я пока не понимаю',
    other: 'Такие сообщения я пока не понимаю',
  };
  const en: Record<UnsupportedKind, string> = {
    voice: 'I can’t handle voice messages yet',
    audio: 'I can’t handle audio yet',
    video: 'I can’t handle videos yet',
    video_note: 'I can’t handle video messages yet',
    sticker: 'I can’t handle stickers yet',
    photo: 'I can’t handle photos yet',
    document: 'I can’t handle files yet',
    animation: 'I can’t handle GIFs yet',
    other: 'I can’t handle this kind of message yet',
  };
  return { text: lang === 'ru' ? `${ru[kind]} — напишите, пожалуйста, текстом, например ${EXAMPLE.ru}.` : `${en[kind]} — please type it, e.g. ${EXAMPLE.en}.` };
}

/** The confirmation of a created (or corrected) reminder, with ✏️ and ❌. */
export function confirmation(r: ReminderView & { id: string }, c: Ctx): Reply {
  return { text: formatConfirmation(r, c), markup: confirmationKeyboard(r.id, c.lang) };
}

/** A create without a time: "Когда напомнить «купить хлеб»?" with suggested answers. */
export function noTime(c: Ctx, text: string | null, options: readonly string[] = []): Reply {
  const t = text?.trim();
  const body =
    c.lang === 'ru'
      ? t
        ? `Когда напомнить «${shownText(t, c.lang, 200)}»?`
        : 'Когда напомнить?'
      : t
        ? `When should I remind you: “${shownText(t, c.lang, 200)}”?`
        : 'When should I remind you?';
  const hint = c.lang === 'ru' ? 'Напишите время, например «завтра в 9» или «через час».' : 'Send a time, e.g. “tomorrow at 9” or “in an hour”.';
  const kb = optionsKeyboard(options, c.lang);
  return kb ? { text: `${body}\n${hint}`, markup: kb } : { text: `${body}\n${hint}` };
}

/** The parser was unsure, or read no reminder. */
export function notUnderstood(lang: Lang): Reply {
  return {
    text:
      lang === 'ru'
        ? `Не понял 🤔 Напишите, о чём и когда напомнить, например ${EXAMPLE.ru}.`
        : `Sorry, I didn’t get that 🤔 Tell me what and when, e.g. ${EXAMPLE.en}.`,
  };
}

/** A time that cannot be a reminder (past year 9999, an impossible date). */
export function timeOutOfRange(lang: Lang): Reply {
  return {
    text:
      lang === 'ru' ? 'Такое время я не могу запомнить 🙈 Напишите, пожалуйста, другое.' : 'I can’t keep a reminder for that time 🙈 Please send another one.',
  };
}

/** Nothing matched a cancel by words (core's text). */
export function noMatch(lang: Lang, recorded?: string): Reply {
  return { text: question(lang, 'no-match', recorded) };
}

/** Several matched a cancel by words: core's question and one button per candidate. */
export function whichOne(c: Ctx, candidates: EventData<'ClarificationRequested'>['candidates'], recorded?: string): Reply {
  return { text: question(c.lang, 'cancel', recorded), markup: candidatesKeyboard(candidates, c) };
}

/** After ✏️: core's question, and the reminder being corrected. */
export function correction(c: Ctx, r: { text: string; due: string } | undefined, recorded?: string): Reply {
  const q = question(c.lang, 'correction', recorded);
  return { text: r ? `${q}\n${formatConfirmation({ ...r, rrule: null }, c)}` : q };
}

/**
 * Any ClarificationRequested as the user sees it: the domain's kinds (cancel, no-match,
 * correction) with the question core recorded; inference's (no kind, or `time`) by their `reason`
 * code (older events: the one their question's words name), never shown raw. A time out of range
 * says so even when the parser also offered times.
 */
export function clarification(d: EventData<'ClarificationRequested'>, c: Ctx, pendingText?: string | null): Reply {
  switch (d.kind) {
    case 'cancel':
      return whichOne(c, d.candidates, d.question);
    case 'no-match':
      return noMatch(c.lang, d.question);
    case 'correction':
      return correction(c, d.candidates[0], d.question);
    case 'time':
      return noTime(c, pendingText ?? null, d.options);
    default: {
      const reason = d.reason ?? legacyClarificationReason(d.question);
      if (reason === 'out-of-range') return timeOutOfRange(c.lang);
      if (reason === 'no-time-named' || d.options.length) return noTime(c, pendingText ?? null, d.options);
      return notUnderstood(c.lang);
    }
  }
}

export function cancelled(lang: Lang, text: string): Reply {
  return { text: lang === 'ru' ? `❌ Отменил: ${shownText(text, lang, 200)}` : `❌ Cancelled: ${shownText(text, lang, 200)}` };
}

/** ✅: done; for a recurring one, the series goes on (`next`: its next occurrence, when known). */
export function done(c: Ctx, text: string, next?: string | null): Reply {
  const t = shownText(text, c.lang, 200);
  if (next) return { text: c.lang === 'ru' ? `✅ Готово: ${t}. Следующее — ${formatWhen(next, c)}.` : `✅ Done: ${t}. Next one ${formatWhen(next, c)}.` };
  return { text: c.lang === 'ru' ? `✅ Готово: ${t}` : `✅ Done: ${t}` };
}

export function snoozed(c: Ctx, text: string, until: string): Reply {
  const t = shownText(text, c.lang, 200);
  const when = formatWhen(until, c).replace(/^(сегодня|today) /, '');
  return { text: c.lang === 'ru' ? `💤 Отложил до ${when}: ${t}` : `💤 Snoozed until ${when}: ${t}` };
}

/** An edit of the message that made a reminder already done or cancelled: nothing changes. */
export function editOfFinished(lang: Lang, text: string): Reply {
  const t = shownText(text, lang, 200);
  return {
    text:
      lang === 'ru'
        ? `Напоминание «${t}» уже выполнено или отменено — правка ничего не меняет. Напишите новое, если нужно.`
        : `The reminder “${t}” is already done or cancelled, so the edit changes nothing. Send a new one if you need it.`,
  };
}
