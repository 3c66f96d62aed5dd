import { DateTime } from 'luxon';
import { EN_MONTH_SHORT, EN_WEEKDAY_SHORT, RU_MONTH_SHORT, RU_WEEKDAY_SHORT } from './calendar-words';
import { describeRecurrence } from './recurrence-words';
import { escapeHtml, truncate, type Lang } from './text';

/**
 * How a reminder reads in the chat, in the chat's zone and language. Every function returns
 * Telegram HTML (parse_mode "HTML"): the user's text is escaped, the rest is ours.
 *
 *   ⏰ чт, 12 мар 09:00 — позвонить маме          ⏰ Thu, Mar 12 09:00 — call mom
 *   ⏰ завтра 09:00 — позвонить маме               ⏰ tomorrow 09:00 — call mom
 *   ⏰ пт, 1 янв 2027 09:00 — …                    ⏰ Fri, Jan 1, 2027 09:00 — …
 *   ⏰ завтра 09:00 — зарядка                      (recurring: a second line)
 *   🔁 по будням                                   🔁 on weekdays
 *   🔁 каждый день, ещё 5 раз                      🔁 every day, 5 more times
 *   🔁 в последнюю пятницу месяца до 20 дек        🔁 on the last Friday of every month until Dec 20
 *   🔔 позвонить маме                              🔔 call mom
 *   (опоздал на 2 ч: должно было быть в 09:00)     (2 h late: it was due at 09:00)
 *
 * Month and weekday names are our own tables (calendar-words.ts); Luxon does the zone and
 * calendar arithmetic, DST included.
 */

/** The longest reminder text shown in one message (Telegram allows 4,096 characters). */
export const MAX_SHOWN_TEXT = 1000;
/** Lateness below this is not mentioned (the scheduler and the pacer add seconds, a burst up to ~100 s). */
export const LATE_AFTER_MS = 2 * 60_000;

export type Instant = string | DateTime;

const inZone = (t: Instant, zone: string): DateTime => {
  const dt = (typeof t === 'string' ? DateTime.fromISO(t, { setZone: true }) : t).setZone(zone);
  if (!dt.isValid) throw new RangeError(`invalid instant or zone: ${String(t)} in ${zone}`);
  return dt;
};

const hhmm = (dt: DateTime) => dt.toFormat('HH:mm');

/** "09:05": the wall clock of `t` in `zone`. */
export const formatClock = (t: Instant, zone: string): string => hhmm(inZone(t, zone));

/** Days from `now`'s local date to `dt`'s local date (0 today, 1 tomorrow, −1 yesterday). */
function dayDiff(dt: DateTime, now: DateTime): number {
  const a = DateTime.utc(dt.year, dt.month, dt.day);
  const b = DateTime.utc(now.year, now.month, now.day);
  return Math.round(a.diff(b, 'days').days);
}

/** "чт, 12 мар" / "Thu, Mar 12", with the year when it is not `now`'s year ("пт, 1 янв 2027" / "Fri, Jan 1, 2027"). */
export function formatDate(t: Instant, opts: { now: Instant; zone: string; lang: Lang }): string {
  const dt = inZone(t, opts.zone);
  const now = inZone(opts.now, opts.zone);
  const year = dt.year !== now.year;
  if (opts.lang === 'ru') return `${RU_WEEKDAY_SHORT[dt.weekday - 1]}, ${dt.day} ${RU_MONTH_SHORT[dt.month - 1]}${year ? ` ${dt.year}` : ''}`;
  return `${EN_WEEKDAY_SHORT[dt.weekday - 1]}, ${EN_MONTH_SHORT[dt.month - 1]} ${dt.day}${year ? `, ${dt.year}` : ''}`;
}

/**
 * When, relative to `now` in the chat's zone: "сегодня 09:00", "завтра 09:00", "вчера 09:00",
 * else "чт, 12 мар 09:00" (with the year when not this year). English: today / tomorrow /
 * yesterday, "Thu, Mar 12 09:00". 24-hour clock in both.
 */
export function formatWhen(t: Instant, opts: { now: Instant; zone: string; lang: Lang }): string {
  const dt = inZone(t, opts.zone);
  const now = inZone(opts.now, opts.zone);
  const d = dayDiff(dt, now);
  const words = opts.lang === 'ru' ? { 0: 'сегодня', 1: 'завтра', [-1]: 'вчера' } : { 0: 'today', 1: 'tomorrow', [-1]: 'yesterday' };
  const rel = (words as Record<number, string>)[d];
  return `${rel ?? formatDate(dt, opts)} ${hhmm(dt)}`;
}

const placeholder = (lang: Lang) => (lang === 'ru' ? 'напоминание' : 'reminder');

/** The user's text, escaped and cut to `max` characters; a placeholder when empty. */
export function shownText(text: string | null | undefined, lang: Lang, max = MAX_SHOWN_TEXT): string {
  const t = (text ?? '').trim();
  return t ? escapeHtml(truncate(t, max)) : placeholder(lang);
}

