import { recurrence, type Freq, type RecurrenceMeaning, type Weekday } from './expression';
import { dateCore } from './match-day';
import { cardinal, decimal, type Parsed, type Words } from './numbers';
import { skip, skipAll, type Ctx, type Match } from './match';
import { ORDINAL, PART_NOUN, RU_PART_PLURAL, UNIT, WEEKDAY, set, type Unit } from './vocab';

/**
 * Recurrences (CONVENTIONS rule 10): "каждый день", "ежедневно", "every day", "daily",
 * "каждый понедельник", "по понедельникам", "every monday and thursday", "по будням", "on weekends",
 * "каждые 2 часа", "every 15 minutes", "через день", "every other day", "каждого месяца",
 * "в последний день месяца", "каждый год", "каждое утро", "every evening", "раз в неделю".
 */

const EVERY = set('каждый', 'каждую', 'каждое', 'каждые', 'каждого', 'каждом', 'каждой', 'every', 'each');
const OTHER = set('other', 'second', 'второй', 'вторую', 'второе');
const LEAD = set('по', 'в', 'во', 'on', 'of', 'the');
const LIST_SEP = set(',', 'и', 'and', '&', '/', 'а', 'также');
const LIST_REPEAT = set('по', 'every', 'each', 'on', 'каждый', 'каждую', 'каждое', 'в', 'во');
const WORKDAY = set('будни', 'будням', 'weekday', 'weekdays');
const WEEKEND = set('выходные', 'выходным', 'weekend', 'weekends');
const WORKING = set('рабочий', 'рабочим', 'рабочие', 'будни', 'будний', 'будним', 'будние');
const DAYS = set('день', 'дням', 'дни', 'дня');
const MONTH_WORD = set('месяца', 'месяц', 'month');
const LAST = set('последний', 'последнее', 'последнего', 'last');
const MONTHLY_DAY_TAIL = set('of', 'the', 'every', 'each', 'каждого');

const WEEKDAYS: Weekday[] = [1, 2, 3, 4, 5];
const WEEKENDS: Weekday[] = [6, 7];

const FREQ_OF: Record<Unit, Freq | null> = {
  second: null,
  minute: 'MINUTELY',
  hour: 'HOURLY',
  day: 'DAILY',
  week: 'WEEKLY',
  month: 'MONTHLY',
  year: 'YEARLY',
};

const ADVERB: ReadonlyMap<string, Freq> = new Map<string, Freq>([
  ['ежедневно', 'DAILY'],
  ['еженедельно', 'WEEKLY'],
  ['ежемесячно', 'MONTHLY'],
  ['ежегодно', 'YEARLY'],
  ['ежечасно', 'HOURLY'],
  ['daily', 'DAILY'],
  ['everyday', 'DAILY'],
  ['weekly', 'WEEKLY'],
  ['monthly', 'MONTHLY'],
  ['yearly', 'YEARLY'],
  ['annually', 'YEARLY'],
  ['hourly', 'HOURLY'],
]);
/** English adverbs double as adjectives ("the weekly report"): read them only where an adverb stands. */
const ADVERB_FOLLOWER = set('at', 'on', 'in', 'from', 'starting', 'to', 'remind', 'please', ',', '.', '!', 'by', 'and', 'around', 'before', 'after');

/** A list of weekdays: "понедельникам и четвергам", "monday, wednesday and friday". */
function weekdayList(w: Words, k: number, plural: boolean | null): Parsed<Weekday[]> | null {
  const first = WEEKDAY.get(w[k] ?? '');
  if (!first || (plural !== null && first.plural !== plural)) return null;
  const days: Weekday[] = [first.day];
  let end = k + 1;
  for (;;) {
    let j = end;
    if (!LIST_SEP.has(w[j] ?? '')) break;
    j++;
    if (LIST_SEP.has(w[j] ?? '')) j++; // ", и"
    j = skip(w, j, LIST_REPEAT);
    const next = WEEKDAY.get(w[j] ?? '');
    if (!next) break;
    days.push(next.day);
    end = j + 1;
  }
  return { value: [...new Set(days)].sort(), end };
}

