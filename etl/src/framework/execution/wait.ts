import type { Logger } from '@napominalka/core';
import type { AssetGraph } from '../definitions/graph';
import type { EtlHistory } from '../history/history';
import { getRun, type RunRow } from '../history/queries';
import { Executor } from './executor';

const FINISHED = new Set(['succeeded', 'failed', 'cancelled']);

/**
 * Executes the given runs in this process (competing fairly with any ETL service running: whoever
 * claims a run first executes it) and resolves when all are finished, retries included.
 */
export async function executeRuns<R>(
  o: { history: EtlHistory; graph: AssetGraph<R>; resources: R; log: Logger; concurrency?: number; pollMs?: number; onProgress?: (runs: RunRow[]) => void },
  runIds: readonly string[],
  signal?: AbortSignal,
): Promise<RunRow[]> {
  const executor = new Executor({
    history: o.history,
    graph: o.graph,
    resources: o.resources,
    log: o.log,
    concurrency: o.concurrency ?? 1,
    pollMs: o.pollMs ?? 200,
    only: runIds,
  });
  executor.start();
  try {
    for (;;) {
      const runs = await Promise.all(runIds.map(async (id) => (await getRun(o.history.pool, o.history.s, id))!));
      o.onProgress?.(runs);
      if (runs.every((r) => FINISHED.has(r.status)) || signal?.aborted) return runs;
      await new Promise((r) => setTimeout(r, o.pollMs ?? 200));
    }
  } finally {
    await executor.stop(0);
  }
}
