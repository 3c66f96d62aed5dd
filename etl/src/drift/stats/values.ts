/** Window values: finite numbers or categories, checked at the door. */

/** A categorical value; numeric columns with few distinct values are tested as categories too. */
export type Category = string | number;

export type WindowSide = 'reference' | 'current';

/** A numeric window held NaN or ±Infinity (Evidently drops them silently; we refuse). */
export class NonFiniteValueError extends RangeError {
  constructor(
    readonly side: WindowSide,
    readonly index: number,
    readonly value: number,
  ) {
    super(`${side} window: value at index ${index} is ${value}, not a finite number`);
    this.name = 'NonFiniteValueError';
  }
}

export function assertFinite(values: readonly number[], side: WindowSide): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) throw new NonFiniteValueError(side, i, v);
  }
}

/** Checks every numeric entry of a categorical window (a NaN category is as bad as a NaN number). */
export function assertFiniteCategories(values: readonly Category[], side: WindowSide): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as Category;
    if (typeof v === 'number' && !Number.isFinite(v)) throw new NonFiniteValueError(side, i, v);
  }
}

export function isNumberArray(values: readonly Category[]): values is readonly number[] {
  return values.every((v) => typeof v === 'number');
}

/** Counts per distinct value (numbers as numbers, so 1 and 1.0 are one key, as in pandas). */
export function countValues(values: readonly Category[]): Map<Category, number> {
  const counts = new Map<Category, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

/** Distinct values of both windows: Evidently's keys, the union of the two. */
export function unionKeys(a: ReadonlyMap<Category, number>, b: ReadonlyMap<Category, number>): Category[] {
  return [...new Set([...a.keys(), ...b.keys()])];
}

/** Python's sorted(): numbers numerically, strings by code point (mixed, which Python refuses: numbers first). */
export function compareCategories(a: Category, b: Category): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  const ca = [...a];
  const cb = [...b];
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    const d = (ca[i]?.codePointAt(0) ?? 0) - (cb[i]?.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
  return ca.length - cb.length;
}