/** "с понедельника по пятницу", "from monday to friday", "mon-fri": every day of the range. */
function weekdayRange(w: Words, i: number): Parsed<Weekday[]> | null {
  const k = w[i] === 'с' || w[i] === 'from' ? i + 1 : i;
  const a = WEEKDAY.get(w[k] ?? '');
  if (!a || a.plural || (k === i && !a.abbr)) return null;
  const sep = w[k + 1];
  if (!(sep === 'по' || sep === 'to' || sep === 'through' || sep === 'thru' || sep === '-' || sep === 'до')) return null;
  const b = WEEKDAY.get(w[k + 2] ?? '');
  if (!b || b.day <= a.day) return null;
  const days: Weekday[] = [];
  for (let d = a.day; d <= b.day; d++) days.push(d);
  return { value: days, end: k + 3 };
}

/** A repetition count: "2", "два", "1.5", "other". */
function interval(w: Words, k: number): Parsed<number> | null {
  if (OTHER.has(w[k] ?? '')) return { value: 2, end: k + 1 };
  return decimal(w, k) ?? cardinal(w, k);
}

/** "N units" after "every", "каждые", "раз в". */
function unitRule(w: Words, k: number): Parsed<RecurrenceMeaning> | null {
  const x = w[k] ?? '';
  if (x === 'полчаса' || x === 'полчасика') return { value: recurrence('MINUTELY', { interval: 30 }), end: k + 1 };
  if (x === 'half' && (w[k + 1] === 'hour' || (w[k + 1] === 'an' && w[k + 2] === 'hour'))) {
    return { value: recurrence('MINUTELY', { interval: 30 }), end: w[k + 1] === 'an' ? k + 3 : k + 2 };
  }
  let n = 1;
  let j = k;
  if (x === 'полтора' || x === 'полторы') {
    n = 1.5;
    j++;
  } else {
    const q = interval(w, k);
    if (q) {
      n = q.value;
      j = q.end;
    }
  }
  const unit = UNIT.get(w[j] ?? '');
  if (!unit) return null;
  let freq = FREQ_OF[unit];
  if (!freq || n <= 0) return null;
  if (!Number.isInteger(n)) {
    if (freq !== 'HOURLY') return null;
    freq = 'MINUTELY';
    n *= 60;
  }
  return { value: recurrence(freq, { interval: n }), end: j + 1 };
}

/**
 * "последний день месяца", "the last day of the month", "последнего числа каждого месяца",
 * "первый день месяца", "the first day of every month": a day of every month (-1 the last).
 */
function dayOfMonth(w: Words, k: number): Parsed<number> | null {
  const x = w[k] ?? '';
  const n = LAST.has(x) ? -1 : ORDINAL.get(x);
  if (n === undefined || !(DAYS.has(w[k + 1] ?? '') || w[k + 1] === 'day' || w[k + 1] === 'числа' || w[k + 1] === 'число')) return null;
  const m = skipAll(w, k + 2, MONTHLY_DAY_TAIL);
  return MONTH_WORD.has(w[m] ?? '') ? { value: n, end: m + 1 } : null;
}

/** What follows "каждый"/"every". */
function afterEvery(w: Words, k: number): Parsed<RecurrenceMeaning> | null {
  const other = OTHER.has(w[k] ?? '') && WEEKDAY.has(w[k + 1] ?? '');
  const days = weekdayList(w, other ? k + 1 : k, null);
  if (days) return { value: recurrence('WEEKLY', { byday: days.value, interval: other ? 2 : 1 }), end: days.end };
  const x = w[k] ?? '';
  if (WORKING.has(x) && DAYS.has(w[k + 1] ?? '')) return { value: recurrence('WEEKLY', { byday: WEEKDAYS }), end: k + 2 };
  if (WORKDAY.has(x)) return { value: recurrence('WEEKLY', { byday: WEEKDAYS }), end: k + 1 };
  if (WEEKEND.has(x)) return { value: recurrence('WEEKLY', { byday: WEEKENDS }), end: k + 1 };
  const part = PART_NOUN.get(x);
  if (part && x !== 'день') return { value: recurrence('DAILY', { part }), end: k + 1 };
  const dom = dayOfMonth(w, k);
  if (dom) return { value: recurrence('MONTHLY', { bymonthday: [dom.value] }), end: dom.end };
  const d = dateCore(w, skip(w, k, set('the')), w[k] === 'the');
  if (d) {
    if (d.value.month !== null) {
      return { value: recurrence('YEARLY', { bymonthday: [d.value.day], bymonth: [d.value.month] }), end: d.end };
    }
    const m = skipAll(w, d.end, MONTHLY_DAY_TAIL);
    const end = MONTH_WORD.has(w[m] ?? '') ? m + 1 : d.end;
    return { value: recurrence('MONTHLY', { bymonthday: [d.value.day] }), end };
  }
  return unitRule(w, k);
}

