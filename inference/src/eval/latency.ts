/** Nearest-rank quantile `q` (0–1) of ascending latencies, in ms to 3 decimals; null when empty. */
export function latencyQuantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const x = sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  return Math.round(x * 1000) / 1000;
}
