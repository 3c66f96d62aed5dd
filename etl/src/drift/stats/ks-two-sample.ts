/**
 * Two-sample Kolmogorov–Smirnov test, two-sided, as scipy.stats.ks_2samp with method='auto':
 * exact p-value when both samples have at most 10,000 values (falling back to the asymptotic
 * distribution if the exact recursion loses accuracy), kstwo.sf(d, round(n1·n2/(n1+n2))) otherwise.
 */
import { notEnoughData, type KsResult, type NotEnoughData } from './result';
import { exactTwoSidedP, roundHalfEven } from './special/ks-exact';
import { kolmogorovSf } from './special/kolmogorov';
import { assertFinite } from './values';

const MAX_AUTO_N = 10_000;
export const KS_THRESHOLD = 0.05;

const ascending = (values: readonly number[]): Float64Array => Float64Array.from(values).sort();

/** sup |F1 − F2| over the pooled values (scipy's searchsorted(side='right') ECDFs). */
export function ksStatistic(a: readonly number[], b: readonly number[]): number {
  const x = ascending(a);
  const y = ascending(b);
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length || j < y.length) {
    const v = Math.min(x[i] ?? Infinity, y[j] ?? Infinity);
    while (i < x.length && (x[i] as number) <= v) i++;
    while (j < y.length && (y[j] as number) <= v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return d;
}

function asymptoticP(n1: number, n2: number, d: number): number {
  const m = Math.max(n1, n2);
  const n = Math.min(n1, n2);
  const en = (m * n) / (m + n);
  return Math.min(Math.max(kolmogorovSf(roundHalfEven(en), d), 0), 1);
}

/** The statistic, its p-value and which of scipy's two methods produced it. */
export function ksTwoSampleP(a: readonly number[], b: readonly number[]): Pick<KsResult, 'statistic' | 'pValue' | 'method'> {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) throw new RangeError('ksTwoSampleP needs two non-empty samples');
  const d = ksStatistic(a, b);
  if (Math.max(n1, n2) <= MAX_AUTO_N) {
    const exact = exactTwoSidedP(n1, n2, d);
    if (exact.outcome.ok) return { statistic: exact.d, pValue: exact.outcome.pValue, method: 'exact' };
    return { statistic: exact.d, pValue: asymptoticP(n1, n2, exact.d), method: 'asymptotic' };
  }
  return { statistic: d, pValue: asymptoticP(n1, n2, d), method: 'asymptotic' };
}

/** Evidently's "ks" test: drifted when p ≤ threshold. */
export function ksTwoSample(reference: readonly number[], current: readonly number[], threshold: number = KS_THRESHOLD): KsResult | NotEnoughData {
  assertFinite(reference, 'reference');
  assertFinite(current, 'current');
  const empty = notEnoughData(reference.length, current.length);
  if (empty) return empty;
  const { statistic, pValue, method } = ksTwoSampleP(reference, current);
  return { test: 'ks', statistic, pValue, method, threshold, driftScore: pValue, drifted: pValue <= threshold };
}
