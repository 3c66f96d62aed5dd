import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestClickHouse, type TestClickHouse } from '../core/src/clickhouse/testing';
import type { ClickHouse } from '../core/src/clickhouse/index';
import { outcomeCounts, parsedFigures } from '../etl/src/assets/parse-quality/queries';
import { qualityRows } from '../etl/src/assets/parse-quality/figures';
import { featureWindow } from '../etl/src/assets/drift-report/window-query';
import { ensureDataset } from './bench-etl-data';
import { parseQualitySql, scanSql, windowParams } from './bench-etl-ceilings';
import type { DatasetSpec } from './bench-etl-protocol';

let tch: TestClickHouse;
let db: ClickHouse;
let spec: DatasetSpec;
const DAY = '2026-10-03';
const w = { from: new Date(`${DAY}T00:00:00Z`), to: new Date(`2026-10-04T00:00:00Z`) };
const n = (v: unknown) => Number(v);

beforeAll(async () => {
  tch = await createTestClickHouse();
  const name = tch.database('betl').database;
  spec = {
    database: name,
    days: [
      { day: '2026-10-01', parses: 2000 },
      { day: '2026-10-02', parses: 2000 },
      { day: DAY, parses: 3000 },
    ],
    chats: 400,
    seed: 3,
  };
  db = (await ensureDataset(tch.ch, spec, { regenerate: false, progress: () => undefined })).db;
});
afterAll(async () => {
  await tch?.cleanup();
});

const one = async (sql: string) => (await db.query<Record<string, unknown>>(sql, windowParams(w)))[0]!;

describe('the ETL benchmark’s generated history', () => {
  it('has the shapes the assets read: each parse caused by its message, reminders and questions pointing at their parse', async () => {
    const raw = db.table('events_raw');
    const r = await one(`SELECT countIf(type = 'MessageReceived') AS messages, countIf(type IN ('MessageParsed', 'ParseFailed')) AS attempts,
        uniqExact(global_position) AS positions, count() AS rows FROM ${raw} WHERE occurred_at >= {from:DateTime64(3, 'UTC')} AND occurred_at < {to:DateTime64(3, 'UTC')}`);
    expect(n(r.messages)).toBe(3000);
    expect(n(r.attempts)).toBe(3000);
    expect(n(r.positions)).toBe(n(r.rows));
    const joins = await one(`SELECT
        (SELECT count() FROM ${raw} AS p INNER JOIN (SELECT id, chat_id FROM ${raw} WHERE type = 'MessageReceived') AS m ON m.id = toUUIDOrZero(p.causation_id) AND m.chat_id = p.chat_id WHERE p.type = 'MessageParsed') AS parsed_with_message,
        (SELECT countIf(type = 'MessageParsed') FROM ${raw}) AS parsed,
        (SELECT count() FROM ${raw} AS s INNER JOIN (SELECT id FROM ${raw} WHERE type = 'MessageParsed') AS p ON p.id = toUUIDOrZero(s.reminder_id) WHERE s.type = 'ReminderScheduled') AS scheduled_with_parse,
        (SELECT countIf(type = 'ReminderScheduled') FROM ${raw}) AS scheduled,
        (SELECT count() FROM ${raw} AS c INNER JOIN (SELECT id FROM ${raw} WHERE type = 'MessageParsed') AS p ON p.id = toUUIDOrZero(c.causation_id) WHERE c.type = 'ClarificationRequested') AS questions_with_parse,
        (SELECT countIf(type = 'ClarificationRequested') FROM ${raw}) AS questions`);
    expect(n(joins.parsed_with_message)).toBe(n(joins.parsed));
    expect(n(joins.scheduled_with_parse)).toBe(n(joins.scheduled));
    expect(n(joins.questions_with_parse)).toBe(n(joins.questions));
    expect(n(joins.questions)).toBeGreaterThan(0);
  });

  it('gives the drift report texts for every parse and zones for some chats', async () => {
    const win = await featureWindow(db, { from: w.from, to: w.to, cap: 200_000, defaultZone: 'Europe/Moscow' });
    expect(win.rows).toBe(win.sampled);
    expect(win.texts.every((t) => t.length > 10)).toBe(true);
    const zones = new Set(win.categorical.zone);
    expect(zones.size).toBeGreaterThan(3);
    expect(new Set(win.categorical.slot_tags)).toEqual(new Set(['TRIGGER', 'TIME', 'TEXT']));
    expect(Math.max(...win.numeric.corrections)).toBe(1);
  });

  it('is deterministic and reused: made again it is the same rows, asked again it is not made', async () => {
    const sum = () => one(`SELECT sum(cityHash64(id, type, data, global_position)) AS h, count() AS c FROM ${db.table('events_raw')}`);
    const before = await sum();
    expect((await ensureDataset(tch.ch, spec, { regenerate: false, progress: () => undefined })).reused).toBe(true);
    expect((await ensureDataset(tch.ch, spec, { regenerate: true, progress: () => undefined })).reused).toBe(false);
    expect(await sum()).toEqual(before);
  });
});

describe('the ceilings', () => {
  it('the one query computes what parse_quality computes, for every model version and in all', async () => {
    const asset = qualityRows(DAY, await parsedFigures(db, w), await outcomeCounts(db, w));
    const sql = await db.query<Record<string, unknown>>(parseQualitySql(db), windowParams(w));
    expect(sql.map((r) => String(r.mv)).sort()).toEqual(asset.map((r) => r.model_version));
    for (const a of asset) {
      const s = sql.find((r) => r.mv === a.model_version)!;
      expect({
        parsed: n(s.parsed),
        failed: n(s.failed),
        clarifications: n(s.clarifications),
        corrections_after_delivery: n(s.after_delivery),
        reminders_created: n(s.created),
        wrong_feedback_rate: n(s.wrong) / n(s.parsed),
        implicit_error_rate: n(s.implicit) / n(s.created),
        intent_confidence_q: (s.intent_q as unknown[]).map(n),
        latency_ms_q: (s.latency_q as unknown[]).map(n),
        ...(a.model_version === '*' ? { messages: n(s.messages) } : {}),
      }).toEqual({
        parsed: a.parsed,
        failed: a.failed,
        clarifications: a.clarifications,
        corrections_after_delivery: a.corrections_after_delivery,
        reminders_created: a.reminders_created,
        wrong_feedback_rate: a.wrong_feedback_rate,
        implicit_error_rate: a.implicit_error_rate,
        intent_confidence_q: a.intent_confidence_q,
        latency_ms_q: a.latency_ms_q,
        ...(a.model_version === '*' ? { messages: a.messages } : {}),
      });
    }
    expect(asset.find((a) => a.model_version === '*')!.corrections_after_delivery).toBeGreaterThan(0);
  });

  it('the scans count the day’s rows and what the drift report reads', async () => {
    const day = n((await db.query<{ n: string }>(scanSql(db, 'day'), windowParams(w)))[0]!.n);
    const drift = n((await db.query<{ n: string }>(scanSql(db, 'drift'), windowParams(w)))[0]!.n);
    const [all] = await db.query<{ c: string; z: string }>(
      `SELECT countIf(type IN ('MessageParsed', 'MessageReceived')) AS c, countIf(type = 'ChatSettingsChanged') AS z FROM ${db.table('events_raw')} WHERE occurred_at < {to:DateTime64(3, 'UTC')}`,
      windowParams(w),
    );
    expect(day).toBeGreaterThan(6000);
    // Every message and parse (all days are within the 28-day window) and every zone change.
    expect(drift).toBe(n(all!.c) + n(all!.z));
  });
});