/** "every weekday morning", "every monday evening": the part of day joins the rule. */
function withPart(w: Words, m: Match | null): Match | null {
  if (!m || m.meaning.kind !== 'recurrence' || m.meaning.part) return m;
  const part = /^[a-z]+$/.test(w[m.end] ?? '') ? PART_NOUN.get(w[m.end]!) : undefined;
  if (!part || m.meaning.freq === 'HOURLY' || m.meaning.freq === 'MINUTELY') return m;
  return { end: m.end + 1, meaning: { ...m.meaning, part } };
}

export function matchRecurrence(c: Ctx, i: number): Match | null {
  return withPart(c.w, recurrenceAt(c, i));
}

function recurrenceAt(c: Ctx, i: number): Match | null {
  const { w } = c;
  const x = w[i] ?? '';
  if (x === 'через' && w[i + 1] === 'день') return { end: i + 2, meaning: recurrence('DAILY', { interval: 2 }) };
  const adverb = ADVERB.get(x);
  if (adverb && (!/^[a-z]+$/.test(x) || w[i + 1] === undefined || ADVERB_FOLLOWER.has(w[i + 1]!) || /^\d/.test(w[i + 1]!))) {
    return { end: i + 1, meaning: recurrence(adverb) };
  }
  if ((x === 'раз' && (w[i + 1] === 'в' || w[i + 1] === 'во')) || (x === 'once' && (w[i + 1] === 'a' || w[i + 1] === 'an' || w[i + 1] === 'every'))) {
    const r = unitRule(w, i + 2);
    return r ? { end: r.end, meaning: r.value } : null;
  }
  const j = skipAll(w, i, LEAD);
  if (EVERY.has(w[j] ?? '')) {
    const r = afterEvery(w, j + 1);
    return r ? { end: r.end, meaning: r.value } : null;
  }
  const led = j > i;
  // "по понедельникам", "по пн и чт", "on mondays", "mondays and thursdays"
  const head = WEEKDAY.get(w[j] ?? '');
  const list = head && (head.plural || (w[i] === 'по' && head.abbr)) ? weekdayList(w, j, null) : null;
  if (list && (led || /^[a-z]+$/.test(w[j] ?? ''))) return { end: list.end, meaning: recurrence('WEEKLY', { byday: list.value }) };
  const range = weekdayRange(w, i);
  if (range) return { end: range.end, meaning: recurrence('WEEKLY', { byday: range.value }) };
  const y = w[j] ?? '';
  if (led && (WORKDAY.has(y) || (WORKING.has(y) && DAYS.has(w[j + 1] ?? '')))) {
    const end = DAYS.has(w[j + 1] ?? '') ? j + 2 : j + 1;
    if (w[i] === 'в' && y !== 'будни') return null;
    return { end, meaning: recurrence('WEEKLY', { byday: WEEKDAYS }) };
  }
  // "по выходным", "on weekends"; "в выходные", "on the weekend" are one weekend.
  if (((led && w[i] !== 'в') || /^week/.test(y)) && WEEKEND.has(y) && w[j - 1] !== 'the' && y !== 'weekend') {
    const end = DAYS.has(w[j + 1] ?? '') ? j + 2 : j + 1;
    return { end, meaning: recurrence('WEEKLY', { byday: WEEKENDS }) };
  }
  if (/^weekdays$/.test(y)) return { end: j + 1, meaning: recurrence('WEEKLY', { byday: WEEKDAYS }) };
  const part = w[i] === 'по' ? RU_PART_PLURAL.get(y) : undefined;
  if (part) return { end: j + 1, meaning: recurrence('DAILY', { part }) };
  const dom = dayOfMonth(w, j);
  if (dom) return { end: dom.end, meaning: recurrence('MONTHLY', { bymonthday: [dom.value] }) };
  return null;
}
