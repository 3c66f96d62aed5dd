import { normalize, type Normalized } from './normalize';
import { tokenize, type Token } from './tokenize';
import { correctWord, type Correction } from './correct';
import { lexicon, type Lexicon } from './lexicon';

/**
 * The featurisation contract between training (Python, inference/training/featurize.py) and
 * serving (here): normalise → tokenise → correct typos → string features per token → hashed ids.
 * Both sides are checked against inference/featurisation/golden.json; change one, change both,
 * bump FEATURISATION.version and regenerate the golden file (`pnpm featurisation:golden`).
 */
export const FEATURISATION = { version: 1, buckets: 65536, maxFeatures: 32, maxTokens: 128 } as const;

export interface Featurized {
  normalized: Normalized;
  tokens: Token[];
  /** Lower-cased token text after typo correction: what the grammar reads. */
  words: string[];
  corrections: Correction[];
  /** Per token, FEATURISATION.maxFeatures ids in [1, buckets), 0-padded. */
  ids: number[][];
}

export function featurize(text: string, lex: Lexicon = lexicon()): Featurized {
  const normalized = normalize(text);
  const tokens = tokenize(normalized.text).slice(0, FEATURISATION.maxTokens);
  const corrections: Correction[] = [];
  const words: string[] = [];
  const ids: number[][] = [];
  tokens.forEach((t, i) => {
    const lower = t.text.toLowerCase();
    const fixed = correctWord(lower, lex);
    if (fixed) corrections.push({ from: t.text, to: fixed, token: i });
    const word = fixed ?? lower;
    words.push(word);
    ids.push(hashFeatures(tokenFeatures(t.text, lower, word, lex)));
  });
  return { normalized, tokens, words, corrections, ids };
}

export function tokenFeatures(original: string, lower: string, word: string, lex: Lexicon): string[] {
  const cps = [...word];
  const f = [`w=${lower}`];
  if (word !== lower) f.push(`cw=${word}`);
  for (const cls of lex.classesOf.get(word) ?? []) f.push(`lex=${cls}`);
  f.push(`shape=${shape(original)}`);
  if (/^\p{N}+$/u.test(word)) {
    const n = Number(word);
    f.push(`num=${Number.isSafeInteger(n) && n <= 100 ? n : 'big'}`, `digits=${cps.length}`);
  } else {
    f.push(`p3=${cps.slice(0, 3).join('')}`, `s3=${cps.slice(-3).join('')}`);
    const padded = ['^', ...cps, '$'];
    for (let i = 0; i + 3 <= padded.length; i++) f.push(`c=${padded.slice(i, i + 3).join('')}`);
  }
  return f.slice(0, FEATURISATION.maxFeatures);
}

/** Letter case and kind per character, runs collapsed: "Позвонить" → "Aa", "18" → "d", "," → ",". */
export function shape(s: string): string {
  let out = '';
  for (const ch of s) {
    const k = /\p{Lu}/u.test(ch) ? 'A' : /\p{L}/u.test(ch) ? 'a' : /\p{N}/u.test(ch) ? 'd' : ch;
    if (!out.endsWith(k)) out += k;
  }
  return out;
}

export function hashFeatures(features: string[]): number[] {
  const ids = features.map((f) => (fnv1a(f) % (FEATURISATION.buckets - 1)) + 1);
  while (ids.length < FEATURISATION.maxFeatures) ids.push(0);
  return ids;
}

const encoder = new TextEncoder();
/** FNV-1a, 32 bits, over the UTF-8 bytes. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (const b of encoder.encode(s)) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
