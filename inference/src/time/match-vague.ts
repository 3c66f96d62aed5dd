import type { Ctx, Match } from './match';
import { set, UNIT } from './vocab';

/**
 * A duration with no exact size (rule 13): "через несколько минут", "через пару-тройку дней", "через 2-3 часа",
 * "in a few minutes", "in a few days", "in several hours". It names no time (a create asks),
 * and its words are no reminder text.
 */

const LEAD = set('через', 'спустя', 'in', 'within', 'after');
const SOME = set('несколько', 'several', 'some');
const RANGE_HEAD = set('пару', 'пара', 'два', 'две', 'три');
const RANGE_TAIL = set('тройку', 'три', 'четыре');

export function matchVague(c: Ctx, i: number): Match | null {
  const { w } = c;
  if (!LEAD.has(w[i] ?? '')) return null;
  let j = i + 1;
  if (w[j] === 'a' && w[j + 1] === 'few') j += 2;
  else if (SOME.has(w[j] ?? '') || w[j] === 'few') j++;
  // "пару-тройку", "два-три": two or three, no exact size.
  else if (w[j + 1] === '-' && (RANGE_HEAD.has(w[j] ?? '') || /^\d+$/.test(w[j] ?? '')) && (RANGE_TAIL.has(w[j + 2] ?? '') || /^\d+$/.test(w[j + 2] ?? '')))
    j += 3;
  else return null;
  if (w[j] === 'more') j++;
  return UNIT.has(w[j] ?? '') ? { end: j + 1, meaning: { kind: 'vague' } } : null;
}
