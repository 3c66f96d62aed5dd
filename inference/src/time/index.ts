import { featurize } from '../text/featurize';
import type { Expression } from './expression';
import { findTimeExpressions } from './grammar';
import { listPeriod, type ListPeriod } from './list-period';
import { resolve, type Resolution } from './resolve';

export type * from './expression';
export { findTimeExpressions } from './grammar';
export { resolve, formatDue, type ResolveOptions, type Resolution } from './resolve';
export { formatRRule } from './rrule';
export { uncovered } from './spans';
export { listPeriod, type ListPeriod, type ListPeriodOptions } from './list-period';

/** featurize → findTimeExpressions → resolve, for one message. */
export function parseTime(text: string, options: { now: string; timezone: string; intent: string }): Resolution & { expressions: Expression[] } {
  const f = featurize(text);
  const expressions = findTimeExpressions(f.words, f.normalized.lang);
  return { ...resolve(expressions, options), expressions };
}

/** featurize → findTimeExpressions → listPeriod: the period a list request names (rule 20), or null. */
export function parseListPeriod(text: string, options: { now: string; timezone: string }): ListPeriod | null {
  const f = featurize(text);
  return listPeriod(findTimeExpressions(f.words, f.normalized.lang), options);
}
