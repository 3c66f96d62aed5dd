import { EN_DAY, type Day } from './calendar-words';
import { enMonthlyWeekday, ruMonthlyWeekday } from './monthly-weekday-words';
import { parseUntil, seriesEndInWords, type EndOptions } from './series-end-words';
import { ruPlural, ruSingular, type Lang } from './text';

/**
 * A recurrence rule in words, for the shapes inference writes (CONVENTIONS.md rule 10: FREQ,
 * INTERVAL, BYDAY, BYMONTHDAY, BYMONTH; no DTSTART, no BYHOUR — the time of day is the due's):
 *
 *   FREQ=DAILY                           каждый день              every day
 *   FREQ=DAILY;INTERVAL=2                через день               every other day
 *   FREQ=DAILY;INTERVAL=3                каждые 3 дня             every 3 days
 *   FREQ=WEEKLY;BYDAY=MO                 по понедельникам         every Monday
 *   FREQ=WEEKLY;BYDAY=MO,TH              по понедельникам и четвергам   every Monday and Thursday
 *   FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR     по будням                on weekdays
 *   FREQ=WEEKLY;BYDAY=SA,SU              по выходным              on weekends
 *   FREQ=WEEKLY;INTERVAL=2;BYDAY=MO      по понедельникам раз в 2 недели   every other Monday
 *   FREQ=WEEKLY[;INTERVAL=n]             каждую неделю / раз в n недели    every week / every n weeks
 *   FREQ=HOURLY;INTERVAL=2               каждые 2 часа            every 2 hours
 *   FREQ=MINUTELY;INTERVAL=15            каждые 15 минут          every 15 minutes
 *   FREQ=MONTHLY;BYMONTHDAY=1            каждый месяц 1-го        every month on the 1st
 *   FREQ=MONTHLY;BYMONTHDAY=-1           в последний день месяца  on the last day of every month
 *   FREQ=MONTHLY[;INTERVAL=n]            каждый месяц / каждые n месяца    every month / every n months
 *   FREQ=YEARLY;BYMONTHDAY=5;BYMONTH=5   каждый год 5 мая         every year on May 5
 *   FREQ=YEARLY                          каждый год               every year
 *
 * Rule 18's ordinal weekdays of the month (one weekday, 1st–5th or last; BYSETPOS as well):
 *
 *   FREQ=MONTHLY;BYDAY=1FR               каждую первую пятницу месяца   on the first Friday of every month
 *   FREQ=MONTHLY;BYDAY=-1FR              в последнюю пятницу месяца     on the last Friday of every month
 *   FREQ=MONTHLY;BYDAY=FR;BYSETPOS=-1    (the same)
 *
 * and rule 19's ends (series-end-words.ts): "каждый день, ещё 5 раз", "каждый день до 20 дек".
 *
 * Keys in any order and case, an "RRULE:" prefix, INTERVAL=1 and repeated list values are
 * accepted. Anything else (BYHOUR, "1MO" in a weekly rule, a day -2, …) is not put into words:
 * the raw rule comes back (`describeRecurrence` returns it; `recurrenceInWords` null).
 */

const DAYS: readonly Day[] = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

const RU_DAY_DATIVE_PL: Record<Day, string> = {
  MO: 'понедельникам',
  TU: 'вторникам',
  WE: 'средам',
  TH: 'четвергам',
  FR: 'пятницам',
  SA: 'субботам',
  SU: 'воскресеньям',
};
export const RU_MONTH_GENITIVE = ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'];
export const EN_MONTH = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

interface Rule {
  freq: 'MINUTELY' | 'HOURLY' | 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';
  interval: number;
  byday: Day[];
  bymonthday: number[];
  bymonth: number[];
  /** A monthly rule on one weekday: which of the month (1…5, -1 the last, -2 the one before). */
  nth: number | null;
  count: number | null;
  until: Date | null;
}

const FREQS = new Set(['MINUTELY', 'HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY']);