export interface ReminderView {
  text: string;
  /** The (first) occurrence: an ISO instant. */
  due: string;
  rrule: string | null;
  /**
   * A COUNT series that has fired some of its occurrences: how many are left (the domain's
   * `remainingOccurrences`), shown as "ещё 2 раза". Absent: the rule's COUNT (a new series).
   */
  remaining?: number | null;
}

/** The recurrence line's words for `r` (not escaped): its rule, how it ends, read in the chat's zone. */
const seriesWords = (rrule: string, r: ReminderView, opts: { now: Instant; zone: string; lang: Lang }): string =>
  describeRecurrence(rrule, opts.lang, { zone: opts.zone, now: inZone(opts.now, opts.zone).toISO()!, remaining: r.remaining ?? null });

/** The recurrence line's words (not escaped): see recurrence-words.ts. */
export { describeRecurrence } from './recurrence-words';

/**
 * The confirmation of what was understood:
 * "⏰ чт, 12 мар 09:00 — позвонить маме", and for a recurring one a second line "🔁 каждый день".
 */
export function formatConfirmation(r: ReminderView, opts: { now: Instant; zone: string; lang: Lang }): string {
  const head = `⏰ ${formatWhen(r.due, opts)} — ${shownText(r.text, opts.lang)}`;
  return r.rrule ? `${head}\n🔁 ${escapeHtml(seriesWords(r.rrule, r, opts))}` : head;
}

/** "5 мин", "2 ч", "2 ч 15 мин", "3 дн 4 ч" / "5 min", "2 h", "2 h 15 min", "3 d 4 h" (rounded down to minutes). */
export function formatDuration(ms: number, lang: Lang): string {
  const totalMin = Math.max(0, Math.floor(ms / 60_000));
  const days = Math.floor(totalMin / 1440);
  const hours = Math.floor((totalMin % 1440) / 60);
  const minutes = totalMin % 60;
  const u = lang === 'ru' ? { d: 'дн', h: 'ч', m: 'мин' } : { d: 'd', h: 'h', m: 'min' };
  if (days > 0) return hours ? `${days} ${u.d} ${hours} ${u.h}` : `${days} ${u.d}`;
  if (hours > 0) return minutes ? `${hours} ${u.h} ${minutes} ${u.m}` : `${hours} ${u.h}`;
  return `${minutes} ${u.m}`;
}

/** When it was due, seen from the delivery: "в 09:00", "вчера в 09:00", "12 мар в 09:00" / "at 09:00", "yesterday at 09:00", "on Mar 12 at 09:00". */
function dueSeenFrom(due: DateTime, delivered: DateTime, lang: Lang): string {
  const d = dayDiff(due, delivered);
  const time = hhmm(due);
  const year = due.year !== delivered.year;
  if (lang === 'ru') {
    if (d === 0) return `в ${time}`;
    if (d === -1) return `вчера в ${time}`;
    return `${due.day} ${RU_MONTH_SHORT[due.month - 1]}${year ? ` ${due.year}` : ''} в ${time}`;
  }
  if (d === 0) return `at ${time}`;
  if (d === -1) return `yesterday at ${time}`;
  return `on ${EN_MONTH_SHORT[due.month - 1]} ${due.day}${year ? `, ${due.year}` : ''} at ${time}`;
}

/**
 * The delivered reminder: "🔔 позвонить маме"; one delivered `LATE_AFTER_MS` or more after its
 * due says so on a second line: "(опоздал на 2 ч: должно было быть в 09:00)" /
 * "(2 h late: it was due at 09:00)".
 */
export function formatDelivered(r: { text: string; due: string }, opts: { deliveredAt: Instant; zone: string; lang: Lang; lateAfterMs?: number }): string {
  const head = `🔔 ${shownText(r.text, opts.lang)}`;
  const due = inZone(r.due, opts.zone);
  const delivered = inZone(opts.deliveredAt, opts.zone);
  const late = delivered.toMillis() - due.toMillis();
  if (late < (opts.lateAfterMs ?? LATE_AFTER_MS)) return head;
  const how = formatDuration(late, opts.lang);
  const when = dueSeenFrom(due, delivered, opts.lang);
  return opts.lang === 'ru' ? `${head}\n(опоздал на ${how}: должно было быть ${when})` : `${head}\n(${how} late: it was due ${when})`;
}

/** One line of /list: "1. завтра 09:00 — позвонить маме 🔁 каждый день". */
export function formatListItem(n: number, r: ReminderView, opts: { now: Instant; zone: string; lang: Lang; maxText?: number }): string {
  const rec = r.rrule ? ` 🔁 ${escapeHtml(seriesWords(r.rrule, r, opts))}` : '';
  return `${n}. ${formatWhen(r.due, opts)} — ${shownText(r.text, opts.lang, opts.maxText ?? 200)}${rec}`;
}

/** "UTC+3", "UTC+5:30", "UTC-5", "UTC" — the zone's offset at `now`. */
export function formatOffset(zone: string, now: Instant): string {
  const off = inZone(now, zone).offset;
  if (off === 0) return 'UTC';
  const sign = off > 0 ? '+' : '-';
  const a = Math.abs(off);
  const h = Math.floor(a / 60);
  const m = a % 60;
  return `UTC${sign}${h}${m ? `:${String(m).padStart(2, '0')}` : ''}`;
}
