import { DateTime } from 'luxon';
import { EN_MONTH_SHORT, RU_MONTH_SHORT } from './calendar-words';
import { ruPlural, type Lang } from './text';

/**
 * How a series ends, in words (CONVENTIONS.md rule 19), after its rule:
 *
 *   COUNT=5                   ещё 5 раз                5 more times
 *   COUNT=2 (2 left of 5)     ещё 2 раза               2 more times
 *   UNTIL=20261220T205959Z    до 20 дек                until Dec 20         (Europe/Moscow)
 *   UNTIL in another year     до 20 дек 2027           until Dec 20, 2027
 *
 * UNTIL is the last second of the end date's local day, in UTC: the date is read in the user's
 * zone (in New York "until Dec 20" is 20261221T045959Z). Inclusive, like the user's "до 20 декабря".
 */

export interface SeriesEnd {
  /** The rule's COUNT. */
  count: number | null;
  /** The rule's UNTIL, an instant. */
  until: Date | null;
}

export interface EndOptions {
  /** The zone the end date is read in (UTC when not given). */
  zone?: string;
  /** Occurrences still to come, when the series has fired some already; the COUNT when not given. */
  remaining?: number | null;
  /** The year is shown when the end date is not in `now`'s year. */
  now?: string;
}

/** "20261220T205959Z", "20261220T205959", "20261220" → the instant (a bare date: its end, in UTC). */
export function parseUntil(value: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z?)?$/.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => (x === undefined ? null : Number(x)));
  const date = new Date(Date.UTC(y!, mo! - 1, d!, h ?? 23, mi ?? 59, s ?? 59));
  return Number.isNaN(date.getTime()) || date.getUTCDate() !== d ? null : date;
}

function times(n: number, lang: Lang): string {
  return lang === 'ru' ? `ещё ${n} ${ruPlural(n, 'раз', 'раза', 'раз')}` : `${n} more ${n === 1 ? 'time' : 'times'}`;
}

function untilDate(until: Date, lang: Lang, opts: EndOptions): string {
  const zone = opts.zone ?? 'UTC';
  const dt = DateTime.fromJSDate(until).setZone(zone);
  const now = opts.now ? DateTime.fromISO(opts.now, { setZone: true }).setZone(zone) : null;
  const year = now !== null && now.year !== dt.year;
  if (lang === 'ru') return `до ${dt.day} ${RU_MONTH_SHORT[dt.month - 1]}${year ? ` ${dt.year}` : ''}`;
  return `until ${EN_MONTH_SHORT[dt.month - 1]} ${dt.day}${year ? `, ${dt.year}` : ''}`;
}

/**
 * The words to put after the rule's ("каждый день" + ", ещё 5 раз" / " до 20 дек"), or "" for a
 * series without an end. A series with none left says nothing of its count.
 */
export function seriesEndInWords(end: SeriesEnd, lang: Lang, opts: EndOptions = {}): string {
  const parts: string[] = [];
  if (end.until) parts.push(` ${untilDate(end.until, lang, opts)}`);
  const left = opts.remaining ?? end.count;
  if (end.count !== null && left !== null && left > 0) parts.push(`, ${times(left, lang)}`);
  return parts.join('');
}
