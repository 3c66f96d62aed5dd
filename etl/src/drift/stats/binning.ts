/**
 * Evidently's get_binned_data: the shares of each window per bin, bins being the distinct values
 * of both windows, or — for a numeric column whose reference has more than 20 distinct values —
 * Sturges' histogram of both windows pooled. With `floorZeroes` (PSI) an empty bin gets 0.0001,
 * or a millionth of the smallest non-empty share when that is ≤ 0.0001.
 */
import type { Binning } from './result';
import { histogramCounts, sturgesEdges } from './histogram';
import { countValues, isNumberArray, unionKeys, type Category } from './values';

const MAX_DISTINCT_AS_CATEGORIES = 20;
const ZERO_FLOOR = 0.0001;

export interface BinnedShares {
  readonly reference: Float64Array;
  readonly current: Float64Array;
  readonly binning: Binning;
}

function categoryShares(reference: readonly Category[], current: readonly Category[]): BinnedShares {
  const ref = countValues(reference);
  const cur = countValues(current);
  const keys = unionKeys(ref, cur);
  return {
    reference: Float64Array.from(keys, (k) => (ref.get(k) ?? 0) / reference.length),
    current: Float64Array.from(keys, (k) => (cur.get(k) ?? 0) / current.length),
    binning: { kind: 'categories', count: keys.length },
  };
}

function histogramShares(reference: readonly number[], current: readonly number[]): BinnedShares {
  const edges = sturgesEdges([...reference, ...current]);
  return {
    reference: histogramCounts(reference, edges).map((c) => c / reference.length),
    current: histogramCounts(current, edges).map((c) => c / current.length),
    binning: { kind: 'sturges', bins: edges.length - 1 },
  };
}

function floorZeroes(shares: Float64Array): Float64Array {
  let smallest = Infinity;
  for (const s of shares) if (s !== 0 && s < smallest) smallest = s;
  const fill = smallest <= ZERO_FLOOR ? smallest / 10 ** 6 : ZERO_FLOOR;
  return shares.map((s) => (s === 0 ? fill : s));
}

/** Both windows non-empty; a numeric column is one whose values are all numbers. */
export function binnedShares(reference: readonly Category[], current: readonly Category[], options: { readonly floorZeroes: boolean }): BinnedShares {
  const numeric = isNumberArray(reference) && isNumberArray(current);
  const binned = numeric && new Set(reference).size > MAX_DISTINCT_AS_CATEGORIES ? histogramShares(reference, current) : categoryShares(reference, current);
  if (!options.floorZeroes) return binned;
  return { ...binned, reference: floorZeroes(binned.reference), current: floorZeroes(binned.current) };
}