/** The rule's parts, or null when it holds anything rule 10 does not write. */
export function parseSimpleRule(rrule: string): Rule | null {
  const body = rrule.trim().replace(/^RRULE:/i, '');
  if (!body) return null;
  const parts = new Map<string, string>();
  for (const kv of body.split(';')) {
    if (kv === '') continue;
    const m = /^([A-Za-z]+)=([^=;]+)$/.exec(kv);
    if (!m) return null;
    const key = m[1]!.toUpperCase();
    if (parts.has(key)) return null;
    parts.set(key, m[2]!.toUpperCase());
  }
  for (const k of parts.keys()) if (!['FREQ', 'INTERVAL', 'BYDAY', 'BYMONTHDAY', 'BYMONTH', 'BYSETPOS', 'COUNT', 'UNTIL'].includes(k)) return null;
  const freq = parts.get('FREQ');
  if (!freq || !FREQS.has(freq)) return null;
  const intervalRaw = parts.get('INTERVAL') ?? '1';
  if (!/^\d{1,4}$/.test(intervalRaw) || Number(intervalRaw) < 1) return null;
  const list = (k: string) => (parts.has(k) ? parts.get(k)!.split(',') : []);
  const ordinal = ordinalDay(list('BYDAY'), parts.get('BYSETPOS'), freq);
  if (ordinal === null) return null;
  const byday = ordinal.days;
  const end = seriesEnd(parts);
  if (!end) return null;
  const ints = (xs: string[], ok: (n: number) => boolean) => (xs.every((x) => /^-?\d{1,2}$/.test(x) && ok(Number(x))) ? xs.map(Number) : null);
  const bymonthday = ints(list('BYMONTHDAY'), (n) => (n >= 1 && n <= 31) || n === -1);
  const bymonth = ints(list('BYMONTH'), (n) => n >= 1 && n <= 12);
  if (!bymonthday || !bymonth) return null;
  const uniq = <T>(xs: T[], order: (a: T, b: T) => number) => [...new Set(xs)].sort(order);
  return {
    freq: freq as Rule['freq'],
    interval: Number(intervalRaw),
    byday: uniq(byday as Day[], (a, b) => DAYS.indexOf(a) - DAYS.indexOf(b)),
    // The last day (-1) reads last: "15-го и в последний день".
    bymonthday: uniq(bymonthday, (a, b) => (a === -1 ? 99 : a) - (b === -1 ? 99 : b)),
    bymonth: uniq(bymonth, (a, b) => a - b),
    nth: ordinal.nth,
    ...end,
  };
}

const NTH_OK = new Set([1, 2, 3, 4, 5, -1, -2]);

/**
 * BYDAY's weekdays and, for a monthly rule on one weekday, its ordinal ("1FR", or "FR" with
 * BYSETPOS=1); null when the list or the ordinal is one not put into words.
 */
