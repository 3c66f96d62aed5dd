/**
 * Evidently's "z" test for a binary column: the two-proportion Z-test of the share of the first
 * category (in sorted order) against all others, pooled variance, two-sided p.
 */
import { notEnoughData, type NotEnoughData, type ZTestResult } from './result';
import { normalSf } from './special/normal';
import { assertFiniteCategories, compareCategories, countValues, unionKeys, type Category } from './values';

export const Z_THRESHOLD = 0.05;

export function proportionsZStatistic(reference: readonly Category[], current: readonly Category[]): Pick<ZTestResult, 'statistic' | 'pValue'> {
  const ref = countValues(reference);
  const cur = countValues(current);
  const keys = unionKeys(ref, cur).sort(compareCategories);
  // Both windows hold one and the same value: Evidently's p = 1 (the statistic would be 0/0).
  if (keys.length === 1) return { statistic: 0, pValue: 1 };
  const first = keys[0] as Category;
  const n1 = reference.length;
  const n2 = current.length;
  // Evidently codes the first category 0 and the rest 1, and compares the shares of 1s.
  const p1 = (n1 - (ref.get(first) ?? 0)) / n1;
  const p2 = (n2 - (cur.get(first) ?? 0)) / n2;
  const pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
  const statistic = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  // 2·(1 − Φ(|z|)) in Evidently, which cancels to rounding noise below ~1e-15; the same p
  // taken from the tail directly stays accurate (and equal to Evidently's within a few ulps of 1).
  return { statistic, pValue: 2 * normalSf(Math.abs(statistic)) };
}

export function proportionsZTest(reference: readonly Category[], current: readonly Category[], threshold: number = Z_THRESHOLD): ZTestResult | NotEnoughData {
  assertFiniteCategories(reference, 'reference');
  assertFiniteCategories(current, 'current');
  const empty = notEnoughData(reference.length, current.length);
  if (empty) return empty;
  const { statistic, pValue } = proportionsZStatistic(reference, current);
  return { test: 'z', statistic, pValue, threshold, driftScore: pValue, drifted: pValue < threshold };
}
