/**
 * Where the asset graph's nodes go (pure): layers by the longest path from the sources, the order
 * within a layer by barycenter sweeps (fewer crossings), then pixel positions, left to right.
 * A graph the ETL would refuse (a cycle, a dep on an unknown asset) still lays out: the page
 * shows what the API said instead of failing.
 */

export interface GraphInput {
  key: string;
  /** The upstream assets' keys. */
  deps: readonly string[];
}

export interface PlacedNode {
  key: string;
  layer: number;
  /** Position within its layer, from the top. */
  order: number;
  x: number;
  y: number;
}

export interface PlacedEdge {
  from: string;
  to: string;
  /** The edge closes a cycle: drawn, but not used for the layers. */
  back: boolean;
  /** SVG path data, from the right side of `from` to the left side of `to`. */
  d: string;
}

export interface GraphLayout {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  layers: string[][];
  /** Deps naming no asset of the graph (not drawn). */
  unknownDeps: Array<{ asset: string; dep: string }>;
  width: number;
  height: number;
}

export const NODE = { width: 200, height: 44, layerGap: 70, rowGap: 16, margin: 8 } as const;

interface Edge {
  from: string;
  to: string;
  back: boolean;
}

/** The known, distinct edges; a dep closing a cycle (found depth-first, in input order) is `back`. */
function edgesOf(inputs: readonly GraphInput[]): { edges: Edge[]; unknownDeps: GraphLayout['unknownDeps'] } {
  const deps = new Map<string, string[]>();
  for (const n of inputs) if (!deps.has(n.key)) deps.set(n.key, [...new Set(n.deps)]);
  const unknownDeps: GraphLayout['unknownDeps'] = [];
  const edges: Edge[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (key: string) => {
    state.set(key, 'open');
    for (const dep of deps.get(key) ?? []) {
      if (!deps.has(dep)) {
        unknownDeps.push({ asset: key, dep });
        continue;
      }
      const s = state.get(dep);
      if (s === undefined) visit(dep);
      edges.push({ from: dep, to: key, back: s === 'open' });
    }
    state.set(key, 'done');
  };
  for (const key of deps.keys()) if (!state.has(key)) visit(key);
  return { edges, unknownDeps };
}

/** Layer = the longest path (in edges) from a source, over the forward edges only. */
function layersOf(keys: readonly string[], edges: readonly Edge[]): Map<string, number> {
  const preds = new Map<string, string[]>(keys.map((k) => [k, []]));
  for (const e of edges) if (!e.back) preds.get(e.to)!.push(e.from);
  const layer = new Map<string, number>();
  // Forward edges form a DAG, so this recursion ends; memoised, each node is computed once.
  const of = (key: string): number => {
    const known = layer.get(key);
    if (known !== undefined) return known;
    const l = Math.max(-1, ...preds.get(key)!.map(of)) + 1;
    layer.set(key, l);
    return l;
  };
  for (const k of keys) of(k);
  return layer;
}

/** Edge crossings between adjacent layers: two edges cross when their ends swap order. */
export function crossings(layers: readonly string[][], edges: ReadonlyArray<{ from: string; to: string }>): number {
  const pos = new Map<string, { layer: number; order: number }>();
  layers.forEach((l, i) => l.forEach((k, j) => pos.set(k, { layer: i, order: j })));
  const spans = edges.map((e) => ({ a: pos.get(e.from), b: pos.get(e.to) })).filter((s) => s.a && s.b && s.b.layer === s.a.layer + 1);
  let n = 0;
  for (let i = 0; i < spans.length; i++)
    for (let j = i + 1; j < spans.length; j++) {
      const [s, t] = [spans[i]!, spans[j]!];
      if (s.a!.layer === t.a!.layer && (s.a!.order - t.a!.order) * (s.b!.order - t.b!.order) < 0) n++;
    }
  return n;
}

/** Re-order one layer by the mean relative position of its neighbours; lone nodes keep theirs. */
function byBarycenter(layer: string[], neighbours: (key: string) => string[], rel: Map<string, number>): string[] {
  const own = new Map(layer.map((k, i) => [k, (i + 0.5) / layer.length]));
  const centre = (k: string) => {
    const ns = neighbours(k).filter((n) => rel.has(n));
    return ns.length === 0 ? own.get(k)! : ns.reduce((s, n) => s + rel.get(n)!, 0) / ns.length;
  };
  return [...layer].sort((a, b) => centre(a) - centre(b));
}

const SWEEPS = 4;

/** Down and up sweeps; the order with the fewest crossings seen wins (the first on a tie). */
function ordered(initial: string[][], edges: readonly Edge[]): string[][] {
  const preds = (k: string) => edges.filter((e) => e.to === k).map((e) => e.from);
  const succs = (k: string) => edges.filter((e) => e.from === k).map((e) => e.to);
  const relOf = (layers: string[][]) => new Map(layers.flatMap((l) => l.map((k, i) => [k, (i + 0.5) / l.length] as const)));
  let layers = initial.map((l) => [...l]);
  let best = { layers, n: crossings(layers, edges) };
  for (let s = 0; s < SWEEPS && best.n > 0; s++) {
    for (let i = 1; i < layers.length; i++) layers[i] = byBarycenter(layers[i]!, preds, relOf(layers.slice(0, i)));
    for (let i = layers.length - 2; i >= 0; i--) layers[i] = byBarycenter(layers[i]!, succs, relOf(layers.slice(i + 1)));
    const n = crossings(layers, edges);
    if (n < best.n) best = { layers: layers.map((l) => [...l]), n };
    layers = layers.map((l) => [...l]);
  }
  return best.layers;
}

/** A cubic curve from the right middle of one box to the left middle of the other. */
function pathBetween(a: PlacedNode, b: PlacedNode): string {
  const [x1, y1] = [a.x + NODE.width, a.y + NODE.height / 2];
  const [x2, y2] = [b.x, b.y + NODE.height / 2];
  const bend = Math.max(NODE.layerGap / 2, Math.abs(x2 - x1) / 3);
  return `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`;
}

export function layoutAssetGraph(inputs: readonly GraphInput[]): GraphLayout {
  const keys = [...new Set(inputs.map((n) => n.key))];
  const { edges, unknownDeps } = edgesOf(inputs);
  const layerOf = layersOf(keys, edges);
  const initial: string[][] = [];
  for (const k of keys) (initial[layerOf.get(k)!] ??= []).push(k);
  const layers = ordered(initial, edges);
  const tallest = Math.max(0, ...layers.map((l) => l.length));
  const column = (n: number) => (tallest - n) * ((NODE.height + NODE.rowGap) / 2);
  const nodes = layers.flatMap((l, layer) =>
    l.map((key, order) => ({
      key,
      layer,
      order,
      x: NODE.margin + layer * (NODE.width + NODE.layerGap),
      y: NODE.margin + column(l.length) + order * (NODE.height + NODE.rowGap),
    })),
  );
  const at = new Map(nodes.map((n) => [n.key, n]));
  return {
    nodes,
    edges: edges.map((e) => ({ ...e, d: pathBetween(at.get(e.from)!, at.get(e.to)!) })),
    layers,
    unknownDeps,
    width: layers.length === 0 ? 0 : 2 * NODE.margin + layers.length * NODE.width + (layers.length - 1) * NODE.layerGap,
    height: tallest === 0 ? 0 : 2 * NODE.margin + tallest * NODE.height + (tallest - 1) * NODE.rowGap,
  };
}
