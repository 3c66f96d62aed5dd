import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertEventsRaw, type TestClickHouse } from '@napominalka/core/clickhouse-testing';
import type { TestContext } from '@napominalka/core/testing';
import { buildGraph, checksOf, daily, executeRuns, requestRun, type EtlHistory } from '../../framework';
import type { EtlResources } from '../../resources';
import { createEtlWorld, type EtlWorld } from '../../testing/etl-world';
import { parseHistory, type HistoryEvent } from '../../testing/parse-history';
import { parseQualityAsset } from './asset';

let world: EtlWorld;
let ctx: TestContext;
let tch: TestClickHouse;
let history: EtlHistory;
let resources: EtlResources;
const partitions = daily({ start: '2026-11-01', timezone: 'UTC' });
const graph = buildGraph({ assets: [parseQualityAsset(partitions)] });

beforeAll(async () => {
  world = await createEtlWorld();
  ({ ctx, tch, history, resources } = world);
});
afterAll(async () => world?.cleanup());

const materialize = async (day: string, key: string) => {
  const { runId } = await history.transaction((w) =>
    requestRun(w, graph, { assets: ['parse_quality'], partition: day, reason: 'manual', origin: 'test', key }, new Date('2026-12-01T00:00:00Z')),
  );
  return (await executeRuns({ history, graph, resources, log: ctx.log }, [runId]))[0]!;
};

describe('parse_quality', () => {
  it('computes the day per model version and in all, equal to a count over the events', async () => {
    const events: HistoryEvent[] = [];
    for (const s of parseHistory({ seed: 1, day: '2026-11-10', messages: 3000, model: 'm1' })) events.push(...s);
    for (const s of parseHistory({ seed: 2, day: '2026-11-10', messages: 1000, model: 'm2', chats: 100 })) events.push(...s);
    // A neighbouring day must not count.
    for (const s of parseHistory({ seed: 3, day: '2026-11-11', messages: 500 })) events.push(...s);
    await insertEventsRaw(tch.ch, events);
    const run = await materialize('2026-11-10', 'a');
    expect(run.failure).toBeNull();
    const rows = await tch.ch.query<Record<string, unknown>>(
      `SELECT * FROM ${tch.ch.table('etl_parse_quality')} WHERE day = '2026-11-10' ORDER BY model_version`,
    );
    expect(rows.map((r) => r.model_version)).toEqual(['*', 'm1', 'm2']);
    const day = events.filter((e) => e.occurredAt.startsWith('2026-11-10'));
    const count = (type: string, mv?: string) => day.filter((e) => e.type === type && (!mv || e.data.modelVersion === mv)).length;
    const all = rows[0]!;
    expect(Number(all.parsed)).toBe(count('MessageParsed'));
    expect(Number(all.failed)).toBe(count('ParseFailed'));
    expect(Number(all.messages)).toBe(count('MessageReceived'));
    expect(Number(rows[1]!.parsed)).toBe(count('MessageParsed', 'm1'));
    expect(Number(all.clarifications)).toBe(count('ClarificationRequested'));
    expect(Number(all.reminders_created)).toBe(count('ReminderScheduled'));
    // Cancels all come a minute after creation: every one is an implicit error.
    expect(Number(all.implicit_error_rate)).toBeCloseTo(count('ReminderCancelled') / count('ReminderScheduled'), 12);
    expect(Number(all.wrong_feedback_rate)).toBeCloseTo(count('FeedbackGiven') / count('MessageParsed'), 12);
    const llm = day.filter((e) => e.type === 'MessageParsed' && e.data.parser === 'llm').length;
    expect(Number(all.llm_rate)).toBeCloseTo(llm / count('MessageParsed'), 12);
    const shares = all.intent_share as Record<string, number>;
    expect(Object.values(shares).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const lat = day
      .filter((e) => e.type === 'MessageParsed')
      .map((e) => e.data.latencyMs as number)
      .sort((a, b) => a - b);
    expect((all.latency_ms_q as number[])[0]).toBe(lat[Math.floor(0.5 * lat.length)]);
    const checks = await checksOf(history.pool, history.s, 'parse_quality', ['2026-11-10']);
    expect(checks.map((c) => [c.check, c.passed])).toEqual([
      ['has_parses_when_bot_ran', true],
      ['parse_coverage', true],
    ]);
  });

  it('a re-materialization replaces the day (no double rows) and an unchanged day is skipped', async () => {
    await materialize('2026-11-10', 'b');
    const [{ n }] = (await tch.ch.query<{ n: string }>(`SELECT count() AS n FROM ${tch.ch.table('etl_parse_quality')} WHERE day = '2026-11-10'`)) as [
      { n: string },
    ];
    expect(Number(n)).toBe(3);
    const more: HistoryEvent[] = [];
    for (const s of parseHistory({ seed: 4, day: '2026-11-10', messages: 10, model: 'm3' })) more.push(...s);
    await insertEventsRaw(tch.ch, more, 1_000_000);
    expect((await materialize('2026-11-10', 'c')).status).toBe('succeeded');
    const mvs = await tch.ch.query<{ model_version: string }>(
      `SELECT model_version FROM ${tch.ch.table('etl_parse_quality')} WHERE day = '2026-11-10' ORDER BY model_version`,
    );
    expect(mvs.map((r) => r.model_version)).toEqual(['*', 'm1', 'm2', 'm3']);
  });

  it('a day where users wrote but nothing was parsed fails its error check', async () => {
    const only = [...parseHistory({ seed: 5, day: '2026-11-12', messages: 50 })].flat().filter((e) => e.type === 'MessageReceived');
    await insertEventsRaw(tch.ch, only, 2_000_000);
    const run = await materialize('2026-11-12', 'd');
    expect(run).toMatchObject({ status: 'failed', failure: { code: 'check-failed' } });
    const [check] = await checksOf(history.pool, history.s, 'parse_quality', ['2026-11-12']);
    expect(check).toMatchObject({ check: 'has_parses_when_bot_ran', passed: false, description: '50 messages, 0 parses' });
  });
});
