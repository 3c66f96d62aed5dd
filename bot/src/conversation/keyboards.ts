import { encodeCallbackData, MAX_CANDIDATES } from '@napominalka/core';
import { formatOffset, formatWhen, type Instant } from './format-reminder';
import { encodeListPage, type ListPeriod, type Page } from './list-page';
import { truncate, type Lang } from './text';

/**
 * The bot's keyboards. Inline buttons carry core's callback data (`encodeCallbackData`, at most
 * 64 bytes — it throws past that), except /list paging (`lp:`, list-page.ts). Button labels are
 * plain text (Telegram does not parse HTML in them), cut to `MAX_LABEL` characters.
 *
 * Clarification options ("через час", "завтра в 9") and "share location" are reply-keyboard
 * buttons: pressing one sends its text (or the location) as an ordinary message, which flows
 * through parsing like typed text — no callback verb is needed for a free-text answer, and an
 * inline button cannot ask for a location.
 *
 * The types are structural subsets of node-telegram-bot-api's, assignable to them.
 */

export interface InlineButton {
  text: string;
  callback_data: string;
}
export interface InlineKeyboard {
  inline_keyboard: InlineButton[][];
}
export interface ReplyButton {
  text: string;
  request_location?: boolean;
}
export interface ReplyKeyboard {
  keyboard: ReplyButton[][];
  resize_keyboard: true;
  one_time_keyboard: true;
  input_field_placeholder?: string;
}
export interface RemoveKeyboard {
  remove_keyboard: true;
}
export type Markup = InlineKeyboard | ReplyKeyboard | RemoveKeyboard;

/** Longest button label (Telegram shows ~30–40 characters on a phone; the rest is cut). */
export const MAX_LABEL = 40;

const button = (text: string, callback_data: string): InlineButton => ({ text: truncate(text, MAX_LABEL), callback_data });

const L = {
  ru: {
    wrong: '✏️ Не так',
    cancel: '❌ Отменить',
    done: '✅ Готово',
    m10: '💤 10 мин',
    h1: '💤 1 ч',
    tomorrow: '💤 Завтра',
    prev: '◀️ Назад',
    next: 'Вперёд ▶️',
    location: '📍 Отправить геопозицию',
    answer: 'Или напишите время',
  },
  en: {
    wrong: '✏️ Wrong',
    cancel: '❌ Cancel',
    done: '✅ Done',
    m10: '💤 10 min',
    h1: '💤 1 h',
    tomorrow: '💤 Tomorrow',
    prev: '◀️ Back',
    next: 'Next ▶️',
    location: '📍 Share location',
    answer: 'Or type a time',
  },
} as const;

/** Under a confirmation: ✏️ wrong / ❌ cancel. */
export function confirmationKeyboard(reminderId: string, lang: Lang): InlineKeyboard {
  return {
    inline_keyboard: [
      [
        button(L[lang].wrong, encodeCallbackData({ action: 'wrong', reminderId })),
        button(L[lang].cancel, encodeCallbackData({ action: 'cancel', reminderId })),
      ],
    ],
  };
}

/**
 * Under a delivered reminder: ✅ done, then 💤 10 min / 1 h / tomorrow. The occurrence makes a
 * button of an old delivery harmless once the reminder has moved on.
 */
export function deliveredKeyboard(reminderId: string, occurrence: number, lang: Lang): InlineKeyboard {
  const snooze = (by: '10m' | '1h' | 'tomorrow', label: string) => button(label, encodeCallbackData({ action: 'snooze', by, reminderId, occurrence }));
  return {
    inline_keyboard: [
      [button(L[lang].done, encodeCallbackData({ action: 'done', reminderId, occurrence }))],
      [snooze('10m', L[lang].m10), snooze('1h', L[lang].h1), snooze('tomorrow', L[lang].tomorrow)],
    ],
  };
}

export interface Candidate {
  reminderId: string;
  text: string;
  due: string;
}

/**
 * "Which one?" of a cancel by words: one button per candidate (at most core's MAX_CANDIDATES),
 * "позвонить маме · завтра 09:00", the text cut so the time still shows.
 */
export function candidatesKeyboard(candidates: readonly Candidate[], opts: { now: Instant; zone: string; lang: Lang }): InlineKeyboard {
  return {
    inline_keyboard: candidates.slice(0, MAX_CANDIDATES).map((c) => {
      const when = formatWhen(c.due, opts);
      const room = Math.max(8, MAX_LABEL - when.length - 3);
      const text = truncate(c.text, room) || (opts.lang === 'ru' ? 'напоминание' : 'reminder');
      return [{ text: `${text} · ${when}`, callback_data: encodeCallbackData({ action: 'pick', reminderId: c.reminderId }) }];
    }),
  };
}

/** Suggested answers of a clarification as a one-time reply keyboard (pressing one sends its text). */
export function optionsKeyboard(options: readonly string[], lang: Lang): ReplyKeyboard | null {
  const shown = options
    .map((o) => truncate(o, 64))
    .filter((o) => o.length > 0)
    .slice(0, 12);
  if (!shown.length) return null;
  const rows: ReplyButton[][] = [];
  for (let i = 0; i < shown.length; i += 3) rows.push(shown.slice(i, i + 3).map((text) => ({ text })));
  return { keyboard: rows, resize_keyboard: true, one_time_keyboard: true, input_field_placeholder: L[lang].answer };
}

