import type { Words } from './numbers';
import type { Ctx, Match } from './match';
import { set, WEEKDAY } from './vocab';

/**
 * A night (rule 17): "в ночь с пятницы на субботу", "ночью с пятницы на субботу", "the night of
 * Friday", "on friday night" is matchPartOfDay's. The night is 23:00 on the first day named.
 */

const FROM = set('с', 'со');
const TO = set('на');
const NIGHT_RU = set('ночь', 'ночью');

const day = (w: Words, k: number) => {
  const d = WEEKDAY.get(w[k] ?? '');
  return d && !d.plural ? d.day : null;
};

export function matchNight(c: Ctx, i: number): Match | null {
  const { w } = c;
  const k = w[i] === 'в' && NIGHT_RU.has(w[i + 1] ?? '') ? i + 2 : NIGHT_RU.has(w[i] ?? '') ? i + 1 : -1;
  if (k >= 0 && FROM.has(w[k] ?? '')) {
    const first = day(w, k + 1);
    if (first === null) return null;
    // "с пятницы на субботу": the second day only confirms the first.
    const end = TO.has(w[k + 2] ?? '') && day(w, k + 3) !== null ? k + 4 : k + 2;
    return { end, meaning: { kind: 'night', day: first } };
  }
  const j = w[i] === 'on' || w[i] === 'for' ? i + 1 : i;
  if (w[j] === 'the' && w[j + 1] === 'night' && (w[j + 2] === 'of' || w[j + 2] === 'before')) {
    const first = day(w, j + 3);
    if (first === null || w[j + 2] === 'before') return null;
    return { end: j + 4, meaning: { kind: 'night', day: first } };
  }
  return null;
}
