/** What every drift test returns: a union discriminated by `test`, narrowing without casts. */

export type DriftTestName = 'ks' | 'chisquare' | 'z' | 'wasserstein' | 'jensenshannon' | 'psi';

/** The number Evidently compares with the threshold (its "drift_score"), and the verdict. */
interface Verdict {
  readonly threshold: number;
  readonly driftScore: number;
  readonly drifted: boolean;
}

/** Two-sample Kolmogorov–Smirnov; drifted when p ≤ threshold (default 0.05). */
export interface KsResult extends Verdict {
  readonly test: 'ks';
  readonly statistic: number;
  readonly pValue: number;
  /** 'exact' for max(n1, n2) ≤ 10,000 (scipy's method='auto'), else the asymptotic kstwo. */
  readonly method: 'exact' | 'asymptotic';
}

/** Pearson chi-squared of current counts against reference proportions; drifted when p < threshold. */
export interface ChiSquareResult extends Verdict {
  readonly test: 'chisquare';
  readonly statistic: number;
  readonly pValue: number;
  readonly degreesOfFreedom: number;
}

/** Two-proportion Z-test (first category in sorted order against the rest); drifted when p < threshold. */
export interface ZTestResult extends Verdict {
  readonly test: 'z';
  readonly statistic: number;
  readonly pValue: number;
}

/** Wasserstein-1 distance over the reference's standard deviation; drifted when ≥ threshold (0.1). */
export interface WassersteinResult extends Verdict {
  readonly test: 'wasserstein';
  readonly score: number;
  readonly distance: number;
  /** max(std(reference), 0.001): the norm Evidently divides by. */
  readonly norm: number;
}

/** How a window was turned into shares: its distinct values, or Sturges' histogram of both. */
export type Binning = { readonly kind: 'categories'; readonly count: number } | { readonly kind: 'sturges'; readonly bins: number };

/** Jensen–Shannon distance (natural log) of the binned shares; drifted when ≥ threshold (0.1). */
export interface JensenShannonResult extends Verdict {
  readonly test: 'jensenshannon';
  readonly score: number;
  readonly binning: Binning;
}

/** Population stability index of the binned shares (empty bins floored); drifted when ≥ threshold (0.1). */
export interface PsiResult extends Verdict {
  readonly test: 'psi';
  readonly score: number;
  readonly binning: Binning;
}

export type DriftTestResult = KsResult | ChiSquareResult | ZTestResult | WassersteinResult | JensenShannonResult | PsiResult;

export type NotEnoughDataReason = 'empty_reference' | 'empty_current' | 'empty_both';

/** A window was empty: nothing was tested (where Evidently raises, or scipy returns NaN). */
export interface NotEnoughData {
  readonly test: 'not_enough_data';
  readonly reason: NotEnoughDataReason;
  readonly drifted: false;
}

export type ColumnDriftResult = DriftTestResult | NotEnoughData;

/** Narrows a column's result to the tested ones. */
export function isTested(result: ColumnDriftResult): result is DriftTestResult {
  return result.test !== 'not_enough_data';
}

/** The typed "not enough data" result when either window is empty, else null. */
export function notEnoughData(referenceSize: number, currentSize: number): NotEnoughData | null {
  if (referenceSize > 0 && currentSize > 0) return null;
  const reason: NotEnoughDataReason = referenceSize === 0 && currentSize === 0 ? 'empty_both' : referenceSize === 0 ? 'empty_reference' : 'empty_current';
  return { test: 'not_enough_data', reason, drifted: false };
}
