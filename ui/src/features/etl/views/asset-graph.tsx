import type { EtlAssets, EtlStatus } from '../../../clients/etl-client';
import type { EtlText } from '../messages';
import { layoutAssetGraph, NODE, type PlacedNode } from './asset-graph-layout';

/**
 * The asset graph as server-rendered SVG: no script, and no style attribute (the CSP's style-src
 * is 'self'), so colours come from classes in etl.css, presentation attributes as the fallback.
 */

/** The partition states /v1/status gives (etl's cli/status-model.ts), most urgent first. */
export const PARTITION_STATES = ['in-progress', 'error', 'failed', 'warn', 'ok', 'missing'] as const;
type PartitionState = (typeof PARTITION_STATES)[number];
/** `none`: the status has no partition of the asset; `unknown`: a state this UI does not know. */
export type NodeState = PartitionState | 'none' | 'unknown';

const known = (s: string): s is PartitionState => (PARTITION_STATES as readonly string[]).includes(s);

export interface NodeStatus {
  latest: { partition: string | null; state: string } | null;
  state: NodeState;
  /** Partitions by state, in PARTITION_STATES order, then any unknown states. */
  counts: Array<{ state: string; n: number }>;
}

/** Each asset's latest partition (the status lists them oldest first) and counts by state. */
export function nodeStatuses(status: EtlStatus): Map<string, NodeStatus> {
  const out = new Map<string, NodeStatus>();
  for (const a of status.assets) {
    const latest = a.partitions.at(-1) ?? null;
    const tally = new Map<string, number>();
    for (const p of a.partitions) tally.set(p.state, (tally.get(p.state) ?? 0) + 1);
    const rank = (s: string) => (known(s) ? PARTITION_STATES.indexOf(s) : PARTITION_STATES.length);
    const counts = [...tally].map(([state, n]) => ({ state, n })).sort((x, y) => rank(x.state) - rank(y.state));
    out.set(a.asset, { latest, state: latest === null ? 'none' : known(latest.state) ? latest.state : 'unknown', counts });
  }
  return out;
}

/** The same characters as `pnpm etl status` (etl's cli/format/grid.ts): state shown without colour too. */
const SYMBOL: Record<NodeState, string> = { 'in-progress': '▶', error: '✗', failed: '×', warn: '!', ok: '■', missing: '·', none: '–', unknown: '?' };

const NONE: NodeStatus = { latest: null, state: 'none', counts: [] };
const MAX_KEY = 24;
const clip = (s: string) => (s.length > MAX_KEY ? `${s.slice(0, MAX_KEY - 1)}…` : s);

export function stateLabel(m: EtlText, state: string): string {
  const labels: Record<NodeState, string> = {
    'in-progress': m.stateInProgress,
    error: m.stateError,
    failed: m.stateFailed,
    warn: m.stateWarn,
    ok: m.stateOk,
    missing: m.stateMissing,
    none: m.stateNone,
    unknown: state,
  };
  return known(state) || state === 'none' ? labels[state] : state;
}

function tooltip(m: EtlText, key: string, description: string, s: NodeStatus): string {
  const latest = s.latest ? `${m.latest}: ${s.latest.partition ?? m.unpartitioned} — ${stateLabel(m, s.latest.state)}` : m.stateNone;
  const counts = s.counts.map((c) => `${stateLabel(m, c.state)}: ${c.n}`).join(', ');
  return [`${key} — ${description}`, latest, ...(counts ? [`${m.partitionCounts}: ${counts}`] : [])].join('\n');
}

function Node({ m, n, description, s }: { m: EtlText; n: PlacedNode; description: string; s: NodeStatus }) {
  const sub = `${SYMBOL[s.state]} ${s.latest ? (s.latest.partition ?? m.unpartitioned) : m.stateNone}`;
  return (
    <a href={`#asset-${encodeURIComponent(n.key)}`} class={`etl-node etl-node-${s.state}`} data-asset={n.key}>
      <title>{tooltip(m, n.key, description, s)}</title>
      <rect x={n.x} y={n.y} width={NODE.width} height={NODE.height} rx="6" fill="#eeeeee" stroke="#888888" />
      <text x={n.x + 8} y={n.y + 18} class="etl-node-key" font-size="13" font-weight="600">
        {clip(n.key)}
      </text>
      <text x={n.x + 8} y={n.y + 35} class="etl-node-sub" font-size="11">
        {clip(sub)}
      </text>
    </a>
  );
}

function Legend({ m }: { m: EtlText }) {
  return (
    <ul class="etl-legend" aria-label={m.legend}>
      {[...PARTITION_STATES, 'none' as const].map((s) => (
        <li>
          <span class={`etl-swatch etl-swatch-${s}`} aria-hidden="true">
            {SYMBOL[s]}
          </span>{' '}
          {stateLabel(m, s)}
        </li>
      ))}
    </ul>
  );
}

/** Nodes in layers from the sources (left) on, each a link to its asset's entry in the list below. */
export function AssetGraph({ m, assets, status }: { m: EtlText; assets: EtlAssets; status: EtlStatus }) {
  const g = layoutAssetGraph(assets.assets.map((a) => ({ key: a.key, deps: a.deps.map((d) => d.asset) })));
  const statuses = nodeStatuses(status);
  const described = new Map(assets.assets.map((a) => [a.key, a.description]));
  return (
    <section>
      <h2>{m.dag}</h2>
      {g.nodes.length === 0 ? (
        <p>{m.noAssets}</p>
      ) : (
        <div class="etl-dag-wrap">
          <svg
            class="etl-dag"
            xmlns="http://www.w3.org/2000/svg"
            viewBox={`0 0 ${g.width} ${g.height}`}
            width={g.width}
            height={g.height}
            aria-labelledby="etl-dag-title"
          >
            <title id="etl-dag-title">{m.dag}</title>
            <defs>
              <marker id="etl-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto">
                <path d="M0,0 L10,5 L0,10 z" class="etl-arrow" fill="#666666" />
              </marker>
            </defs>
            <g class="etl-edges" fill="none" stroke="#666666" stroke-width="1.5">
              {g.edges.map((e) => (
                <path class={e.back ? 'etl-edge etl-edge-back' : 'etl-edge'} d={e.d} marker-end="url(#etl-arrow)" data-from={e.from} data-to={e.to} />
              ))}
            </g>
            <g class="etl-nodes">
              {g.nodes.map((n) => (
                <Node m={m} n={n} description={described.get(n.key) ?? ''} s={statuses.get(n.key) ?? NONE} />
              ))}
            </g>
          </svg>
        </div>
      )}
      {g.unknownDeps.length > 0 ? <p class="etl-deps">{`${m.unknownDeps}: ${g.unknownDeps.map((u) => `${u.dep} → ${u.asset}`).join(', ')}`}</p> : null}
      <Legend m={m} />
    </section>
  );
}
