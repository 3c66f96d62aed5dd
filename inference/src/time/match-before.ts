import { offset, type OffsetMeaning } from './expression';
import type { Words } from './numbers';
import type { Ctx, Match } from './match';
import { matchOffset } from './match-offset';
import { UNIT } from './vocab';

/**
 * Before an anchor (rule 14): "за час до", "за 2 дня до", "за полчаса до", "an hour before",
 * "15 minutes before", "a week before". The span holds the duration and "до"/"before"; the
 * anchor ("встречи в 15:00", "the 7pm train", "march 29") is read by the other matchers and the
 * resolver subtracts the duration from it.
 */

const CALENDAR = { day: 'days', week: 'weeks', month: 'months', year: 'years' } as const;

/** "час", "день", "hour" with no number: one of the unit; "a"/"an" + unit likewise. */
function one(w: Words, k: number): { amount: OffsetMeaning; end: number } | null {
  const article = w[k] === 'a' || w[k] === 'an' || w[k] === 'one';
  const unit = UNIT.get(w[article ? k + 1 : k] ?? '');
  if (!unit || unit === 'second') return null;
  const end = article ? k + 2 : k + 1;
  if (unit === 'minute' || unit === 'hour') return { amount: offset({ minutes: unit === 'hour' ? 60 : 1 }), end };
  const amount = offset({});
  amount[CALENDAR[unit]] = 1;
  return { amount, end };
}

/** The duration at k, ending right before `end` ("до"/"before"). */
function duration(c: Ctx, k: number, word: string): Match | null {
  const single = one(c.w, k);
  if (single && c.w[single.end] === word) return { end: single.end + 1, meaning: { kind: 'before', offset: single.amount } };
  const o = matchOffset(c, k);
  if (!o || o.meaning.kind !== 'offset' || !o.meaning.bare || c.w[o.end] !== word) return null;
  return { end: o.end + 1, meaning: { kind: 'before', offset: { ...o.meaning, bare: false } } };
}

/** The longest duration read before "before": "an hour and a half", "2 hours 30 minutes". */
const LOOKAHEAD = 8;

export function matchBefore(c: Ctx, i: number): Match | null {
  if (c.w[i] === 'за') return duration(c, i + 1, 'до');
  // Most tokens have no "before" ahead: skip the offset grammar for them.
  for (let k = i + 1; k <= i + LOOKAHEAD && k < c.w.length; k++) if (c.w[k] === 'before') return duration(c, i, 'before');
  return null;
}
