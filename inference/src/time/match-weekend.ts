import { skip, type Ctx, type Match } from './match';
import { set } from './vocab';

/**
 * One weekend (rule 17): "на выходных", "в эти выходные", "на этих выходных", "this weekend",
 * "on the weekend", "at the weekend", "over the weekend". Every weekend ("по выходным", "on
 * weekends", "every weekend") is a recurrence (matchRecurrence reads those).
 */

const RU_PREP = set('на', 'в', 'во');
const RU_THIS = set('этих', 'эти', 'ближайших', 'ближайшие');
const RU_WEEKEND = set('выходных', 'выходные');
const EN_PREP = set('on', 'at', 'over', 'for', 'during', 'by');
const EN_THIS = set('this', 'the', 'coming');

export function matchWeekend(c: Ctx, i: number): Match | null {
  const { w } = c;
  const ru = skip(w, i, RU_PREP);
  if (ru > i) {
    const j = skip(w, ru, RU_THIS);
    // "в выходные" with no "эти" reads as one weekend too; "по выходным" never gets here.
    if (RU_WEEKEND.has(w[j] ?? '')) return { end: j + 1, meaning: { kind: 'weekend' } };
    return null;
  }
  const k = skip(w, skip(w, i, EN_PREP), EN_THIS);
  if (k > i && w[k] === 'weekend' && (k > i + 1 || w[i] === 'this' || w[i] === 'coming')) return { end: k + 1, meaning: { kind: 'weekend' } };
  return null;
}
