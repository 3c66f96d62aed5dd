import { createClickHouse, startClickHouseGateway } from '../core/src/clickhouse/index';
import { executeRuns, requestBackfill } from '../etl/src/framework';
import { childLogger, graphFrom, openEtlStore, procOf, runOf, say, startWork } from './bench-etl-process';
import type { Job, ResultOf } from './bench-etl-protocol';

/**
 * The backfill jobs of `pnpm bench:etl`, each a process of its own: requesting the backfill's
 * runs, executing them (any number of processes may execute one backfill, as executors side by
 * side do), and the gateway — the projector's part when the ETL reaches ClickHouse over HTTP.
 */

export async function requestBackfillJob(job: Extract<Job, { what: 'request-backfill' }>): Promise<ResultOf<'request-backfill'>> {
  const etl = await openEtlStore(job.schema);
  try {
    const req = { assets: ['parse_quality', 'drift_report'], from: job.from, to: job.to, concurrency: job.concurrency, force: true, now: new Date(job.now) };
    const { runIds } = await requestBackfill(etl.history, graphFrom(job.start), req);
    return { what: 'request-backfill', runIds };
  } finally {
    await etl.close();
  }
}

export async function execute(job: Extract<Job, { what: 'execute' }>): Promise<ResultOf<'execute'>> {
  const etl = await openEtlStore(job.schema);
  const c = job.clickhouse;
  const ch = await createClickHouse(
    c.kind === 'http' ? { url: c.url, user: c.user, password: c.password, database: job.database } : { database: job.database, dataDir: job.dataDir },
  );
  try {
    const graph = graphFrom(job.start);
    const start = startWork();
    const startedAt = Date.now();
    let last = 0;
    const onProgress = (rs: ReadonlyArray<{ finishedAt: Date | null }>) => {
      const done = rs.filter((r) => r.finishedAt).length;
      if (done !== last)
        say(
          `backfill ${c.kind} ×${job.concurrency} (pid ${process.pid}): ${(last = done)}/${rs.length} days finished, ${((Date.now() - startedAt) / 1000).toFixed(1)} s`,
        );
    };
    const runs = await executeRuns(
      { history: etl.history, graph, resources: etl.resources(ch), log: etl.log, concurrency: job.concurrency, pollMs: 50, onProgress },
      job.runIds,
    );
    const endedAt = Date.now();
    return { what: 'execute', proc: procOf(start), startedAt, endedAt, runs: runs.map((r) => ({ ...runOf(r), partition: r.partition })) };
  } finally {
    await ch.close().catch(() => undefined);
    await etl.close();
  }
}

/** Serves the embedded engine over HTTP until SIGTERM; the first stdout line is where. */
export async function gateway(job: Extract<Job, { what: 'gateway' }>): Promise<ResultOf<'gateway'>> {
  const ch = await createClickHouse({ database: job.database, dataDir: job.dataDir });
  const gw = await startClickHouseGateway({ ch, port: 0, user: job.user, password: job.password, log: childLogger() });
  const stopped = new Promise<void>((r) => process.once('SIGTERM', () => r()));
  process.stdout.write(`${JSON.stringify({ what: 'gateway', url: gw.url })}\n`);
  await stopped;
  await gw.close();
  await ch.close();
  return { what: 'gateway', url: gw.url };
}
