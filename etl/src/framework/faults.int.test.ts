import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { etlStreams } from '@napominalka/core';
import { createTestContext, eventually, runTs, stopChild, type Child, type TestContext } from '@napominalka/core/testing';
import {
  buildGraph,
  defineSensor,
  executeRuns,
  getRun,
  listRuns,
  openEtlHistory,
  partitionsOf,
  requestRun,
  startRuntime,
  stepsOf,
  type AssetGraph,
  type EtlHistory,
} from './index';
import { runLockKey } from './execution/claim';
import { computesOf, createFaultTables, everySecond, faultAssets, type FaultWorld } from './testing/fault-assets';
import { dataOf, materializationsOf, runEvents } from './testing/run-reads';

const CHILD = 'etl/src/framework/testing/executor-child.ts';
const NOW = new Date('2026-11-20T12:00:00Z');
let ctx: TestContext;
let history: EtlHistory;
let world: FaultWorld;
let dir: string;
const children: Child[] = [];

beforeAll(async () => {
  ctx = await createTestContext();
  history = await openEtlHistory(ctx.store, ctx.pool);
  await createFaultTables(ctx.pool, history.s);
  world = { pool: ctx.pool, s: history.s, hold: async () => undefined };
  dir = mkdtempSync(path.join(os.tmpdir(), 'etl-faults-'));
});
afterEach(async () => {
  for (const c of children.splice(0)) await c.kill('SIGKILL');
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await ctx?.cleanup();
});

const request = async (graph: AssetGraph<FaultWorld>, assets: string[], partition: string, key: string) =>
  (await history.transaction((w) => requestRun(w, graph, { assets, partition, reason: 'manual', origin: 'test', key }, NOW))).runId;

/** A child executor for these runs; its holding assets wait for `release` (a file) to exist. */
function spawnExecutor(runId: string, release: string): Child {
  const c = runTs(CHILD, { ...ctx.env, LOG_LEVEL: 'warn', ETL_CHILD_MODE: 'executor', ETL_CHILD_ONLY: runId, ETL_CHILD_RELEASE_FILE: release });
  children.push(c);
  return c;
}

/** Waits until the child computes `asset` and holds, with the step recorded as running. */
async function holding(child: Child, runId: string, asset: string): Promise<void> {
  await child.waitFor(new RegExp(`"fault":"holding","asset":"${asset}","runId":"${runId}"`), 30_000);
  const steps = await stepsOf(history.pool, history.s, runId);
  expect(steps.find((s) => s.asset === asset)).toMatchObject({ status: 'running', attempt: 1 });
}

const execute = (graph: AssetGraph<FaultWorld>, runId: string, resources = world) =>
  executeRuns({ history, graph, resources, log: ctx.log, pollMs: 50 }, [runId]);
const attemptsStarted = async (runId: string) => dataOf(await runEvents(ctx.store, runId), 'EtlRunStarted').map((e) => e.attempt);

