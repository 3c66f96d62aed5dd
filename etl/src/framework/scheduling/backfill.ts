import { etlStreams, newEventId } from '@napominalka/core';
import type { AssetGraph } from '../definitions/graph';
import type { EtlHistory } from '../history/history';
import { partitionRange } from '../partitions/definition';
import { requestRun } from './requests';

/**
 * A backfill: one run per partition of the range, all requested in one commit (all or none), run
 * at most `concurrency` at a time across every executor.
 */
export async function requestBackfill<R>(
  history: EtlHistory,
  graph: AssetGraph<R>,
  req: { assets: readonly string[]; from: string; to: string; concurrency: number; force?: boolean; now?: Date },
): Promise<{ backfillId: string; runIds: string[]; partitions: string[] }> {
  const now = req.now ?? new Date();
  const assets = graph.selection(req.assets);
  const partitions = partitionRange(graph.get(assets[0]!).partitions, req.from, req.to, now);
  const backfillId = newEventId();
  return history.transaction(async (w) => {
    const runIds: string[] = [];
    for (const p of partitions) {
      const { runId } = await requestRun(
        w,
        graph,
        { assets, partition: p, reason: 'backfill', origin: `backfill:${backfillId}`, key: `backfill:${backfillId}`, force: req.force ?? false, backfillId },
        now,
      );
      runIds.push(runId);
    }
    await w.append(
      etlStreams.backfill(backfillId),
      [{ type: 'EtlBackfillRequested', data: { backfillId, assets, partitions, concurrency: req.concurrency, runIds } }],
      { expectedVersion: 'no-stream' },
    );
    return { backfillId, runIds, partitions };
  });
}
