/**
 * Evidently's "chisquare" test: scipy.stats.chisquare of the current window's counts against the
 * counts expected from the reference window's proportions, over the categories of both windows.
 * The reference proportions are taken as exact, so the test ignores the reference's own sampling
 * error (false alarms grow with current/reference size: see README.md).
 */
import { notEnoughData, type ChiSquareResult, type NotEnoughData } from './result';
import { chiSquaredSf } from './special/gamma';
import { assertFiniteCategories, countValues, unionKeys, type Category } from './values';

export const CHI_SQUARE_THRESHOLD = 0.05;

/** Pearson's statistic, df = categories − 1, and p. A category absent from the reference gives ∞, p = 0. */
export function chiSquareStatistic(
  reference: readonly Category[],
  current: readonly Category[],
): Pick<ChiSquareResult, 'statistic' | 'pValue' | 'degreesOfFreedom'> {
  const ref = countValues(reference);
  const cur = countValues(current);
  const keys = unionKeys(ref, cur);
  const kNorm = current.length / reference.length;
  let statistic = 0;
  for (const key of keys) {
    const expected = (ref.get(key) ?? 0) * kNorm;
    const observed = cur.get(key) ?? 0;
    statistic += (observed - expected) ** 2 / expected;
  }
  const degreesOfFreedom = keys.length - 1;
  // One category on both sides: identical distributions (scipy returns NaN for df = 0).
  const pValue = degreesOfFreedom === 0 ? 1 : chiSquaredSf(statistic, degreesOfFreedom);
  return { statistic, pValue, degreesOfFreedom };
}

export function chiSquareTest(
  reference: readonly Category[],
  current: readonly Category[],
  threshold: number = CHI_SQUARE_THRESHOLD,
): ChiSquareResult | NotEnoughData {
  assertFiniteCategories(reference, 'reference');
  assertFiniteCategories(current, 'current');
  const empty = notEnoughData(reference.length, current.length);
  if (empty) return empty;
  const { statistic, pValue, degreesOfFreedom } = chiSquareStatistic(reference, current);
  return { test: 'chisquare', statistic, pValue, degreesOfFreedom, threshold, driftScore: pValue, drifted: pValue < threshold };
}
