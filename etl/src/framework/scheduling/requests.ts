import { etlStreams, newEventId, type EventData } from '@napominalka/core';
import type { AssetGraph } from '../definitions/graph';
import type { HistoryWriter } from '../history/history';
import { assertPartition } from '../partitions/definition';

export interface RunRequest {
  assets: readonly string[];
  partition: string | null;
  reason: EventData<'EtlRunRequested'>['reason'];
  origin: string;
  /**
   * What makes this request unique (a schedule tick, a sensor cursor, a backfill, an operator's
   * call): a second request with the same key and target appends nothing.
   */
  key: string;
  force?: boolean;
  backfillId?: string;
}

/**
 * Appends a run request in the writer's transaction, after checking the assets exist and the
 * partition is one they have; returns the run id (the first request's, for a repeated key).
 */
export async function requestRun<R>(w: HistoryWriter, graph: AssetGraph<R>, req: RunRequest, now: Date): Promise<{ runId: string; duplicate: boolean }> {
  const assets = graph.selection(req.assets);
  for (const a of assets) assertPartition(graph.get(a).partitions, req.partition, now);
  const runId = newEventId();
  const key = `etl-run:${assets.join(',')}:${req.partition ?? ''}:${req.key}`;
  // Each request is a new stream, so the stream lock does not serialise two processes asking at
  // once: the key's own lock does, and the second then finds the first's key.
  await w.tx.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
  const res = await w.append(
    etlStreams.run(runId),
    [
      {
        type: 'EtlRunRequested',
        data: {
          runId,
          assets,
          partition: req.partition,
          reason: req.reason,
          origin: req.origin,
          maxAttempts: Math.max(...assets.map((a) => graph.get(a).retry.maxAttempts)),
          force: req.force ?? false,
          ...(req.backfillId ? { backfillId: req.backfillId } : {}),
        },
      },
    ],
    { expectedVersion: 'no-stream', idempotencyKey: key, metadata: { correlationId: runId } },
  );
  // A repeated key returns the first request's stream: its run.
  return { runId: res.duplicate ? res.streamId.slice(etlStreams.run('').length) : runId, duplicate: res.duplicate };
}
