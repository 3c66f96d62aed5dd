import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '@napominalka/core/testing';
import { buildGraph, daily, defineAsset, evaluateSensor, executeRuns, listRuns, openEtlHistory, requestRun, type EtlHistory } from '../../framework';
import { MODEL_LOOP, retrainingSchedules, retrainingSensor } from './triggers';

/**
 * The retraining sensor against stand-ins for drift_report and daily_alerts whose metadata the
 * test sets (the model loop's own assets are stand-ins too: only the requests matter here).
 */
let ctx: TestContext;
let history: EtlHistory;
const NOW = new Date('2026-11-20T12:00:00Z');
const days = daily({ start: '2026-11-01', timezone: 'UTC' });
const meta = new Map<string, Record<string, number | boolean>>();
const stub = (key: string) =>
  defineAsset<null>({ key, description: key, partitions: days, materialize: async (c) => ({ metadata: meta.get(`${key}:${c.partition}`) ?? {} }) });
const sensor = retrainingSensor<null>(1000);
const graph = buildGraph<null>({ assets: [stub('drift_report'), stub('daily_alerts'), ...MODEL_LOOP.map(stub)], sensors: [sensor] });

beforeAll(async () => {
  ctx = await createTestContext();
  history = await openEtlHistory(ctx.store, ctx.pool);
});
afterAll(async () => ctx?.cleanup());

async function materialize(asset: string, day: string, metadata: Record<string, number | boolean>) {
  meta.set(`${asset}:${day}`, metadata);
  const { runId } = await history.transaction((w) =>
    requestRun(w, graph, { assets: [asset], partition: day, reason: 'manual', origin: 'test', key: `${asset}:${day}` }, NOW),
  );
  await executeRuns({ history, graph, resources: null, log: ctx.log }, [runId]);
}
const evaluate = () => evaluateSensor({ history, graph, resources: null, log: ctx.log, now: () => NOW }, sensor, new AbortController().signal);
const sensorRuns = async () =>
  (await listRuns(history.pool, history.s))
    .filter((r) => r.origin === 'sensor:retraining')
    .map((r) => [r.partition, [...r.assets].sort()])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
const LOOP = [...MODEL_LOOP].sort();

describe('what makes the model loop retrain', () => {
  it('dataset drift two days running asks for the whole loop on the second day, once', async () => {
    await materialize('drift_report', '2026-11-10', { dataset_drift: true });
    await materialize('drift_report', '2026-11-12', { dataset_drift: true });
    expect(await evaluate()).toEqual([]); // two drifted days, not in a row
    await materialize('drift_report', '2026-11-13', { dataset_drift: true });
    expect(await evaluate()).toHaveLength(1);
    expect(await sensorRuns()).toEqual([['2026-11-13', LOOP]]);
    expect(await evaluate()).toEqual([]); // each materialization is looked at once
  });

  it('a quality figure past its threshold for its two days asks too; a day without drift or breach does not', async () => {
    await materialize('daily_alerts', '2026-11-15', { quality_breaches: 0 });
    await materialize('drift_report', '2026-11-15', { dataset_drift: false });
    expect(await evaluate()).toEqual([]);
    await materialize('daily_alerts', '2026-11-16', { quality_breaches: 1 });
    expect(await evaluate()).toHaveLength(1);
    expect((await sensorRuns()).at(-1)).toEqual(['2026-11-16', LOOP]);
  });

  it('the schedule is weekly by default and can be turned off', () => {
    expect(retrainingSchedules('0 3 * * 1', 'Europe/Moscow')).toMatchObject([{ name: 'retraining', cron: '0 3 * * 1', assets: [...MODEL_LOOP] }]);
    expect(retrainingSchedules('off', 'UTC')).toEqual([]);
    expect(() => retrainingSchedules('not a cron', 'UTC')).toThrow(/invalid cron/);
  });
});
