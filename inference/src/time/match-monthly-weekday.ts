import { recurrence } from './expression';
import type { Words } from './numbers';
import { skipAll, type Ctx, type Match } from './match';
import { set, table, WEEKDAY } from './vocab';

/**
 * An ordinal weekday of every month (rule 18): "в первый понедельник месяца", "каждый первый
 * понедельник месяца", "в последнюю пятницу месяца", "on the first monday of every month", "the
 * last friday of the month", "on the second tuesday of each month", "в 1-й понедельник месяца",
 * "every 1st monday of the month" → FREQ=MONTHLY;BYDAY=1MO.
 */

const LEAD = set('в', 'во', 'on', 'every', 'each', 'каждый', 'каждую', 'каждое', 'the');
const NTH = table<number>({
  первый: 1,
  первую: 1,
  первое: 1,
  второй: 2,
  вторую: 2,
  второе: 2,
  третий: 3,
  третью: 3,
  третье: 3,
  четвертый: 4,
  четвертую: 4,
  четвертое: 4,
  последний: -1,
  последнюю: -1,
  последнее: -1,
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  last: -1,
});
/** "1-ю", "1-й", "2-ое", "1st", "3rd": an ordinal in digits (of the five weekdays a month can have). */
const DIGIT_SUFFIX = set('st', 'nd', 'rd', 'th', 'й', 'ый', 'ой', 'ий', 'ю', 'ую', 'ью', 'е', 'ое', 'ее');

function nthAt(w: Words, j: number): { nth: number; end: number } | null {
  const word = NTH.get(w[j] ?? '');
  if (word !== undefined) return { nth: word, end: j + 1 };
  if (!/^[1-5]$/.test(w[j] ?? '')) return null;
  const k = w[j + 1] === '-' ? j + 2 : j + 1;
  return DIGIT_SUFFIX.has(w[k] ?? '') ? { nth: Number(w[j]), end: k + 1 } : null;
}

const MONTH_TAIL = set('of', 'the', 'every', 'each', 'каждого', 'этого', 'this');
const MONTH = set('месяца', 'month');

export function matchMonthlyWeekday(c: Ctx, i: number): Match | null {
  const w: Words = c.w;
  const j = skipAll(w, i, LEAD);
  const n = nthAt(w, j);
  const day = n ? WEEKDAY.get(w[n.end] ?? '') : undefined;
  if (!n || !day || day.plural) return null;
  const nth = n.nth;
  const k = w[n.end + 1] === '.' ? n.end + 2 : n.end + 1;
  const m = skipAll(w, k, MONTH_TAIL);
  if (!MONTH.has(w[m] ?? '')) return null;
  return { end: m + 1, meaning: { ...recurrence('MONTHLY', { byday: [day.day] }), nth } };
}
