import { CARDINAL, ORDINAL, ORDINAL_SUFFIX } from './vocab';

/** A value read from words[i..end). */
export interface Parsed<T> {
  value: T;
  end: number;
}

export type Words = readonly string[];

export const isDigits = (w: string | undefined): w is string => w !== undefined && /^\d+$/.test(w);

/** A cardinal: digits, or number words with compounds ("двадцать пять", "twenty five", "twenty-five"). */
export function cardinal(w: Words, i: number): Parsed<number> | null {
  const x = w[i];
  if (x === undefined) return null;
  if (isDigits(x)) return x.length <= 9 ? { value: Number(x), end: i + 1 } : null;
  const n = CARDINAL.get(x);
  if (n === undefined) return null;
  if (n >= 20 && n % 10 === 0) {
    const j = w[i + 1] === '-' ? i + 2 : i + 1;
    const unit = CARDINAL.get(w[j] ?? '');
    if (unit !== undefined && unit >= 1 && unit <= 9) return { value: n + unit, end: j + 1 };
  }
  return { value: n, end: i + 1 };
}

/** A cardinal written in words only (no digits). */
export function wordCardinal(w: Words, i: number): Parsed<number> | null {
  return isDigits(w[i]) ? null : cardinal(w, i);
}

/** Digits with a decimal part: "1.5", "1,5" (the tokenizer splits them). */
export function decimal(w: Words, i: number): Parsed<number> | null {
  const a = w[i];
  const b = w[i + 2];
  if (isDigits(a) && (w[i + 1] === '.' || w[i + 1] === ',') && isDigits(b) && b.length === 1) {
    return { value: Number(`${a}.${b}`), end: i + 3 };
  }
  return null;
}

/**
 * An ordinal: digits with a suffix ("15th", "1-го", "5-е"), a word ("пятнадцатого", "fifteenth",
 * "twenty-first", "двадцать первого"). With `cardinalOk`, also a plain cardinal ("15 марта",
 * and "fifteen", the corrector's reading of "fifteenth").
 */
export function ordinal(w: Words, i: number, cardinalOk: boolean): Parsed<number> | null {
  const x = w[i];
  if (x === undefined) return null;
  if (isDigits(x)) {
    const j = w[i + 1] === '-' ? i + 2 : i + 1;
    // "3-его" needs its hyphen: "3 его друзьям" is a number and a pronoun.
    if (ORDINAL_SUFFIX.has(w[j] ?? '') && (w[j] !== 'его' || j === i + 2)) return { value: Number(x), end: j + 1 };
    return cardinalOk && x.length <= 2 ? { value: Number(x), end: i + 1 } : null;
  }
  const tens = CARDINAL.get(x);
  if (tens === 20 || tens === 30) {
    const j = w[i + 1] === '-' ? i + 2 : i + 1;
    const unit = ORDINAL.get(w[j] ?? '');
    if (unit !== undefined && unit <= 9) return { value: tens + unit, end: j + 1 };
  }
  const o = ORDINAL.get(x);
  if (o !== undefined) return { value: o, end: i + 1 };
  if (cardinalOk) return wordCardinal(w, i);
  return null;
}
