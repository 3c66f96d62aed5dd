import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, quoteIdent } from '@napominalka/core';
import { REPO_ROOT } from '@napominalka/core/clickhouse';
import { insertEventsRaw, type TestClickHouse } from '@napominalka/core/clickhouse-testing';
import type { TestContext } from '@napominalka/core/testing';
import { buildGraph, daily, executeRuns, partitionsOf, requestRun, type EtlHistory } from '../../framework';
import type { EtlResources } from '../../resources';
import { createEtlWorld, type EtlWorld } from '../../testing/etl-world';
import { parseHistory, type DriftShift, type HistoryEvent } from '../../testing/parse-history';
import { driftReportAsset } from './asset';
import { loadReport } from './reports-table';
import type { DriftReport } from './report';

let world: EtlWorld;
let ctx: TestContext;
let tch: TestClickHouse;
let history: EtlHistory;
let resources: EtlResources;
const partitions = daily({ start: '2026-10-01', timezone: 'UTC' });
const graph = buildGraph({ assets: [driftReportAsset(partitions)] });

beforeAll(async () => {
  world = await createEtlWorld({ ETL_DRIFT_REFERENCE: 'previous-28-days' });
  ({ ctx, tch, history, resources } = world);
  // 28 reference days, then a normal day (11-09) and a shifted one (11-10).
  let pos = 1;
  const day = (d: number, shift?: DriftShift, messages = 400) => {
    const date = new Date(Date.UTC(2026, 9, 12 + d)).toISOString().slice(0, 10);
    const out: HistoryEvent[] = [];
    for (const s of parseHistory({ seed: 100 + d, day: date, messages, ...(shift ? { shift } : {}) })) out.push(...s);
    return out;
  };
  for (let d = 0; d < 28; d++) pos = await insertEventsRaw(tch.ch, day(d), pos);
  pos = await insertEventsRaw(tch.ch, day(28, undefined, 1500), pos);
  await insertEventsRaw(tch.ch, day(29, { lengthFactor: 1.3, confidenceDelta: -0.1, intentOther: 0.1, langEn: 0.15, newVocabulary: 0.2 }, 1500), pos);
});
afterAll(async () => world?.cleanup());

const materialize = async (day: string) => {
  const { runId } = await history.transaction((w) =>
    requestRun(w, graph, { assets: ['drift_report'], partition: day, reason: 'manual', origin: 'test', key: day }, new Date('2026-12-01T00:00:00Z')),
  );
  return (await executeRuns({ history, graph, resources, log: ctx.log }, [runId]))[0]!;
};
const report = async (day: string) => JSON.parse((await loadReport(ctx.pool, quoteIdent(ctx.schema), 'drift_report', day, 'json'))!) as DriftReport;

describe('drift_report', () => {
  it('a day like the 28 before it shows no drift', async () => {
    const run = await materialize('2026-11-09');
    expect(run.failure).toBeNull();
    const r = await report('2026-11-09');
    expect(r.comparisons[0]!.reference).toMatchObject({ kind: 'previous-28-days' });
    expect(r.comparisons[0]!.reference.rows).toBeGreaterThan(1000);
    expect(r.dataset).toMatchObject({ status: 'measured', drifted: false });
    expect(r.drifted).toEqual([]);
    expect(r.text).toMatchObject({ status: 'computed', drifted: false });
    // Above 1,000 reference rows Evidently uses distances.
    expect(new Set(r.comparisons[0]!.features.map((f) => f.result.test))).toEqual(new Set(['wasserstein', 'jensenshannon']));
  });

  it('a shifted day shows dataset drift in the shifted features, in the report, the summary row and the metadata', async () => {
    const run = await materialize('2026-11-10');
    expect(run.failure).toBeNull();
    const r = await report('2026-11-10');
    expect(r.dataset).toMatchObject({ drifted: true });
    expect(r.drifted).toEqual(expect.arrayContaining(['text_chars', 'intent_confidence', 'intent', 'lang', 'text']));
    expect(r.drifted).not.toContain('zone');
    const [p] = await partitionsOf(history.pool, history.s, 'drift_report', ['2026-11-10']);
    expect(p!.metadata).toMatchObject({ dataset_drift: true, report_html: '/reports/drift_report/2026-11-10.html' });
    const rows = await tch.ch.query<{ dataset_drift: number; drifted: string[] }>(
      `SELECT dataset_drift, drifted FROM ${tch.ch.table('etl_drift_summary')} WHERE day = '2026-11-10'`,
    );
    expect(rows).toHaveLength(1);
    expect(Number(rows[0]!.dataset_drift)).toBe(1);
    const html = (await loadReport(ctx.pool, quoteIdent(ctx.schema), 'drift_report', '2026-11-10', 'html'))!;
    expect(html).toContain('Dataset drift detected');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script/i);
  });

  it('with the training reference, the day is compared with the active model’s training profile first, the previous 28 days beside it', async () => {
    const models = await mkdtemp(path.join(os.tmpdir(), 'models-'));
    await writeFile(path.join(models, 'registry.json'), JSON.stringify({ current: 'm-test', versions: ['m-test'] }));
    await mkdir(path.join(models, 'm-test'));
    await copyFile(path.join(REPO_ROOT, 'inference/models/2026-12-01.1/profile.json'), path.join(models, 'm-test/profile.json'));
    const before = resources;
    resources = { ...resources, modelsDir: models, config: loadConfig({ ETL_DRIFT_REFERENCE: 'training' }) };
    try {
      const { runId } = await history.transaction((w) =>
        requestRun(
          w,
          graph,
          { assets: ['drift_report'], partition: '2026-11-09', reason: 'manual', origin: 'test', key: 'training', force: true },
          new Date('2026-12-01T00:00:00Z'),
        ),
      );
      expect((await executeRuns({ history, graph, resources, log: ctx.log }, [runId]))[0]!.failure).toBeNull();
    } finally {
      resources = before;
    }
    const r = await report('2026-11-09');
    expect(r.comparisons.map((c) => c.reference.kind)).toEqual(['training', 'previous-28-days']);
    expect(r.comparisons[0]!.reference.label).toBe('the training profile of model m-test');
    const hour = r.comparisons[0]!.features.find((f) => f.feature === 'local_hour')!;
    expect(hour.result.test).toBe('not_in_reference');
    // A broken profile is not fatal: the report falls back to the previous 28 days.
    await writeFile(path.join(models, 'm-test/profile.json'), '{"format": 1, "rows": "many"}');
    resources = { ...resources, modelsDir: models, config: loadConfig({ ETL_DRIFT_REFERENCE: 'training' }) };
    try {
      const { runId } = await history.transaction((w) =>
        requestRun(
          w,
          graph,
          { assets: ['drift_report'], partition: '2026-11-09', reason: 'manual', origin: 'test', key: 'broken', force: true },
          new Date('2026-12-01T00:00:00Z'),
        ),
      );
      expect((await executeRuns({ history, graph, resources, log: ctx.log }, [runId]))[0]!.failure).toBeNull();
    } finally {
      resources = before;
    }
    expect((await report('2026-11-09')).comparisons.map((c) => c.reference.kind)).toEqual(['previous-28-days']);
  });
});
