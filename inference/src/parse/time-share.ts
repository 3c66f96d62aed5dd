import type { Expression } from '../time/expression';
import type { Tag } from './explain';

/**
 * The share of an expression's tokens the model tagged as time or zone: an expression counts
 * as the message's time from 0.5. The connectors that rules 13–14 added around a duration ("за
 * час до", "an hour before", "3 days hence", "a week from today") are not counted: a model
 * trained before those rules tags them as text, while the duration itself it knows. Punctuation
 * not tagged as time is not counted either.
 */
const TRAILING = new Set(['до', 'before', 'hence']);
const FROM_NOW = new Set(['today', 'now']);

export function timeShare(tags: readonly Tag[], x: Expression, words: readonly string[]): number {
  let from = x.start;
  let to = x.end;
  if ((x.meaning.kind === 'before' || x.meaning.kind === 'offset') && to - from > 2) {
    if (TRAILING.has(words[to - 1] ?? '') && tags[to - 1] !== 'TIME') to--;
    else if (words[to - 2] === 'from' && FROM_NOW.has(words[to - 1] ?? '') && tags[to - 1] !== 'TIME') to -= 2;
    if (words[from] === 'за' && tags[from] !== 'TIME') from++;
  }
  let n = 0;
  let d = 0;
  for (let i = from; i < to; i++) {
    const time = tags[i] === 'TIME' || tags[i] === 'ZONE';
    // An abbreviation's dot ("3 мар.", "thurs.") says nothing either way unless tagged as time.
    if (!time && /^\p{P}+$/u.test(words[i] ?? '')) continue;
    d++;
    if (time) n++;
  }
  return n / Math.max(1, d);
}
