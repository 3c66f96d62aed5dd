import type { Meaning } from './expression';
import type { Words } from './numbers';

export type Lang = 'ru' | 'en' | 'mixed';

export interface Ctx {
  w: Words;
  lang: Lang;
}

export interface Match {
  end: number;
  meaning: Meaning;
}

/** Tries to read one expression starting at token i (its own prepositions included). */
export type Matcher = (c: Ctx, i: number) => Match | null;

/** Index after an optional word from `words` at i. */
export const skip = (w: Words, i: number, words: ReadonlySet<string>): number => (words.has(w[i] ?? '') ? i + 1 : i);

/** Index after a run of optional words from `words` (e.g. "at around", "в районе"). */
export const skipAll = (w: Words, i: number, words: ReadonlySet<string>): number => {
  let j = i;
  while (words.has(w[j] ?? '')) j++;
  return j;
};

export const isLatin = (s: string | undefined): boolean => s !== undefined && /^[a-z']+$/.test(s);
export const isCyrillic = (s: string | undefined): boolean => s !== undefined && /^\p{Script=Cyrillic}+$/u.test(s);