describe('ETL framework faults', () => {
  it('an executor SIGKILLed mid-step: another reaps it, attempt 2 materializes once', async () => {
    const graph = buildGraph({ assets: faultAssets() });
    const runId = await request(graph, ['held'], '2026-11-01', 'kill');
    const child = spawnExecutor(runId, path.join(dir, 'never'));
    await holding(child, runId, 'held');
    await child.kill('SIGKILL');
    const [run] = await execute(graph, runId);
    expect(run).toMatchObject({ status: 'succeeded', attempt: 2 });
    const events = await runEvents(ctx.store, runId);
    expect(dataOf(events, 'EtlRunStarted').map((e) => e.attempt)).toEqual([1, 2]);
    expect(dataOf(events, 'EtlRunRetryScheduled')).toMatchObject([{ nextAttempt: 2, failure: { code: 'executor-lost' } }]);
    const mats = await materializationsOf(ctx.store, 'held', runId, '2026-11-01');
    expect(mats).toHaveLength(1);
    expect(mats[0]!.metadata).toMatchObject({ attempt: 2, computes: 2 });
    // The compute ran twice (the killed attempt's side effect stays); the materialization is recorded once.
    expect(await computesOf(ctx.pool, history.s, runId)).toMatchObject([{ asset: 'held', computes: 2, attempts: [1, 2] }]);
    expect((await partitionsOf(history.pool, history.s, 'held', ['2026-11-01']))[0]).toMatchObject({ runId, materializations: 1 });
  });

  it('an executor SIGKILLed on the last attempt: the run fails as executor-lost', async () => {
    const graph = buildGraph({ assets: faultAssets({ retry: { maxAttempts: 1, backoffMs: 100 } }) });
    const runId = await request(graph, ['held'], '2026-11-02', 'kill-last');
    const child = spawnExecutor(runId, path.join(dir, 'never'));
    await holding(child, runId, 'held');
    await child.kill('SIGKILL');
    const [run] = await execute(graph, runId);
    expect(run).toMatchObject({ status: 'failed', attempt: 1, failure: { code: 'executor-lost' } });
    expect(await attemptsStarted(runId)).toEqual([1]);
    expect(dataOf(await runEvents(ctx.store, runId), 'EtlRunFailed')).toMatchObject([{ attempt: 1, failure: { code: 'executor-lost' } }]);
    expect(await materializationsOf(ctx.store, 'held', runId)).toHaveLength(0);
  });

  it('killed after a materialization commit, before the run finished: the retry skips that step as unchanged', async () => {
    const graph = buildGraph({ assets: faultAssets() });
    const runId = await request(graph, ['first', 'second'], '2026-11-03', 'kill-after-commit');
    const child = spawnExecutor(runId, path.join(dir, 'never'));
    await holding(child, runId, 'second');
    expect(await materializationsOf(ctx.store, 'first', runId)).toHaveLength(1);
    await child.kill('SIGKILL');
    const [run] = await execute(graph, runId);
    expect(run).toMatchObject({ status: 'succeeded', attempt: 2 });
    const steps = await stepsOf(history.pool, history.s, runId);
    expect(steps.find((s) => s.asset === 'first')).toMatchObject({ attempt: 2, status: 'skipped', detail: { reason: 'unchanged' } });
    expect(steps.find((s) => s.asset === 'second')).toMatchObject({ attempt: 2, status: 'succeeded' });
    expect(await materializationsOf(ctx.store, 'first', runId)).toHaveLength(1);
    expect(await materializationsOf(ctx.store, 'second', runId)).toHaveLength(1);
    expect((await computesOf(ctx.pool, history.s, runId)).map((c) => [c.asset, c.computes])).toEqual([
      ['first', 1],
      ['second', 2],
    ]);
  });

  it('a zombie — its lock connection lost, its process alive — cannot write after the takeover', async () => {
    const graph = buildGraph({ assets: faultAssets() });
    const runId = await request(graph, ['held'], '2026-11-04', 'zombie');
    const release = path.join(dir, 'zombie');
    const child = spawnExecutor(runId, release);
    await holding(child, runId, 'held');
    const cut = await ctx.pool.query(
      `select pg_terminate_backend(pid) as ok from pg_locks
       where locktype = 'advisory' and granted and objsubid = 1 and ((classid::bigint << 32) | objid::bigint) = hashtextextended($1, 0)`,
      [runLockKey(history.s, runId)],
    );
    expect(cut.rows).toEqual([{ ok: true }]);
    let open = () => {};
    const gate = new Promise<void>((r) => (open = r));
    const done = execute(graph, runId, { ...world, hold: () => gate });
    await eventually(async () => (await computesOf(ctx.pool, history.s, runId))[0]?.computes === 2, 20_000, 'attempt 2 never computed');
    writeFileSync(release, '');
    await child.waitFor(/presumed lost and the run went on without it/, 20_000);
    open();
    const [run] = await done;
    expect(run).toMatchObject({ status: 'succeeded', attempt: 2 });
    const events = await runEvents(ctx.store, runId);
    const second = events.findIndex((e) => e.type === 'EtlRunStarted' && e.data.attempt === 2);
    expect(events.slice(second + 1).map((e) => e.type)).toEqual(['EtlStepStarted', 'EtlStepSucceeded', 'EtlRunSucceeded']);
    const mats = await materializationsOf(ctx.store, 'held', runId);
    expect(mats.map((m) => m.metadata.attempt)).toEqual([2]);
  });

  it('two ETL processes on one schedule: one run per tick, each attempt started once, none left running', async () => {
    const a = runTs(CHILD, { ...ctx.env, LOG_LEVEL: 'warn', ETL_CHILD_MODE: 'runtime' });
    const b = runTs(CHILD, { ...ctx.env, LOG_LEVEL: 'warn', ETL_CHILD_MODE: 'runtime' });
    children.push(a, b);
    await Promise.all([a.waitFor(/"fault":"ready"/, 30_000), b.waitFor(/"fault":"ready"/, 30_000)]);
    await new Promise((r) => setTimeout(r, 4_000));
    const say = (line: string) => ctx.logs.push(line);
    expect(await Promise.all([stopChild(a, 'a', say, 15_000), stopChild(b, 'b', say, 15_000)])).toEqual([0, 0]);
    const ticks = (await ctx.store.readStream(etlStreams.schedule(everySecond.name))).map((t) => t.data as { tickAt: string; runIds: string[] });
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(new Set(ticks.map((t) => t.tickAt)).size).toBe(ticks.length);
    const runs = (await listRuns(history.pool, history.s, { limit: 1000 })).filter((r) => r.origin === `schedule:${everySecond.name}`);
    expect(runs.map((r) => r.runId).sort()).toEqual(ticks.flatMap((t) => t.runIds).sort());
    expect(runs.filter((r) => r.status === 'running')).toEqual([]);
    // A tick just before the stop may have left a run queued: it finishes here, once like the others.
    const graph = buildGraph({ assets: faultAssets(), schedules: [everySecond] });
    await executeRuns(
      { history, graph, resources: world, log: ctx.log, pollMs: 50 },
      runs.filter((r) => r.status === 'queued').map((r) => r.runId),
    );
    for (const r of runs) {
      expect(await getRun(history.pool, history.s, r.runId)).toMatchObject({ status: 'succeeded', attempt: 1 });
      expect(await attemptsStarted(r.runId)).toEqual([1]);
      expect(await computesOf(ctx.pool, history.s, r.runId)).toMatchObject([{ asset: 'ticked', computes: 1 }]);
      expect(await materializationsOf(ctx.store, 'ticked', r.runId)).toHaveLength(1);
    }
  });

  it('a runtime stopped while a loop is busy stops at once, and its loops leave no listener behind', async () => {
    let entered = () => {};
    const busy = new Promise<void>((r) => (entered = r));
    let finish = () => {};
    const gate = new Promise<void>((r) => (finish = r));
    // Ignores its signal on purpose: the stop must still not wait out the sensor's minute.
    const evaluate = async (_c: unknown, cursor: string | null) => {
      entered();
      await gate;
      return { cursor, requests: [] };
    };
    const sensor = defineSensor<FaultWorld>({ name: 'busy', intervalMs: 60_000, targets: ['ticked'], evaluate });
    const graph = buildGraph({ assets: faultAssets(), sensors: [sensor] });
    const warnings: string[] = [];
    const onWarning = (w: Error) => void warnings.push(w.name);
    process.on('warning', onWarning);
    const settings = { concurrency: 1, pollMs: 50, tickMs: 10, catchUpMs: 0, maxCatchUpTicks: 1, retentionDays: 30 };
    const runtime = startRuntime({ history, graph, resources: world, log: ctx.log, settings });
    await busy;
    await new Promise((r) => setTimeout(r, 500)); // some 50 waits of the schedule loop
    const t0 = Date.now();
    const stopped = runtime.stop();
    finish();
    await Promise.race([stopped, new Promise((_, reject) => setTimeout(() => reject(new Error('stop() still waiting after 5 s')), 5_000))]);
    expect(Date.now() - t0).toBeLessThan(5_000);
    process.off('warning', onWarning);
    expect(warnings.filter((n) => n === 'MaxListenersExceededWarning')).toEqual([]);
  });
});
