import { createHash } from 'node:crypto';
import type { AssetDefinition, UpstreamPartition } from '../definitions/asset';
import { partitionKeys } from '../partitions/definition';
import { upstreamKeys } from '../partitions/mapping';
import type { AssetGraph } from '../definitions/graph';
import { checksOf, partitionsOf } from '../history/queries';
import type { EtlHistory } from '../history/history';

/** What a step found upstream before it ran: what it reads, or why it cannot run. */
export type StepInputs =
  { kind: 'ready'; upstream: Record<string, UpstreamPartition[]> } | { kind: 'blocked'; detail: string } | { kind: 'missing'; detail: string };

/**
 * The upstream partitions a step reads, and whether a failing error check on any of them (from
 * this run or an earlier one) holds it back. Checks block until a later materialization of that
 * partition passes them: the latest result per check is what counts.
 */
export async function stepInputs<R>(
  history: EtlHistory,
  graph: AssetGraph<R>,
  def: AssetDefinition<R>,
  partition: string | null,
  now: Date,
): Promise<StepInputs> {
  const upstream: Record<string, UpstreamPartition[]> = {};
  for (const dep of def.deps) {
    const up = graph.get(dep.asset);
    const keys = upstreamKeys(dep.mapping, partition, partitionKeys(up.partitions, now));
    const failing = (await checksOf(history.pool, history.s, dep.asset, keys)).filter((c) => c.severity === 'error' && !c.passed);
    if (failing.length > 0) {
      const names = failing.slice(0, 5).map((c) => `${c.asset}[${c.partition ?? '-'}].${c.check}`);
      return { kind: 'blocked', detail: `blocked by failing error check${failing.length > 1 ? 's' : ''} ${names.join(', ')}` };
    }
    const found = await partitionsOf(history.pool, history.s, dep.asset, keys);
    const have = new Set(found.map((p) => p.partition));
    const absent = keys.filter((k) => !have.has(k));
    if (absent.length > 0 && !dep.optional) {
      return {
        kind: 'missing',
        detail: `upstream ${dep.asset} has no materialization of ${absent
          .slice(0, 5)
          .map((k) => k ?? '(unpartitioned)')
          .join(', ')}`,
      };
    }
    upstream[dep.asset] = found.map((p) => ({ partition: p.partition, dataVersion: p.dataVersion, metadata: p.metadata }));
  }
  return { kind: 'ready', upstream };
}

/** The data version of a step: what its output is a function of. Equal versions → same output. */
export function dataVersion(
  def: { key: string; codeVersion: string },
  partition: string | null,
  upstream: Record<string, readonly UpstreamPartition[]>,
  source: string | null,
): string {
  const inputs = Object.keys(upstream)
    .sort()
    .map((k) => [k, upstream[k]!.map((p) => [p.partition, p.dataVersion])]);
  return createHash('sha256')
    .update(JSON.stringify({ asset: def.key, code: def.codeVersion, partition, inputs, source }))
    .digest('hex')
    .slice(0, 24);
}
