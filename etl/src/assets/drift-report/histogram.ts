/**
 * Reference-vs-current histograms for the HTML report: shares per bin (numeric: 20 equal bins
 * over both windows' range; categorical: the 12 most frequent values, the rest as "other").
 */
export interface Histogram {
  labels: string[];
  reference: number[];
  current: number[];
}

const BINS = 20;
const TOP = 12;

export function histogram(kind: 'numeric', ref: readonly number[], cur: readonly number[]): Histogram;
export function histogram(kind: 'categorical', ref: readonly string[], cur: readonly string[]): Histogram;
export function histogram(kind: 'numeric' | 'categorical', ref: readonly (number | string)[], cur: readonly (number | string)[]): Histogram {
  const nums = (xs: readonly (number | string)[]) => xs.filter((x): x is number => typeof x === 'number');
  return kind === 'numeric' ? numeric(nums(ref), nums(cur)) : categorical(ref.map(String), cur.map(String));
}

function numeric(ref: readonly number[], cur: readonly number[]): Histogram {
  let lo = Infinity;
  let hi = -Infinity;
  for (const xs of [ref, cur]) {
    for (const x of xs) {
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
  }
  if (!Number.isFinite(lo)) return { labels: [], reference: [], current: [] };
  const width = hi > lo ? (hi - lo) / BINS : 1;
  const bins = hi > lo ? BINS : 1;
  const shares = (xs: readonly number[]) => {
    const c = new Array<number>(bins).fill(0);
    for (const x of xs) c[Math.min(bins - 1, Math.floor((x - lo) / width))]!++;
    return c.map((v) => (xs.length > 0 ? v / xs.length : 0));
  };
  const fmt = (x: number) => (Math.abs(x) >= 100 || Number.isInteger(x) ? x.toFixed(0) : x.toFixed(2));
  const labels = Array.from({ length: bins }, (_, i) => `${fmt(lo + i * width)}–${fmt(lo + (i + 1) * width)}`);
  return { labels, reference: shares(ref), current: shares(cur) };
}

function categorical(ref: readonly string[], cur: readonly string[]): Histogram {
  const count = (xs: readonly string[]) => {
    const m = new Map<string, number>();
    for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
    return m;
  };
  const r = count(ref);
  const c = count(cur);
  const all = new Map<string, number>();
  for (const [k, v] of [...r, ...c]) all.set(k, (all.get(k) ?? 0) + v);
  const top = [...all.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, TOP)
    .map(([k]) => k);
  const rest = (m: Map<string, number>, n: number) => n - top.reduce((s, k) => s + (m.get(k) ?? 0), 0);
  const labels = [...top, ...(all.size > TOP ? ['(other)'] : [])];
  const shares = (m: Map<string, number>, n: number) => [
    ...top.map((k) => (n > 0 ? (m.get(k) ?? 0) / n : 0)),
    ...(all.size > TOP ? [n > 0 ? rest(m, n) / n : 0] : []),
  ];
  return { labels, reference: shares(r, ref.length), current: shares(c, cur.length) };
}