function ordinalDay(items: string[], setpos: string | undefined, freq: string): { days: string[]; nth: number | null } | null {
  const parsed = items.map((x) => /^([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)$/.exec(x));
  if (parsed.some((m) => !m)) return null;
  const nths = parsed.map((m) => (m![1] === undefined ? null : Number(m![1])));
  const days = parsed.map((m) => m![2]!);
  let nth = nths[0] ?? null;
  if (setpos !== undefined) {
    if (!/^[+-]?\d$/.test(setpos) || nth !== null) return null;
    nth = Number(setpos);
  }
  if (nth === null && nths.every((n) => n === null)) return { days, nth: null };
  if (freq !== 'MONTHLY' || new Set(days).size !== 1 || nths.some((n) => n !== nths[0]) || !NTH_OK.has(nth!)) return null;
  return { days: [days[0]!], nth };
}

function seriesEnd(parts: Map<string, string>): Pick<Rule, 'count' | 'until'> | null {
  const count = parts.get('COUNT');
  const until = parts.get('UNTIL');
  if (count !== undefined && (!/^\d{1,4}$/.test(count) || Number(count) < 1)) return null;
  const untilDate = until === undefined ? null : parseUntil(until);
  if (until !== undefined && !untilDate) return null;
  return { count: count === undefined ? null : Number(count), until: untilDate };
}

const join = (xs: string[], and: string) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} ${and} ${xs[xs.length - 1]}`);

const enOrdinal = (n: number) => {
  const m100 = n % 100;
  const suffix = m100 >= 11 && m100 <= 13 ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th');
  return `${n}${suffix}`;
};

/** "каждые 3 дня", "каждый 21 день", "каждую минуту" (gender of the unit decides "каждый/каждую"). */
function ruEvery(n: number, unit: [one: string, few: string, many: string], feminine: boolean): string {
  if (n === 1) return `${feminine ? 'каждую' : 'каждый'} ${unit[0]}`;
  const word = ruPlural(n, ...unit);
  return ruSingular(n) ? `${feminine ? 'каждую' : 'каждый'} ${n} ${word}` : `каждые ${n} ${word}`;
}

function enEvery(n: number, unit: string): string {
  return n === 1 ? `every ${unit}` : `every ${n} ${unit}s`;
}

const DAY_RU: [string, string, string] = ['день', 'дня', 'дней'];
const WEEK_RU: [string, string, string] = ['неделю', 'недели', 'недель'];
const MONTH_RU: [string, string, string] = ['месяц', 'месяца', 'месяцев'];
const YEAR_RU: [string, string, string] = ['год', 'года', 'лет'];

function ruWeekdays(days: Day[]): string {
  const set = days.join(',');
  if (set === 'MO,TU,WE,TH,FR') return 'по будням';
  if (set === 'SA,SU') return 'по выходным';
  return `по ${join(
    days.map((d) => RU_DAY_DATIVE_PL[d]),
    'и',
  )}`;
}

function enWeekdays(days: Day[]): string {
  const set = days.join(',');
  if (set === 'MO,TU,WE,TH,FR') return 'on weekdays';
  if (set === 'SA,SU') return 'on weekends';
  return `every ${join(
    days.map((d) => EN_DAY[d]),
    'and',
  )}`;
}

function ruMonthDays(days: number[]): string {
  const positive = days.filter((d) => d > 0).map((d) => `${d}-го`);
  const last = days.includes(-1);
  if (!positive.length) return 'в последний день месяца';
  return last ? `${join(positive, 'и')} и в последний день` : join(positive, 'и');
}

function enMonthDays(days: number[]): string {
  const positive = days.filter((d) => d > 0).map(enOrdinal);
  const last = days.includes(-1);
  return `the ${join([...positive, ...(last ? ['last day'] : [])], 'and')}`;
}

function describeRu(r: Rule): string | null {
  const n = r.interval;
  switch (r.freq) {
    case 'MINUTELY':
      return r.byday.length || r.bymonthday.length || r.bymonth.length ? null : ruEvery(n, ['минуту', 'минуты', 'минут'], true);
    case 'HOURLY':
      return r.byday.length || r.bymonthday.length || r.bymonth.length ? null : ruEvery(n, ['час', 'часа', 'часов'], false);
    case 'DAILY':
      if (r.byday.length || r.bymonthday.length || r.bymonth.length) return null;
      return n === 2 ? 'через день' : ruEvery(n, DAY_RU, false);
    case 'WEEKLY': {
      if (r.bymonthday.length || r.bymonth.length) return null;
      if (!r.byday.length) return n === 1 ? 'каждую неделю' : `раз в ${n} ${ruPlural(n, ...WEEK_RU)}`;
      if (r.byday.length === 7) return n === 1 ? 'каждый день' : `каждый день раз в ${n} ${ruPlural(n, ...WEEK_RU)}`;
      const days = ruWeekdays(r.byday);
      return n === 1 ? days : `${days} раз в ${n} ${ruPlural(n, ...WEEK_RU)}`;
    }
    case 'MONTHLY': {
      if (r.nth !== null) return r.bymonthday.length || r.bymonth.length ? null : ruMonthlyWeekday(r.byday[0]!, r.nth, n);
      if (r.byday.length || r.bymonth.length) return null;
      if (!r.bymonthday.length) return ruEvery(n, MONTH_RU, false);
      const onlyLast = r.bymonthday.length === 1 && r.bymonthday[0] === -1;
      if (onlyLast) return n === 1 ? 'в последний день месяца' : `${ruEvery(n, MONTH_RU, false)} в последний день месяца`;
      return `${ruEvery(n, MONTH_RU, false)} ${ruMonthDays(r.bymonthday)}`;
    }
    case 'YEARLY': {
      if (r.byday.length) return null;
      const every = ruEvery(n, YEAR_RU, false);
      if (!r.bymonthday.length && !r.bymonth.length) return every;
      if (r.bymonth.length !== 1 || r.bymonthday.length !== 1) return null;
      const month = r.bymonth[0]!;
      const day = r.bymonthday[0]!;
      return day === -1 ? `${every} в последний день ${RU_MONTH_GENITIVE[month - 1]}` : `${every} ${day} ${RU_MONTH_GENITIVE[month - 1]}`;
    }
  }
}

function describeEn(r: Rule): string | null {
  const n = r.interval;
  switch (r.freq) {
    case 'MINUTELY':
      return r.byday.length || r.bymonthday.length || r.bymonth.length ? null : enEvery(n, 'minute');
    case 'HOURLY':
      return r.byday.length || r.bymonthday.length || r.bymonth.length ? null : enEvery(n, 'hour');
    case 'DAILY':
      if (r.byday.length || r.bymonthday.length || r.bymonth.length) return null;
      return n === 2 ? 'every other day' : enEvery(n, 'day');
    case 'WEEKLY': {
      if (r.bymonthday.length || r.bymonth.length) return null;
      if (!r.byday.length) return enEvery(n, 'week');
      if (r.byday.length === 7) return n === 1 ? 'every day' : `every day, ${enEvery(n, 'week')}`;
      if (n === 1) return enWeekdays(r.byday);
      if (n === 2 && r.byday.length === 1) return `every other ${EN_DAY[r.byday[0]!]}`;
      const days = enWeekdays(r.byday).replace(/^every /, 'on ');
      return `${enEvery(n, 'week')} ${days}`;
    }
    case 'MONTHLY': {
      if (r.nth !== null) return r.bymonthday.length || r.bymonth.length ? null : enMonthlyWeekday(r.byday[0]!, r.nth, n);
      if (r.byday.length || r.bymonth.length) return null;
      if (!r.bymonthday.length) return enEvery(n, 'month');
      const onlyLast = r.bymonthday.length === 1 && r.bymonthday[0] === -1;
      if (onlyLast) return n === 1 ? 'on the last day of every month' : `${enEvery(n, 'month')} on the last day`;
      return `${enEvery(n, 'month')} on ${enMonthDays(r.bymonthday)}`;
    }
    case 'YEARLY': {
      if (r.byday.length) return null;
      const every = enEvery(n, 'year');
      if (!r.bymonthday.length && !r.bymonth.length) return every;
      if (r.bymonth.length !== 1 || r.bymonthday.length !== 1) return null;
      const month = EN_MONTH[r.bymonth[0]! - 1]!;
      const day = r.bymonthday[0]!;
      return day === -1 ? `${every} on the last day of ${month}` : `${every} on ${month} ${day}`;
    }
  }
}

/**
 * The rule in words with how it ends ("каждый день, ещё 5 раз"), or null when it is not one of the
 * shapes above. `opts`: the zone UNTIL's date is read in, the occurrences left (see series-end-words.ts).
 */
export function recurrenceInWords(rrule: string, lang: Lang, opts: EndOptions = {}): string | null {
  const r = parseSimpleRule(rrule);
  if (!r) return null;
  const words = lang === 'ru' ? describeRu(r) : describeEn(r);
  return words === null ? null : `${words}${seriesEndInWords(r, lang, opts)}`;
}

/** The rule in words, or the raw rule (without "RRULE:") when it has no words here. Not escaped. */
export function describeRecurrence(rrule: string, lang: Lang, opts: EndOptions = {}): string {
  return recurrenceInWords(rrule, lang, opts) ?? rrule.trim().replace(/^RRULE:/i, '');
}