/** Takes a reply keyboard away once it has been answered. */
export const removeKeyboard = (): RemoveKeyboard => ({ remove_keyboard: true });

export interface ListEntry {
  id: string;
  text: string;
}

/** Under a /list page: ❌ per reminder (numbered as in the text), then ◀️ ▶️ when there are other pages (of the same period, if any). */
export function listKeyboard(page: Page<ListEntry>, lang: Lang, period: ListPeriod | null = null): InlineKeyboard {
  const rows: InlineButton[][] = page.items.map((r, i) => {
    const label = `❌ ${page.offset + i + 1}. ${truncate(r.text, MAX_LABEL) || (lang === 'ru' ? 'напоминание' : 'reminder')}`;
    return [button(label, encodeCallbackData({ action: 'cancel', reminderId: r.id }))];
  });
  const nav: InlineButton[] = [];
  if (page.page > 0) nav.push(button(L[lang].prev, encodeListPage(page.page - 1, period)));
  if (page.page < page.pages - 1) nav.push(button(L[lang].next, encodeListPage(page.page + 1, period)));
  if (nav.length) rows.push(nav);
  return { inline_keyboard: rows };
}

/** Zones offered by /start and /tz (a city name or a shared location works for any other). */
export const COMMON_ZONES: ReadonlyArray<{ zone: string; ru: string; en: string }> = [
  { zone: 'Europe/Kaliningrad', ru: 'Калининград', en: 'Kaliningrad' },
  { zone: 'Europe/Moscow', ru: 'Москва', en: 'Moscow' },
  { zone: 'Europe/Samara', ru: 'Самара', en: 'Samara' },
  { zone: 'Asia/Yekaterinburg', ru: 'Екатеринбург', en: 'Yekaterinburg' },
  { zone: 'Asia/Omsk', ru: 'Омск', en: 'Omsk' },
  { zone: 'Asia/Novosibirsk', ru: 'Новосибирск', en: 'Novosibirsk' },
  { zone: 'Asia/Krasnoyarsk', ru: 'Красноярск', en: 'Krasnoyarsk' },
  { zone: 'Asia/Irkutsk', ru: 'Иркутск', en: 'Irkutsk' },
  { zone: 'Asia/Vladivostok', ru: 'Владивосток', en: 'Vladivostok' },
  { zone: 'Europe/Minsk', ru: 'Минск', en: 'Minsk' },
  { zone: 'Europe/Kyiv', ru: 'Киев', en: 'Kyiv' },
  { zone: 'Asia/Almaty', ru: 'Алматы', en: 'Almaty' },
  { zone: 'Europe/Berlin', ru: 'Берлин', en: 'Berlin' },
  { zone: 'Europe/London', ru: 'Лондон', en: 'London' },
  { zone: 'America/New_York', ru: 'Нью-Йорк', en: 'New York' },
  { zone: 'America/Los_Angeles', ru: 'Лос-Анджелес', en: 'Los Angeles' },
];

/** The common zones as buttons, two a row: "Москва, UTC+3" (the offset as of `now`, so DST shows). */
export function timezoneKeyboard(lang: Lang, now: Instant): InlineKeyboard {
  return zonesKeyboard(
    COMMON_ZONES.map((z) => z.zone),
    lang,
    now,
  );
}

/**
 * Any zones as buttons, two a row (e.g. the zones a city name could mean): "Paris, UTC+1" — the
 * common zones' names where we have them, else the zone's last part ("America/Argentina/Buenos_Aires"
 * → "Buenos Aires").
 */
export function zonesKeyboard(zones: readonly string[], lang: Lang, now: Instant): InlineKeyboard {
  const rows: InlineButton[][] = [];
  const buttons = zones.map((zone) => {
    const name = COMMON_ZONES.find((z) => z.zone === zone)?.[lang] ?? zone.split('/').at(-1)!.replace(/_/g, ' ');
    return button(`${name}, ${formatOffset(zone, now)}`, encodeCallbackData({ action: 'timezone', timezone: zone }));
  });
  for (let i = 0; i < buttons.length; i += 2) rows.push(buttons.slice(i, i + 2));
  return { inline_keyboard: rows };
}

/** A one-time reply keyboard with Telegram's "share location" button (the location sets the zone). */
export function locationKeyboard(lang: Lang): ReplyKeyboard {
  return { keyboard: [[{ text: L[lang].location, request_location: true }]], resize_keyboard: true, one_time_keyboard: true };
}

/** Language choice (labels in their own language). */
export function languageKeyboard(): InlineKeyboard {
  return {
    inline_keyboard: [
      [button('🇷🇺 Русский', encodeCallbackData({ action: 'lang', lang: 'ru' })), button('🇬🇧 English', encodeCallbackData({ action: 'lang', lang: 'en' }))],
    ],
  };
}
