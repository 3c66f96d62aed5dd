/**
 * Evidently's "psi" test: Σ (r − c)·ln(r / c) over the binned shares, empty bins floored
 * (0.0001, or a millionth of the smallest share when that is ≤ 0.0001) so the log stays finite.
 */
import { binnedShares } from './binning';
import { notEnoughData, type NotEnoughData, type PsiResult } from './result';
import { assertFiniteCategories, type Category } from './values';

export const PSI_THRESHOLD = 0.1;

export function psi<T extends Category>(reference: readonly T[], current: readonly T[], threshold: number = PSI_THRESHOLD): PsiResult | NotEnoughData {
  assertFiniteCategories(reference, 'reference');
  assertFiniteCategories(current, 'current');
  const empty = notEnoughData(reference.length, current.length);
  if (empty) return empty;
  const shares = binnedShares(reference, current, { floorZeroes: true });
  let score = 0;
  for (let i = 0; i < shares.reference.length; i++) {
    const r = shares.reference[i] as number;
    const c = shares.current[i] as number;
    score += (r - c) * Math.log(r / c);
  }
  return { test: 'psi', score, binning: shares.binning, threshold, driftScore: score, drifted: score >= threshold };
}
