import type { DateMeaning } from './expression';
import { dateCore, matchWeekday } from './match-day';
import { matchOffset } from './match-offset';
import { cardinal, type Words } from './numbers';
import { isCyrillic, type Ctx, type Match } from './match';
import { set, UNIT } from './vocab';
import type { PeriodEnd } from './expression';

/**
 * Ends of a recurrence (rule 19): an end date "до 20 декабря", "по 20 декабря", "until march 20",
 * "до пятницы", "until fri" (an UntilMeaning: alone, the resolver reads it as the date or weekday), and a count "5 раз", "5 times",
 * "в течение недели", "в течение 2 недель", "for 2 weeks", "for a week" (a CountMeaning: alone,
 * a duration in days is the bare offset it was: "snooze for 2 days").
 */

const UNTIL = set('до', 'until', 'till', 'til', 'untill', 'untill', 'through', 'thru');
const TIMES = set('раз', 'раза', 'times', 'time');
/** "2 раза в день", "3 times a day", "twice per week" are frequencies, no count. */
const PER = set('в', 'во', 'a', 'an', 'per', 'за');
const DURING = set('течение', 'течении', 'протяжении');
/** "в ближайшие 5 дней", "в течение следующих 2 недель", "for the next 5 days", "over the next week". */
const NEXT_FEW = set('ближайшие', 'ближайших', 'следующие', 'следующих', 'next');
const END_WORD = set('конца', 'end');
const PERIOD = new Map<string, PeriodEnd['unit']>([
  ['недели', 'week'],
  ['week', 'week'],
  ['месяца', 'month'],
  ['month', 'month'],
  ['года', 'year'],
  ['year', 'year'],
]);
const PERIOD_DET = set('the', 'this', 'этой', 'этого', 'текущей', 'текущего');

/** "конца месяца", "the end of the month", "end of this week" at k: the period whose end it is. */
function periodEnd(w: Words, k: number): { unit: PeriodEnd['unit']; end: number } | null {
  const e = w[k] === 'the' ? k + 1 : k;
  if (!END_WORD.has(w[e] ?? '')) return null;
  let p = w[e] === 'end' ? (w[e + 1] === 'of' ? e + 2 : -1) : e + 1;
  if (p < 0) return null;
  if (PERIOD_DET.has(w[p] ?? '')) p++;
  const unit = PERIOD.get(w[p] ?? '');
  // "до конца этой недели": the determiner may follow the noun in Russian too ("до конца недели этой" is rare: not read).
  return unit ? { unit, end: p + 1 } : null;
}

function endDate(c: Ctx, i: number): Match | null {
  const w = c.w;
  const by = w[i] === 'по';
  if (!UNTIL.has(w[i] ?? '') && !by) return null;
  const j = w[i + 1] === 'the' ? i + 2 : i + 1;
  const d: { value: DateMeaning; end: number } | null = dateCore(w, j, j > i + 1);
  // "по 20 декабря" only with a month: "по 2" is no date.
  if (d && !(by && d.value.month === null)) return { end: d.end, meaning: { kind: 'until', date: d.value } };
  const period = by ? null : periodEnd(w, i + 1);
  if (period) return { end: period.end, meaning: { kind: 'until', date: { kind: 'periodEnd', unit: period.unit } } };
  // "до пятницы", "until fri": the weekday of rule 6 ("по пятницам" is a recurrence, not an end).
  const day = by ? null : matchWeekday(c, i + 1);
  return day?.meaning.kind === 'weekday' && day.meaning.modifier !== 'nextWeek' ? { end: day.end, meaning: { kind: 'until', date: day.meaning } } : null;
}

function times(w: Words, i: number): Match | null {
  const n = cardinal(w, i);
  if (!n || n.value < 1 || !TIMES.has(w[n.end] ?? '')) return null;
  if (PER.has(w[n.end + 1] ?? '') && UNIT.has(w[n.end + 2] ?? '')) return null;
  return { end: n.end + 1, meaning: { kind: 'count', times: n.value, days: 0 } };
}

/** Days in "недели", "2 недель", "a week", "14 days" at k (a month and longer: no count). */
function days(c: Ctx, k: number): { days: number; end: number } | null {
  const w = c.w;
  const article = w[k] === 'a' || w[k] === 'an' || w[k] === 'one';
  const unit = UNIT.get(w[article ? k + 1 : k] ?? '');
  if (unit === 'day' || unit === 'week') return { days: unit === 'week' ? 7 : 1, end: article ? k + 2 : k + 1 };
  const o = matchOffset(c, k);
  if (!o || o.meaning.kind !== 'offset') return null;
  const m = o.meaning;
  if (m.minutes || m.months || m.years || (!m.days && !m.weeks)) return null;
  return { days: m.days + 7 * m.weeks, end: o.end };
}

function during(c: Ctx, i: number): Match | null {
  const { w } = c;
  let k = -1;
  if (w[i] === 'в' && (DURING.has(w[i + 1] ?? '') || /^течени/.test(w[i + 1] ?? ''))) k = i + 2;
  else if (w[i] === 'на' && w[i + 1] === 'протяжении') k = i + 2;
  else if (w[i] === 'for' || w[i] === 'over') k = i + 1;
  else if (w[i] === 'в' && NEXT_FEW.has(w[i + 1] ?? '') && isCyrillic(w[i + 1])) k = i + 1;
  if (k < 0) return null;
  // "в течение ближайших 5 дней", "for the next 5 days": the same duration.
  if (w[k] === 'the' && w[k + 1] === 'next') k += 2;
  else if (NEXT_FEW.has(w[k] ?? '') && isCyrillic(w[k])) k++;
  else if (w[i] === 'over') return null;
  const d = days(c, k);
  return d ? { end: d.end, meaning: { kind: 'count', times: null, days: d.days } } : null;
}

export function matchRecurrenceEnd(c: Ctx, i: number): Match | null {
  return endDate(c, i) ?? times(c.w, i) ?? during(c, i);
}
