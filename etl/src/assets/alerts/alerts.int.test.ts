import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type EtlMetadata } from '@napominalka/core';
import { createTestContext, type TestContext } from '@napominalka/core/testing';
import { buildGraph, daily, defineAsset, executeRuns, openEtlHistory, requestRun, type EtlHistory } from '../../framework';
import type { EtlResources } from '../../resources';
import { ALERTS_STREAM } from '../../alerts/raise';
import { dailyAlertsAsset } from './asset';

let ctx: TestContext;
let history: EtlHistory;
const days = daily({ start: '2026-11-01', timezone: 'UTC' });
/** What the stub upstream assets report per day. */
const quality = new Map<string, EtlMetadata>();
const drift = new Map<string, EtlMetadata>();
const stub = (key: string, source: Map<string, EtlMetadata>) =>
  defineAsset<EtlResources>({
    key,
    description: 'stub',
    partitions: days,
    observe: async (c) => JSON.stringify(source.get(c.partition!) ?? {}),
    materialize: async (c) => ({ metadata: source.get(c.partition!) ?? {} }),
  });
const graph = buildGraph({ assets: [stub('parse_quality', quality), stub('drift_report', drift), dailyAlertsAsset(days)] });
let resources: EtlResources;

beforeAll(async () => {
  ctx = await createTestContext();
  history = await openEtlHistory(ctx.store, ctx.pool);
  resources = { store: ctx.store, pool: ctx.pool, config: loadConfig({}), log: ctx.log, modelsDir: '' } as unknown as EtlResources;
});
afterAll(async () => ctx?.cleanup());

const run = async (day: string, key: string) => {
  const { runId } = await history.transaction((w) =>
    requestRun(
      w,
      graph,
      { assets: ['parse_quality', 'drift_report', 'daily_alerts'], partition: day, reason: 'manual', origin: 'test', key },
      new Date('2026-12-01T00:00:00Z'),
    ),
  );
  return (await executeRuns({ history, graph, resources, log: ctx.log }, [runId]))[0]!;
};
const alerts = async () => (await ctx.store.readStream(ALERTS_STREAM)).map((e) => e.data as { alert: string; title: string; text: string });
const good = { failure_rate: 0.01, clarification_rate: 0.05, llm_rate: 0.01, wrong_feedback_rate: 0.01, implicit_error_rate: 0.02 };

describe('daily_alerts', () => {
  it('dataset drift raises one alert for the day, with the report link; a re-run raises nothing again', async () => {
    quality.set('2026-11-10', good);
    drift.set('2026-11-10', {
      dataset_drift: true,
      drifted: 'intent,lang',
      drift_share: 0.55,
      reference: 'the 28 days …',
      report_html: '/reports/drift_report/2026-11-10.html',
    });
    expect((await run('2026-11-10', 'a')).status).toBe('succeeded');
    expect(await alerts()).toEqual([expect.objectContaining({ alert: 'drift-detected', title: 'Dataset drift on 2026-11-10' })]);
    drift.set('2026-11-10', { ...drift.get('2026-11-10')!, drift_share: 0.56 });
    expect((await run('2026-11-10', 'b')).status).toBe('succeeded');
    expect(await alerts()).toHaveLength(1);
  });

  it('a quality figure past its threshold alerts on the second day running, not the first', async () => {
    drift.set('2026-11-11', { dataset_drift: false });
    drift.set('2026-11-12', { dataset_drift: false });
    quality.set('2026-11-11', { ...good, failure_rate: 0.2 });
    await run('2026-11-11', 'c');
    expect(await alerts()).toHaveLength(1);
    quality.set('2026-11-12', { ...good, failure_rate: 0.3 });
    await run('2026-11-12', 'd');
    const all = await alerts();
    expect(all).toHaveLength(2);
    expect(all[1]).toMatchObject({ alert: 'quality-degraded', title: 'failure rate above 0.05 for 2 days' });
    expect(all[1]!.text).toContain('30.0 % on 2026-11-12');
  });
});
