import type { Lexicon } from './lexicon';

export interface Correction {
  from: string;
  to: string;
  /** Index of the corrected token. */
  token: number;
}

/**
 * Step 2: typo correction of time vocabulary and triggers ("зафтра" → "завтра", "remidn" →
 * "remind"). A lower-case word that is not in the lexicon is corrected to the nearest lexicon
 * word with the same first letter, within optimal-string-alignment distance 1 (2 from 7
 * letters); ties go to the alphabetically first. Real words that sit near the vocabulary
 * ("завтрак", "match") are listed as not typos. Part of the featurisation contract.
 */
export function correctWord(word: string, lex: Lexicon): string | null {
  const c = lex.file.correction;
  const chars = [...word];
  if (chars.length < c.minTokenLength || !/^\p{L}+$/u.test(word)) return null;
  if (lex.classesOf.has(word) || lex.notTypos.has(word)) return null;
  const max = chars.length >= c.longFrom ? c.maxDistanceLong : c.maxDistanceShort;
  let best: string | null = null;
  let bestD = max + 1;
  for (const t of lex.targets.get(chars[0]!) ?? []) {
    if (Math.abs([...t].length - chars.length) > max) continue;
    const d = osaDistance(chars, [...t]);
    if (d < bestD) {
      best = t;
      bestD = d;
    }
  }
  return best;
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
export function osaDistance(a: string[], b: string[]): number {
  const n = a.length;
  const m = b.length;
  let prev2: number[] = [];
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  for (let i = 1; i <= n; i++) {
    const cur = [i];
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur.push(v);
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[m]!;
}
