/**
 * numpy's histogram with bins='sturges' edges, as Evidently bins a numeric column of more than
 * 20 distinct reference values: ⌈range / (range / (log2(n) + 1))⌉ equal bins over both windows
 * pooled (numpy's own float steps, kept for bit-equal edges), counts half-open but for the last
 * bin, which is closed.
 */

/** np.histogram_bin_edges(values, bins='sturges'). */
export function sturgesEdges(values: readonly number[]): Float64Array {
  let first = Infinity;
  let last = -Infinity;
  for (const v of values) {
    if (v < first) first = v;
    if (v > last) last = v;
  }
  const ptp = last - first;
  const width = ptp / (Math.log2(values.length) + 1);
  const bins = width ? Math.ceil(ptp / width) : 1;
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  // np.linspace: i·step + start, the last edge set to stop exactly.
  const step = (last - first) / bins;
  const edges = new Float64Array(bins + 1);
  for (let i = 0; i <= bins; i++) edges[i] = i * step + first;
  edges[bins] = last;
  return edges;
}

/** np.histogram(values, edges)[0]: values outside the edges are not counted. */
export function histogramCounts(values: readonly number[], edges: Float64Array): Float64Array {
  const bins = edges.length - 1;
  const counts = new Float64Array(bins);
  const lastEdge = edges[bins] as number;
  for (const v of values) {
    if (v < (edges[0] as number) || v > lastEdge) continue;
    // Number of edges ≤ v, minus one: the bin whose left edge is the largest one ≤ v.
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((edges[mid] as number) <= v) lo = mid + 1;
      else hi = mid;
    }
    const bin = Math.min(lo - 1, bins - 1);
    counts[bin] = (counts[bin] as number) + 1;
  }
  return counts;
}
