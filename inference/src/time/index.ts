import { featurize } from '../text/featurize';
import type { Expression } from './expression';
import { findTimeExpressions } from './grammar';
import { resolve, type Resolution } from './resolve';

export type * from './expression';
export { findTimeExpressions } from './grammar';
export { resolve, formatDue, type ResolveOptions, type Resolution } from './resolve';
export { formatRRule } from './rrule';
export { uncovered } from './spans';

/** featurize → findTimeExpressions → resolve, for one message. */
export function parseTime(text: string, options: { now: string; timezone: string; intent: string }): Resolution & { expressions: Expression[] } {
  const f = featurize(text);
  const expressions = findTimeExpressions(f.words, f.normalized.lang);
  return { ...resolve(expressions, options), expressions };
}
