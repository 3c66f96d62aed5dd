import { pythonSplit } from './code-points.js';

/** An inclusive range of n-gram lengths, as scikit-learn's `ngram_range=(min, max)`. */
export interface NgramRange {
  readonly min: number;
  readonly max: number;
}

const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * scikit-learn's `analyzer='char_wb'` with `lowercase=True` and no accent stripping: the text is
 * lowercased, split on Python whitespace, and each word padded with one space either side; every
 * n-gram of each length is taken inside the padded word, except that a padded word no longer
 * than n is taken once, whole, and ends that word's n-grams (so a word shorter than `min` still
 * yields itself). Lengths count code points, as Python does.
 */
export function charWbNgrams(text: string, range: NgramRange): string[] {
  const grams: string[] = [];
  for (const word of pythonSplit(text.toLowerCase())) {
    const padded = ` ${word} `;
    // Slicing UTF-16 units is the fast path; an astral character needs code-point slicing.
    if (SURROGATE.test(padded)) pushGrams(grams, Array.from(padded), range);
    else pushGrams(grams, padded, range);
  }
  return grams;
}

function pushGrams(grams: string[], padded: string | readonly string[], range: NgramRange): void {
  const len = padded.length;
  for (let n = range.min; n <= range.max; n += 1) {
    if (len <= n) {
      grams.push(typeof padded === 'string' ? padded : padded.join(''));
      return;
    }
    for (let start = 0; start + n <= len; start += 1) {
      grams.push(typeof padded === 'string' ? padded.slice(start, start + n) : padded.slice(start, start + n).join(''));
    }
  }
}
