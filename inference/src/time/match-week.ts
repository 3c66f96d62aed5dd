import type { Words } from './numbers';
import { skip, type Ctx, type Match } from './match';
import { set } from './vocab';

/**
 * A whole week (rule 20): "на этой неделе", "на следующей неделе", "this week", "next week",
 * "for the coming week". Weekdays "on this week" are matchWeekday's ("в пятницу на этой неделе"
 * starts earlier and reads longer).
 */

const THE = set('the');
const PREP = set('на', 'в', 'во', 'for', 'on', 'in', 'during', 'over');
const THIS = set('этой', 'эту', 'текущей', 'this', 'current');
const NEXT = set('следующей', 'следующую', 'будущей', 'next', 'coming', 'following');
/** The corrector reads "неделе" as "недели": both. */
const WEEK = set('неделе', 'недели', 'неделю', 'week');

export function matchWeek(c: Ctx, i: number): Match | null {
  const w: Words = c.w;
  const j = skip(w, skip(w, i, PREP), THE);
  const x = w[j] ?? '';
  const next = NEXT.has(x);
  if ((!next && !THIS.has(x)) || !WEEK.has(w[j + 1] ?? '')) return null;
  // "на эту неделю" is fine; "в эту неделю" reads oddly but means the same.
  return { end: j + 2, meaning: { kind: 'week', next } };
}
