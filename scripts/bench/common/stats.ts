/**
 * Statistics shared by the benchmarks: rounding, nearest-rank percentiles and summaries of
 * samples. Pure; tested by stats.unit.test.ts (and bench/bot/lib.unit.test.ts).
 */

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Nearest-rank percentile of an ascending array (NaN when empty). */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Count, the percentiles asked for (keys `p<N>`, in the order given), max and mean, rounded to `digits`. */
export type SummaryAt<P extends number> = { count: number } & { [K in P as `p${K}`]: number } & { max: number; mean: number };

export function summaryAt<const P extends readonly number[]>(values: ArrayLike<number>, points: P, digits: number): SummaryAt<P[number]> {
  const s = Float64Array.from(values).sort();
  const out: Record<string, number> = { count: s.length };
  for (const p of points) out[`p${p}`] = round(percentile(s, p), digits);
  out.max = round(s.length ? s[s.length - 1]! : NaN, digits);
  out.mean = round(s.length ? s.reduce((a, b) => a + b, 0) / s.length : NaN, digits);
  // The keys written above are exactly those of SummaryAt<P>.
  return out as SummaryAt<P[number]>;
}

export interface Summary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** p50/p95/p99/max/mean to one decimal of the finite values (NaN and ±Infinity are left out). */
export function summarise(values: number[]): Summary {
  return summaryAt(
    values.filter((v) => Number.isFinite(v)),
    [50, 95, 99],
    1,
  );
}

/** count, p50, p90, p99, max and mean to three decimals: latencies of a few milliseconds (bench:models). */
export const summariseFine = (values: ArrayLike<number>) => summaryAt(values, [50, 90, 99], 3);
