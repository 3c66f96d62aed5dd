/**
 * The cards' metrics as one table: nested metric groups flattened to dotted names (one row each),
 * one column per version, and the best value of each row marked. Pure, so it is unit-testable.
 */
export type MetricValue = number | string | boolean | null;

export interface MetricRow {
  name: string;
  /** Per version, in the order of `versions` (null: that card lacks the metric). */
  values: MetricValue[];
  /** Index of the best value, when the row compares (numbers, and a direction is known). */
  best: number | null;
}

const MAX_DEPTH = 4;
/** Figures where less is better: latencies, differences, losses, errors. */
const LOWER_IS_BETTER = /(latency|Ms\b|ms$|diff|loss|error|p50|p90|p99|mean)/i;
/** Counts and settings, not quality: shown, never ranked. */
const NOT_RANKED = /(^|\.)(n|support|compared|tolerance|bytes|onnxruntime)$/;

export function flattenMetrics(metrics: Record<string, unknown>, prefix = '', depth = 0, out = new Map<string, MetricValue>()): Map<string, MetricValue> {
  for (const [k, v] of Object.entries(metrics)) {
    const name = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && depth < MAX_DEPTH) flattenMetrics(v as Record<string, unknown>, name, depth + 1, out);
    else if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' || v === null) out.set(name, v);
    else out.set(name, JSON.stringify(v));
  }
  return out;
}

function bestIndex(name: string, values: readonly MetricValue[]): number | null {
  if (NOT_RANKED.test(name)) return null;
  const nums = values.map((v, i) => [v, i] as const).filter((e): e is readonly [number, number] => typeof e[0] === 'number' && Number.isFinite(e[0]));
  if (nums.length < 2) return null;
  const lower = LOWER_IS_BETTER.test(name);
  let best = nums[0]!;
  for (const e of nums) if (lower ? e[0] < best[0] : e[0] > best[0]) best = e;
  // A tie everywhere marks nothing: no version is better.
  return nums.every((e) => e[0] === best[0]) ? null : best[1];
}

export function metricTable(cards: readonly (Record<string, unknown> | null)[]): MetricRow[] {
  const flat = cards.map((m) => (m ? flattenMetrics(m) : new Map<string, MetricValue>()));
  const names: string[] = [];
  const seen = new Set<string>();
  for (const f of flat)
    for (const n of f.keys()) {
      if (seen.has(n)) continue;
      seen.add(n);
      names.push(n);
    }
  return names.map((name) => {
    const values = flat.map((f) => (f.has(name) ? f.get(name)! : null));
    return { name, values, best: bestIndex(name, values) };
  });
}
