import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@napominalka/core';
import { createClickHouse, migrateClickHouse, startClickHouseGateway, type ClickHouse, type ClickHouseGateway } from '@napominalka/core/clickhouse';
import { insertEventsRaw, createTestClickHouse, type TestClickHouse } from '@napominalka/core/clickhouse-testing';
import { createTestContext, eventually, startTcpRelay, type TcpRelay, type TestContext } from '@napominalka/core/testing';
import { parseQualityAsset } from '../assets/parse-quality/asset';
import { migrateEtlTables } from '../assets/shared/tables';
import type { EtlResources } from '../resources';
import { parseHistory, type HistoryEvent } from '../testing/parse-history';
import { buildGraph, daily, executeRuns, openEtlHistory, requestRun, type AssetContext, type EtlHistory } from './index';
import { dataOf, materializationsOf, runEvents } from './testing/run-reads';

let ctx: TestContext;
let tch: TestClickHouse;
let gateway: ClickHouseGateway;
let relay: TcpRelay;
let ch: ClickHouse;
let history: EtlHistory;
const DAY = '2026-11-10';
const USER = { user: 'etl', password: 'fault-test-password' };

beforeAll(async () => {
  ctx = await createTestContext();
  tch = await createTestClickHouse();
  await migrateClickHouse(tch.ch);
  await migrateEtlTables(tch.ch);
  // The ETL reaches the embedded engine as it does in production: over the projector's gateway,
  // here through a relay the test can cut.
  gateway = await startClickHouseGateway({ ch: tch.ch, port: 0, ...USER, log: ctx.log });
  relay = await startTcpRelay({ host: gateway.host, port: gateway.port });
  ch = await createClickHouse({ url: `http://127.0.0.1:${relay.port}`, ...USER, database: tch.ch.database });
  history = await openEtlHistory(ctx.store, ctx.pool);
});
afterAll(async () => {
  await ch?.close();
  await relay?.close();
  await gateway?.close();
  await tch?.cleanup();
  await ctx?.cleanup();
});

describe('ETL framework: ClickHouse outage', () => {
  it('an outage mid-run fails the step naming ClickHouse, the retry after the backoff writes the day once', async () => {
    const events: HistoryEvent[] = [];
    for (const s of parseHistory({ seed: 11, day: DAY, messages: 600, model: 'm1' })) events.push(...s);
    for (const s of parseHistory({ seed: 12, day: DAY, messages: 200, model: 'm2', chats: 50 })) events.push(...s);
    await insertEventsRaw(tch.ch, events);

    // The first attempt has read the day's fingerprint through the relay; the relay is cut before
    // its figures are queried.
    let reached = () => {};
    const inMaterialize = new Promise<void>((r) => (reached = r));
    let resume = () => {};
    const cut = new Promise<void>((r) => (resume = r));
    const base = parseQualityAsset(daily({ start: '2026-11-01', timezone: 'UTC' }));
    const asset = {
      ...base,
      retry: { maxAttempts: 3, backoffMs: 200 },
      materialize: async (c: AssetContext<EtlResources>) => {
        if (c.attempt === 1) {
          reached();
          await cut;
        }
        return base.materialize(c);
      },
    };
    const graph = buildGraph({ assets: [asset] });
    const resources: EtlResources = { ch, store: ctx.store, pool: ctx.pool, config: loadConfig({}), log: ctx.log, modelsDir: '' };
    const now = new Date('2026-12-01T00:00:00Z');
    const { runId } = await history.transaction((w) =>
      requestRun(w, graph, { assets: ['parse_quality'], partition: DAY, reason: 'manual', origin: 'test', key: 'outage' }, now),
    );
    const done = executeRuns({ history, graph, resources, log: ctx.log, pollMs: 50 }, [runId]);

    await inMaterialize;
    relay.down();
    resume();
    await eventually(async () => (await runEvents(ctx.store, runId)).some((e) => e.type === 'EtlRunRetryScheduled'), 20_000, 'no retry scheduled');
    relay.up();
    const [run] = await done;

    expect(run).toMatchObject({ status: 'succeeded', attempt: 2 });
    const stream = await runEvents(ctx.store, runId);
    const [failed] = dataOf(stream, 'EtlStepFailed');
    expect(failed).toMatchObject({ attempt: 1, asset: 'parse_quality', failure: { code: 'error' } });
    expect(failed!.failure.message).toMatch(/ClickHouse/);
    const retry = stream.find((e) => e.type === 'EtlRunRetryScheduled')!;
    expect(retry.data).toMatchObject({ nextAttempt: 2, failure: failed!.failure });
    const wait = Date.parse((retry.data as { notBefore: string }).notBefore) - Date.parse(retry.recordedAt);
    expect(wait).toBeGreaterThanOrEqual(150);
    expect(wait).toBeLessThanOrEqual(1_000);
    expect(stream.map((e) => e.type)).toEqual([
      'EtlRunRequested',
      'EtlRunStarted',
      'EtlStepStarted',
      'EtlStepFailed',
      'EtlRunRetryScheduled',
      'EtlRunStarted',
      'EtlStepStarted',
      'EtlRunLogged',
      'EtlStepSucceeded',
      'EtlRunSucceeded',
    ]);

    // Nothing lost, nothing doubled: the day holds the rows of the one materialization.
    const mats = await materializationsOf(ctx.store, 'parse_quality', runId, DAY);
    expect(mats).toHaveLength(1);
    const rows = await tch.ch.query<{ model_version: string; run_id: string; parsed: string; messages: string }>(
      `SELECT model_version, run_id, parsed, messages FROM ${tch.ch.table('etl_parse_quality')} WHERE day = {day:Date} ORDER BY model_version`,
      { day: DAY },
    );
    expect(rows.map((r) => r.model_version)).toEqual(['*', 'm1', 'm2']);
    expect(rows).toHaveLength(Number(mats[0]!.metadata.rows));
    expect(new Set(rows.map((r) => r.run_id))).toEqual(new Set([runId]));
    expect(Number(rows[0]!.parsed)).toBe(events.filter((e) => e.type === 'MessageParsed').length);
    expect(Number(rows[0]!.messages)).toBe(events.filter((e) => e.type === 'MessageReceived').length);
    const stages = await tch.ch.query<{ n: string }>(
      `SELECT count() AS n FROM system.tables WHERE database = {db:String} AND name LIKE 'etl_parse_quality_stage_%'`,
      {
        db: tch.ch.database,
      },
    );
    expect(Number(stages[0]!.n)).toBe(0);
  });
});
