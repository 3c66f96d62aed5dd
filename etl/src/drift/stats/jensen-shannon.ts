/**
 * Evidently's "jensenshannon" test: scipy.spatial.distance.jensenshannon (natural log) of the
 * binned shares of the two windows, empty bins left at zero.
 */
import { binnedShares } from './binning';
import { notEnoughData, type JensenShannonResult, type NotEnoughData } from './result';
import { assertFiniteCategories, type Category } from './values';

export const JENSEN_SHANNON_THRESHOLD = 0.1;

/** scipy.special.rel_entr: x·ln(x/y), 0 where x = 0, ∞ where only y = 0. */
function relativeEntropy(x: number, y: number): number {
  if (x > 0 && y > 0) return x * Math.log(x / y);
  if (x === 0 && y >= 0) return 0;
  return Infinity;
}

function normalised(p: Float64Array): Float64Array {
  let sum = 0;
  for (const v of p) sum += v;
  return p.map((v) => v / sum);
}

/** sqrt(JSD) of two (unnormalised) distributions, as scipy computes it. */
export function jensenShannon(pRaw: Float64Array, qRaw: Float64Array): number {
  const p = normalised(pRaw);
  const q = normalised(qRaw);
  let left = 0;
  let right = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i] as number;
    const qi = q[i] as number;
    const m = (pi + qi) / 2;
    left += relativeEntropy(pi, m);
    right += relativeEntropy(qi, m);
  }
  return Math.sqrt((left + right) / 2);
}

export function jensenShannonDistance<T extends Category>(
  reference: readonly T[],
  current: readonly T[],
  threshold: number = JENSEN_SHANNON_THRESHOLD,
): JensenShannonResult | NotEnoughData {
  assertFiniteCategories(reference, 'reference');
  assertFiniteCategories(current, 'current');
  const empty = notEnoughData(reference.length, current.length);
  if (empty) return empty;
  const shares = binnedShares(reference, current, { floorZeroes: false });
  const score = jensenShannon(shares.reference, shares.current);
  return { test: 'jensenshannon', score, binning: shares.binning, threshold, driftScore: score, drifted: score >= threshold };
}
