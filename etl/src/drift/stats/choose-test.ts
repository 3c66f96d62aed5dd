/**
 * Evidently's default choice of drift test per column (legacy registry _get_default_stattest),
 * with each test's default threshold:
 *   reference ≤ 1,000 rows: numeric with > 5 distinct values (both windows) → KS; otherwise,
 *     and for categorical columns, > 2 distinct values → chi-squared, ≤ 2 → Z-test;
 *   reference > 1,000 rows: numeric with > 5 distinct values → normed Wasserstein; otherwise,
 *     and for categorical columns → Jensen–Shannon.
 */
import { chiSquareTest } from './chi-square';
import { jensenShannonDistance } from './jensen-shannon';
import { ksTwoSample } from './ks-two-sample';
import { notEnoughData, type ColumnDriftResult } from './result';
import { assertFinite, type Category } from './values';
import { normedWasserstein } from './wasserstein';
import { proportionsZTest } from './z-test';

/** The two windows of one feature; categorical values are strings, numeric ones finite numbers. */
export type ColumnWindows =
  | { readonly kind: 'numeric'; readonly ref: readonly number[]; readonly cur: readonly number[] }
  | { readonly kind: 'categorical'; readonly ref: readonly string[]; readonly cur: readonly string[] };

export type DefaultTestName = 'ks' | 'chisquare' | 'z' | 'wasserstein' | 'jensenshannon';

/** Above this many reference rows Evidently switches from p-value tests to distances. */
export const SMALL_REFERENCE_MAX_ROWS = 1000;
/** A numeric column with at most this many distinct values is tested as categorical. */
export const MAX_DISTINCT_AS_CATEGORICAL = 5;

/** Whether both windows together hold more than `limit` distinct values (stops counting there). */
function moreDistinctThan(limit: number, ...windows: readonly (readonly Category[])[]): boolean {
  const seen = new Set<Category>();
  for (const window of windows) {
    for (const v of window) {
      seen.add(v);
      if (seen.size > limit) return true;
    }
  }
  return false;
}

/** The chosen test with windows of the type it takes, so running it needs no casts. */
type TestPlan =
  | { readonly test: 'ks' | 'wasserstein'; readonly ref: readonly number[]; readonly cur: readonly number[] }
  | { readonly test: 'chisquare' | 'z' | 'jensenshannon'; readonly ref: readonly Category[]; readonly cur: readonly Category[] };

function plan(column: ColumnWindows): TestPlan {
  const { ref, cur } = column;
  const small = ref.length <= SMALL_REFERENCE_MAX_ROWS;
  if (column.kind === 'numeric') {
    assertFinite(column.ref, 'reference');
    assertFinite(column.cur, 'current');
    if (moreDistinctThan(MAX_DISTINCT_AS_CATEGORICAL, column.ref, column.cur)) {
      return { test: small ? 'ks' : 'wasserstein', ref: column.ref, cur: column.cur };
    }
  }
  if (!small) return { test: 'jensenshannon', ref, cur };
  return { test: moreDistinctThan(2, ref, cur) ? 'chisquare' : 'z', ref, cur };
}

export function chooseTest(column: ColumnWindows): DefaultTestName {
  return plan(column).test;
}

/** The default test's result for one column, or "not enough data" when a window is empty. */
export function columnDrift(column: ColumnWindows): ColumnDriftResult {
  const chosen = plan(column);
  const empty = notEnoughData(chosen.ref.length, chosen.cur.length);
  if (empty) return empty;
  switch (chosen.test) {
    case 'ks':
      return ksTwoSample(chosen.ref, chosen.cur);
    case 'wasserstein':
      return normedWasserstein(chosen.ref, chosen.cur);
    case 'chisquare':
      return chiSquareTest(chosen.ref, chosen.cur);
    case 'z':
      return proportionsZTest(chosen.ref, chosen.cur);
    case 'jensenshannon':
      return jensenShannonDistance(chosen.ref, chosen.cur);
  }
}
