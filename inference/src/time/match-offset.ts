import { offset, type OffsetMeaning } from './expression';
import { cardinal, decimal, isDigits, type Parsed, type Words } from './numbers';
import type { Ctx, Match } from './match';
import { osaDistance } from '../text/correct';
import { UNIT, UNIT_AFTER_DIGITS, set, type Unit } from './vocab';

/**
 * Offsets (rule 7): "через 2 часа", "через полчаса", "через полтора часа", "in 45 minutes",
 * "in an hour and a half", "через 2 дня", "через неделю", "in a couple of hours", "на 10 минут",
 * "snooze 1 hour", "2 hours later", "через 2 часа 30 минут".
 */

const LEAD = set('через', 'спустя', 'in', 'after', 'within', 'на', 'by');
const WEAK_LEAD = set('for');
const LATER = set('later', 'позже', 'спустя', 'hence');
/** "a week from now", "a week from today" (rule 13): the same offset from now. */
const FROM_NOW = set('now', 'today');
const QUARTERS = set('четверти', 'quarters');
const JOIN = set('и', 'and', ',');
const HALF_RU = set('половиной', 'половина');
const COUPLE = set('пару', 'пара', 'пары', 'couple');
/** Words after which "an hour" is a postponement: "push it back an hour", "snooze an hour". */
const SNOOZE_BEFORE = set('back', 'it', 'snooze', 'delay', 'postpone', 'push', 'forward', 'that', 'this');
/** Units that may stand without a number after a lead: "через час", "in hour" is no English. */
const IMPLICIT_ONE = set(
  'час',
  'часик',
  'часок',
  'минуту',
  'минутку',
  'минуточку',
  'неделю',
  'недельку',
  'месяц',
  'год',
  'годик',
  'сутки',
  'день',
  'денек',
  'секунду',
);

type Amount = Omit<OffsetMeaning, 'kind' | 'bare'>;

const MINUTES: Partial<Record<Unit, number>> = { second: 1 / 60, minute: 1, hour: 60 };

/** n units as an offset; fractions of calendar units fall to the unit below. */
function amount(n: number, unit: Unit): Amount | null {
  const a: Amount = { minutes: 0, days: 0, weeks: 0, months: 0, years: 0 };
  const perMinute = MINUTES[unit];
  if (perMinute !== undefined) a.minutes = n * perMinute;
  else if (Number.isInteger(n)) a[`${unit}s` as 'days' | 'weeks' | 'months' | 'years'] = n;
  else if (unit === 'day' || unit === 'week') {
    // "через полтора дня" = a day (wall clock kept) and 12 hours; "полторы недели" = 10 days and 12 hours.
    const days = unit === 'week' ? n * 7 : n;
    a.days = Math.floor(days);
    a.minutes = Math.round((days - Math.floor(days)) * 24 * 60);
  } else if (unit === 'year' && Number.isInteger(n * 12)) a.months = n * 12;
  else return null;
  return a;
}

interface Quantity {
  n: number;
  /** Written as "a"/"an": needs a lead or a snooze verb before it. */
  article: boolean;
}

function quantity(w: Words, k: number): Parsed<Quantity> | null {
  const x = w[k] ?? '';
  if (x === 'полтора' || x === 'полторы') return { value: { n: 1.5, article: false }, end: k + 1 };
  const a = x === 'a' || x === 'an';
  const c = a ? k + 1 : k;
  if (COUPLE.has(w[c] ?? '')) return { value: { n: 2, article: false }, end: w[c + 1] === 'of' ? c + 2 : c + 1 };
  if (a) return { value: { n: 1, article: true }, end: k + 1 };
  const n = decimal(w, k) ?? cardinal(w, k);
  if (!n) return null;
  // "два с половиной часа", "2 and a half hours"
  if (w[n.end] === 'с' && HALF_RU.has(w[n.end + 1] ?? '')) return { value: { n: n.value + 0.5, article: false }, end: n.end + 2 };
  if (w[n.end] === 'and' && w[n.end + 1] === 'a' && w[n.end + 2] === 'half') return { value: { n: n.value + 0.5, article: false }, end: n.end + 3 };
  return { value: { n: n.value, article: false }, end: n.end };
}

interface Part {
  amount: Amount;
  article: boolean;
  implicit: boolean;
}

