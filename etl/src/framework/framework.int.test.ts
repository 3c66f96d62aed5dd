import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { etlStreams } from '@napominalka/core';
import { createTestContext, type TestContext } from '@napominalka/core/testing';
import {
  buildGraph,
  checksOf,
  defineSchedule,
  executeRuns,
  getRun,
  listRuns,
  openEtlHistory,
  partitionsOf,
  rebuildEtlTables,
  requestBackfill,
  requestRun,
  startRuntime,
  stepsOf,
  type EtlHistory,
} from './index';
import { toyAssets, toyWorld, type ToyWorld } from './testing/toy-assets';

let ctx: TestContext;
let history: EtlHistory;
const NOW = new Date('2026-11-20T12:00:00Z');

beforeAll(async () => {
  ctx = await createTestContext();
  history = await openEtlHistory(ctx.store, ctx.pool);
});
afterAll(async () => ctx.cleanup());

const manual = async (graph: ReturnType<typeof buildGraph<ToyWorld>>, assets: string[], partition: string, key: string, force = false) =>
  (await history.transaction((w) => requestRun(w, graph, { assets, partition, reason: 'manual', origin: 'test', key, force }, NOW))).runId;

describe('ETL framework against the real store', () => {
  it('runs upstream before downstream and records materializations, checks and steps as events', async () => {
    const w = toyWorld();
    w.rows.set('2026-11-10', 42);
    const graph = buildGraph({ assets: toyAssets(w) });
    const runId = await manual(graph, ['daily_summary', 'raw_counts'], '2026-11-10', 'order');
    const [run] = await executeRuns({ history, graph, resources: w, log: ctx.log }, [runId]);
    expect(run!.status).toBe('succeeded');
    expect(w.calls).toEqual(['raw_counts@2026-11-10', 'daily_summary@2026-11-10']);
    const [p] = await partitionsOf(history.pool, history.s, 'daily_summary', ['2026-11-10']);
    expect(p!.metadata).toEqual({ rows: 42 });
    const checks = await checksOf(history.pool, history.s, 'raw_counts', ['2026-11-10']);
    expect(checks.map((c) => [c.check, c.passed])).toEqual([
      ['has_rows', true],
      ['many_rows', true],
    ]);
    const types = (await ctx.store.readStream(etlStreams.run(runId))).map((e) => e.type);
    expect(types).toEqual(['EtlRunRequested', 'EtlRunStarted', 'EtlStepStarted', 'EtlStepSucceeded', 'EtlStepStarted', 'EtlStepSucceeded', 'EtlRunSucceeded']);
  });

  it('skips a partition whose inputs did not change, and runs it again when they do', async () => {
    const w = toyWorld();
    w.rows.set('2026-11-11', 5);
    const graph = buildGraph({ assets: toyAssets(w) });
    await executeRuns({ history, graph, resources: w, log: ctx.log }, [await manual(graph, ['raw_counts'], '2026-11-11', 'a')]);
    const again = await manual(graph, ['raw_counts'], '2026-11-11', 'b');
    await executeRuns({ history, graph, resources: w, log: ctx.log }, [again]);
    expect(w.calls).toEqual(['raw_counts@2026-11-11']);
    expect((await stepsOf(history.pool, history.s, again))[0]).toMatchObject({ status: 'skipped', detail: { reason: 'unchanged' } });
    w.rows.set('2026-11-11', 6);
    await executeRuns({ history, graph, resources: w, log: ctx.log }, [await manual(graph, ['raw_counts'], '2026-11-11', 'c')]);
    expect(w.calls).toEqual(['raw_counts@2026-11-11', 'raw_counts@2026-11-11']);
    const [p] = await partitionsOf(history.pool, history.s, 'raw_counts', ['2026-11-11']);
    expect(p).toMatchObject({ metadata: { rows: 6 }, materializations: 2 });
  });

  it('a failing error check blocks downstream in this run and in later runs until it passes', async () => {
    const w = toyWorld();
    w.rows.set('2026-11-12', 0);
    const graph = buildGraph({ assets: toyAssets(w) });
    const first = await manual(graph, ['raw_counts', 'daily_summary'], '2026-11-12', 'x1');
    const [r1] = await executeRuns({ history, graph, resources: w, log: ctx.log }, [first]);
    expect(r1).toMatchObject({ status: 'failed', failure: { code: 'check-failed' } });
    expect(r1!.attempt).toBe(1); // a check failure is not retried
    const steps = await stepsOf(history.pool, history.s, first);
    expect(steps.find((s) => s.asset === 'daily_summary')).toMatchObject({ status: 'skipped', detail: { reason: 'upstream-failed' } });
    // A later run of the downstream alone is held back by the upstream's failing check.
    const later = await manual(graph, ['daily_summary'], '2026-11-12', 'x2');
    const [r2] = await executeRuns({ history, graph, resources: w, log: ctx.log }, [later]);
    expect(r2).toMatchObject({ status: 'failed', failure: { code: 'blocked' } });
    expect(r2!.failure!.message).toContain('raw_counts[2026-11-12].has_rows');
    expect(w.calls).toEqual(['raw_counts@2026-11-12']);
    // The source fills in; the upstream re-materializes, passes, and the downstream runs.
    w.rows.set('2026-11-12', 3);
    const fixed = await manual(graph, ['raw_counts', 'daily_summary'], '2026-11-12', 'x3');
    const [r3] = await executeRuns({ history, graph, resources: w, log: ctx.log }, [fixed]);
    expect(r3!.status).toBe('succeeded');
    expect(w.calls).toEqual(['raw_counts@2026-11-12', 'raw_counts@2026-11-12', 'daily_summary@2026-11-12']);
  });

  it('a 30-day backfill materializes each partition once, never more than its concurrency at a time', async () => {
    const w = toyWorld();
    for (let d = 1; d <= 30; d++) w.rows.set(`2026-10-${String(d).padStart(2, '0')}`, d);
    const graph = buildGraph({ assets: toyAssets(w) });
    const bf = await requestBackfill(history, graph, {
      assets: ['raw_counts', 'daily_summary'],
      from: '2026-10-01',
      to: '2026-10-30',
      concurrency: 3,
      now: NOW,
    });
    expect(bf.partitions).toHaveLength(30);
    let most = 0;
    const runs = await executeRuns(
      {
        history,
        graph,
        resources: w,
        log: ctx.log,
        concurrency: 8,
        pollMs: 50,
        onProgress: (rs) => (most = Math.max(most, rs.filter((r) => r.status === 'running').length)),
      },
      bf.runIds,
    );
    expect(runs.every((r) => r.status === 'succeeded')).toBe(true);
    expect(w.calls.filter((c) => c.startsWith('raw_counts'))).toHaveLength(30);
    expect(new Set(w.calls).size).toBe(60);
    expect(most).toBeLessThanOrEqual(3);
    const parts = await partitionsOf(history.pool, history.s, 'daily_summary');
    expect(parts.filter((p) => p.partition!.startsWith('2026-10')).every((p) => p.materializations === 1)).toBe(true);
  });

  it('a run past its timeout fails as a timeout after its retries', async () => {
    const w = toyWorld();
    const graph = buildGraph({ assets: toyAssets(w, { slowTimeoutMs: 150, retry: { maxAttempts: 2, backoffMs: 20 } }) });
    const [run] = await executeRuns({ history, graph, resources: w, log: ctx.log, pollMs: 50 }, [await manual(graph, ['slow'], '2026-11-13', 't')]);
    expect(run).toMatchObject({ status: 'failed', attempt: 2, failure: { code: 'timeout' } });
    const types = (await ctx.store.readStream(etlStreams.run(run!.runId))).map((e) => e.type);
    expect(types.filter((t) => t === 'EtlRunRetryScheduled')).toHaveLength(1);
  });

  it('an operator cancels a running run', async () => {
    const w = toyWorld();
    const graph = buildGraph({ assets: toyAssets(w) });
    const runId = await manual(graph, ['slow'], '2026-11-14', 'c');
    const done = executeRuns({ history, graph, resources: w, log: ctx.log, pollMs: 50 }, [runId]);
    await until(async () => (await getRun(history.pool, history.s, runId))?.status === 'running');
    await history.decide(runId, { type: 'cancel', by: 'test' });
    const [run] = await done;
    expect(run!.status).toBe('cancelled');
  });

  it('log lines written while a step records its outcome are kept in order and never break the run', async () => {
    const w = toyWorld();
    const graph = buildGraph({ assets: toyAssets(w) });
    const [run] = await executeRuns({ history, graph, resources: w, log: ctx.log }, [await manual(graph, ['chatty'], '2026-11-15', 'l')]);
    expect(run).toMatchObject({ status: 'succeeded', attempt: 1 });
    const logs = (await ctx.store.readStream(etlStreams.run(run!.runId)))
      .filter((e) => e.type === 'EtlRunLogged')
      .map((e) => (e.data as { message: string }).message);
    expect(logs).toEqual(Array.from({ length: 30 }, (_, i) => `line ${i}`));
  });

  it('a partition outside the range is refused with the valid range', async () => {
    const graph = buildGraph({ assets: toyAssets(toyWorld()) });
    await expect(manual(graph, ['raw_counts'], '2026-09-30', 'r')).rejects.toThrow(/outside the range 2026-10-01\.\.2026-11-19/);
    await expect(manual(graph, ['raw_counts'], '2026-11-20', 'r')).rejects.toThrow(/outside the range/);
    await expect(manual(graph, ['raw_counts'], 'yesterday', 'r')).rejects.toThrow(/YYYY-MM-DD/);
  });

  it('two ETL processes on one schedule make one run per tick', async () => {
    const w = toyWorld();
    const schedule = defineSchedule({ name: 'every-second', cron: '* * * * * *', timezone: 'UTC', assets: ['raw_counts'] });
    const graph = buildGraph({ assets: toyAssets(w), schedules: [schedule] });
    const settings = { concurrency: 2, pollMs: 100, tickMs: 100, catchUpMs: 1_000, maxCatchUpTicks: 5, retentionDays: 30 };
    const a = startRuntime({ history, graph, resources: w, log: ctx.log, settings });
    const b = startRuntime({ history, graph, resources: w, log: ctx.log, settings });
    await new Promise((r) => setTimeout(r, 3_500));
    await Promise.all([a.stop(), b.stop()]);
    const ticks = await ctx.store.readStream(etlStreams.schedule('every-second'));
    const instants = ticks.map((t) => (t.data as { tickAt: string }).tickAt);
    expect(instants.length).toBeGreaterThanOrEqual(3);
    expect(new Set(instants).size).toBe(instants.length);
    const runs = (await listRuns(history.pool, history.s, { limit: 1000 })).filter((r) => r.origin === 'schedule:every-second');
    expect(runs).toHaveLength(instants.length);
  });

  it('rebuilding the read models from the events gives the same tables', async () => {
    const snapshot = async () => {
      const out: Record<string, unknown[]> = {};
      for (const t of ['etl_runs', 'etl_steps', 'etl_partitions', 'etl_checks', 'etl_schedule_ticks', 'etl_backfills']) {
        out[t] = (await ctx.pool.query(`select * from ${history.s}.${t} order by 1, 2`)).rows;
      }
      return out;
    };
    const before = await snapshot();
    await rebuildEtlTables(history);
    expect(await snapshot()).toEqual(before);
  });
});

async function until(fn: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}
