import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatStream, etlStreams } from '@napominalka/core';
import { createTestContext, type TestContext } from '@napominalka/core/testing';
import {
  applyRunRetention,
  assetSensor,
  buildGraph,
  eventCountSensor,
  evaluateSensor,
  executeRuns,
  listRuns,
  openEtlHistory,
  partitionsOf,
  rebuildEtlTables,
  requestRun,
  type EtlHistory,
} from './index';
import { toyAssets, toyWorld } from './testing/toy-assets';

let ctx: TestContext;
let history: EtlHistory;
const NOW = new Date('2026-11-20T12:00:00Z');

beforeAll(async () => {
  ctx = await createTestContext();
  history = await openEtlHistory(ctx.store, ctx.pool);
});
afterAll(async () => ctx.cleanup());

describe('sensors', () => {
  it('an event-count sensor requests a run once enough events arrived after its cursor; two evaluations of one cursor request it once', async () => {
    const w = toyWorld();
    const sensor = eventCountSensor<typeof w>({
      name: 'messages',
      intervalMs: 1000,
      types: ['MessageReceived'],
      threshold: 3,
      assets: ['raw_counts'],
      partitionFor: () => '2026-11-18',
    });
    const graph = buildGraph({ assets: toyAssets(w), sensors: [sensor] });
    const o = { history, graph, resources: w, log: ctx.log, now: () => NOW };
    const say = (i: number) =>
      ctx.store.append(chatStream(1), [{ type: 'MessageReceived', data: { chatId: 1, updateId: i, messageId: i, text: 'x', sentAt: NOW.toISOString() } }]);
    await say(1);
    await say(2);
    expect(await evaluateSensor(o, sensor, new AbortController().signal)).toEqual([]);
    await say(3);
    const [a, b] = await Promise.all([evaluateSensor(o, sensor, new AbortController().signal), evaluateSensor(o, sensor, new AbortController().signal)]);
    expect([...a!, ...b!]).toHaveLength(1);
    const runs = (await listRuns(history.pool, history.s)).filter((r) => r.origin === 'sensor:messages');
    expect(runs).toMatchObject([{ assets: ['raw_counts'], partition: '2026-11-18', reason: 'sensor', status: 'queued' }]);
    // The cursor moved past the three: nothing more until three new ones.
    expect(await evaluateSensor(o, sensor, new AbortController().signal)).toEqual([]);
    const ticks = await ctx.store.readStream(etlStreams.sensor('messages'));
    expect(ticks.map((t) => (t.data as { cursor: string | null }).cursor)).toHaveLength(1);
  });

  it('an asset sensor requests its targets for each new materialization the condition accepts', async () => {
    const w = toyWorld();
    w.rows.set('2026-11-16', 4);
    w.rows.set('2026-11-17', 50);
    const sensor = assetSensor<typeof w>({
      name: 'many-rows',
      intervalMs: 1000,
      asset: 'raw_counts',
      assets: ['daily_summary'],
      when: (m) => (Number(m.metadata.rows) >= 10 ? m.partition : undefined),
    });
    const graph = buildGraph({ assets: toyAssets(w), sensors: [sensor] });
    for (const day of ['2026-11-16', '2026-11-17']) {
      const { runId } = await history.transaction((x) =>
        requestRun(x, graph, { assets: ['raw_counts'], partition: day, reason: 'manual', origin: 'test', key: day }, NOW),
      );
      await executeRuns({ history, graph, resources: w, log: ctx.log }, [runId]);
    }
    const requested = await evaluateSensor({ history, graph, resources: w, log: ctx.log, now: () => NOW }, sensor, new AbortController().signal);
    expect(requested).toHaveLength(1);
    const runs = (await listRuns(history.pool, history.s)).filter((r) => r.origin === 'sensor:many-rows');
    expect(runs).toMatchObject([{ assets: ['daily_summary'], partition: '2026-11-17' }]);
  });
});

describe('run retention', () => {
  it('deletes the events and rows of runs finished longer ago than the setting; partitions stay, and a rebuild agrees', async () => {
    const w = toyWorld();
    w.rows.set('2026-11-10', 7);
    const graph = buildGraph({ assets: toyAssets(w) });
    const { runId } = await history.transaction((x) =>
      requestRun(x, graph, { assets: ['raw_counts'], partition: '2026-11-10', reason: 'manual', origin: 'test', key: 'old' }, NOW),
    );
    await executeRuns({ history, graph, resources: w, log: ctx.log }, [runId]);
    const { runId: recent } = await history.transaction((x) =>
      requestRun(x, graph, { assets: ['raw_counts'], partition: '2026-11-11', reason: 'manual', origin: 'test', key: 'new' }, NOW),
    );
    await executeRuns({ history, graph, resources: w, log: ctx.log }, [recent]);
    await ctx.pool.query(`update ${history.s}.etl_runs set finished_at = now() - interval '100 days' where run_id = $1`, [runId]);
    expect(await applyRunRetention(history, 90)).toBeGreaterThanOrEqual(1);
    expect(await ctx.store.readStream(etlStreams.run(runId))).toEqual([]);
    expect((await ctx.store.readStream(etlStreams.run(recent))).length).toBeGreaterThan(0);
    const ids = (await listRuns(history.pool, history.s, { limit: 1000 })).map((r) => r.runId);
    expect(ids).not.toContain(runId);
    expect(ids).toContain(recent);
    // The partition the deleted run made is still known: its materialization lives in the asset's stream.
    expect(await partitionsOf(history.pool, history.s, 'raw_counts', ['2026-11-10'])).toMatchObject([{ runId, metadata: { rows: 7 } }]);
    const before = (await ctx.pool.query(`select run_id, status from ${history.s}.etl_runs order by run_id`)).rows;
    await rebuildEtlTables(history);
    expect((await ctx.pool.query(`select run_id, status from ${history.s}.etl_runs order by run_id`)).rows).toEqual(before);
  });
});
