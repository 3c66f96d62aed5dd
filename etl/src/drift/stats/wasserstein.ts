/**
 * First Wasserstein distance of two samples (scipy.stats.wasserstein_distance: the integral of
 * |F_u − F_v| between consecutive pooled values) and Evidently's normed form, which divides by
 * the reference's population standard deviation, floored at 0.001.
 */
import { notEnoughData, type NotEnoughData, type WassersteinResult } from './result';
import { assertFinite } from './values';

export const WASSERSTEIN_THRESHOLD = 0.1;
const MIN_NORM = 0.001;

export function wassersteinDistance(u: readonly number[], v: readonly number[]): number {
  if (u.length === 0 || v.length === 0) throw new RangeError('wassersteinDistance needs two non-empty samples');
  assertFinite(u, 'reference');
  assertFinite(v, 'current');
  const x = Float64Array.from(u).sort();
  const y = Float64Array.from(v).sort();
  let i = 0;
  let j = 0;
  let previous = Math.min(x[0] as number, y[0] as number);
  let total = 0;
  // Walk the pooled values in order; between two of them both ECDFs are constant.
  while (i < x.length || j < y.length) {
    const value = Math.min(x[i] ?? Infinity, y[j] ?? Infinity);
    total += Math.abs(i / x.length - j / y.length) * (value - previous);
    previous = value;
    while (i < x.length && (x[i] as number) <= value) i++;
    while (j < y.length && (y[j] as number) <= value) j++;
  }
  return total;
}

/** numpy.std (ddof = 0), two-pass. */
export function populationStd(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  return Math.sqrt(squares / values.length);
}

export function normedWasserstein(
  reference: readonly number[],
  current: readonly number[],
  threshold: number = WASSERSTEIN_THRESHOLD,
): WassersteinResult | NotEnoughData {
  assertFinite(reference, 'reference');
  assertFinite(current, 'current');
  const empty = notEnoughData(reference.length, current.length);
  if (empty) return empty;
  const norm = Math.max(populationStd(reference), MIN_NORM);
  const distance = wassersteinDistance(reference, current);
  const score = distance / norm;
  return { test: 'wasserstein', score, distance, norm, threshold, driftScore: score, drifted: score >= threshold };
}