/** One "N units" piece. */
function part(w: Words, k: number, led: boolean, lead: string | undefined): Parsed<Part> | null {
  const x = w[k] ?? '';
  const fixed = (minutes: number, end: number): Parsed<Part> => ({
    value: { amount: { minutes, days: 0, weeks: 0, months: 0, years: 0 }, article: false, implicit: false },
    end,
  });
  if (x === 'полчаса' || x === 'полчасика') return fixed(30, k + 1);
  if (x === 'полминуты') return fixed(0.5, k + 1);
  if (x === 'пол' && UNIT.get(w[k + 1] ?? '') === 'hour') return fixed(30, k + 2);
  // "через полнедели", "in half a week": 3 days on the wall clock and 12 hours.
  const halfWeek = (end: number): Parsed<Part> => ({ value: { amount: amount(0.5, 'week')!, article: false, implicit: false }, end });
  if (x === 'полнедели') return halfWeek(k + 1);
  if (x === 'пол' && UNIT.get(w[k + 1] ?? '') === 'week') return halfWeek(k + 2);
  // "четверть часа", "(a) quarter of an hour", "a quarter hour": 15 minutes
  if (x === 'четверть' && UNIT.get(w[k + 1] ?? '') === 'hour') return fixed(15, k + 2);
  if (x === 'quarter' || (x === 'a' && w[k + 1] === 'quarter')) {
    const q = x === 'a' ? k + 1 : k;
    const o = w[q + 1] === 'of' ? q + 2 : q + 1;
    const u = w[o] === 'an' || w[o] === 'a' ? o + 1 : o;
    if (UNIT.get(w[u] ?? '') === 'hour') return fixed(15, u + 1);
    return null;
  }
  // "a fortnight", "2 fortnights": two weeks (calendar days, wall clock kept)
  if (x === 'fortnight' || (x === 'a' && w[k + 1] === 'fortnight')) {
    return { value: { amount: { minutes: 0, days: 0, weeks: 2, months: 0, years: 0 }, article: x === 'a', implicit: false }, end: x === 'a' ? k + 2 : k + 1 };
  }
  if (x === 'half' || (x === 'a' && w[k + 1] === 'half')) {
    const h = x === 'a' ? k + 1 : k;
    const u = w[h + 1] === 'an' || w[h + 1] === 'a' ? h + 2 : h + 1;
    if (UNIT.get(w[u] ?? '') === 'hour') return fixed(30, u + 1);
    if (UNIT.get(w[u] ?? '') === 'week') return halfWeek(u + 1);
    return null;
  }
  const q = quantity(w, k);
  if (!q && led && IMPLICIT_ONE.has(x) && !(lead === 'через' && (x === 'день' || x === 'денек'))) {
    const unit = UNIT.get(x)!;
    const end = halfAfter(w, k + 1);
    return { value: { amount: amount(end.half ? 1.5 : 1, unit)!, article: false, implicit: true }, end: end.end };
  }
  if (!q) return null;
  // "три четверти часа", "three quarters of an hour": n quarters of an hour.
  if (QUARTERS.has(w[q.end] ?? '')) {
    const o = w[q.end + 1] === 'of' ? q.end + 2 : q.end + 1;
    const h = w[o] === 'an' || w[o] === 'a' ? o + 1 : o;
    return UNIT.get(w[h] ?? '') === 'hour' ? fixed(q.value.n * 15, h + 1) : null;
  }
  const u = w[q.end] ?? '';
  const unit = UNIT.get(u) ?? (isDigits(w[q.end - 1]) ? UNIT_AFTER_DIGITS.get(u) : undefined) ?? (led ? nearUnit(u) : undefined);
  if (!unit) return null;
  const after = halfAfter(w, q.end + 1);
  const a = amount(q.value.n + (after.half ? 0.5 : 0), unit);
  if (!a) return null;
  return { value: { amount: a, article: q.value.article, implicit: false }, end: after.end };
}

/**
 * A unit misspelt in a way the corrector leaves (it skips words under four letters: "днй"),
 * read after a lead and a number only: the unit word one edit away, same first letter.
 */
function nearUnit(u: string): Unit | undefined {
  const chars = [...u];
  if (chars.length !== 3 || !/^\p{L}+$/u.test(u)) return undefined;
  const hits = new Set<Unit>();
  for (const [word, unit] of UNIT) {
    if (word[0] === u[0] && Math.abs([...word].length - 3) <= 1 && osaDistance(chars, [...word]) === 1) hits.add(unit);
  }
  return hits.size === 1 ? [...hits][0] : undefined;
}

/** "an hour and a half", "час с половиной". */
function halfAfter(w: Words, j: number): { half: boolean; end: number } {
  if (w[j] === 'and' && w[j + 1] === 'a' && w[j + 2] === 'half') return { half: true, end: j + 3 };
  if (w[j] === 'с' && HALF_RU.has(w[j + 1] ?? '')) return { half: true, end: j + 2 };
  return { half: false, end: j };
}

/** Spoken Russian puts the unit first: "минут через 10", "часа через два", "через минут 5". */
function inverted(w: Words, i: number): Match | null {
  const unitFirst = UNIT.get(w[i] ?? '') !== undefined && w[i + 1] === 'через';
  const leadFirst = w[i] === 'через' && UNIT.get(w[i + 1] ?? '') !== undefined;
  if (!unitFirst && !leadFirst) return null;
  const q = cardinal(w, i + 2);
  if (!q) return null;
  const a = amount(q.value, UNIT.get(w[i + (unitFirst ? 0 : 1)]!)!);
  return a ? { end: q.end, meaning: offset({ ...a, bare: false }) } : null;
}

export function matchOffset(c: Ctx, i: number): Match | null {
  const { w } = c;
  const inv = inverted(w, i);
  if (inv) return inv;
  const lead = w[i];
  const strong = LEAD.has(lead ?? '');
  const weak = WEAK_LEAD.has(lead ?? '');
  let j = strong || weak ? i + 1 : i;
  if (w[j] === 'еще' || w[j] === 'another') j++;
  const first = part(w, j, strong, lead);
  if (!first) return null;
  const total: Amount = { ...first.value.amount };
  let end = first.end;
  for (;;) {
    const k = JOIN.has(w[end] ?? '') ? end + 1 : end;
    const next = part(w, k, false, undefined);
    if (!next || next.value.article) break;
    for (const key of ['minutes', 'days', 'weeks', 'months', 'years'] as const) total[key] += next.value.amount[key];
    end = next.end;
  }
  let later = false;
  if (LATER.has(w[end] ?? '')) {
    later = true;
    end++;
  } else if (w[end] === 'from' && FROM_NOW.has(w[end + 1] ?? '')) {
    later = true;
    end += 2;
  }
  const bare = !strong && !later;
  if (bare && w[j] === 'one' && w[j + 1] === 'day') return null; // "one day" is someday
  if (bare && first.value.article && !SNOOZE_BEFORE.has(w[i - 1] ?? '') && !weak) return null;
  return { end, meaning: offset({ ...total, bare }) };
}
