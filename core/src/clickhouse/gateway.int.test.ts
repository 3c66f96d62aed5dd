import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClickHouseError } from '@clickhouse/client';
import { createLogger } from '../observability/logger';
import { seededRandom } from '../random/seeded-random';
import type { EventEnvelope } from '@napominalka/domain';
import { createClickHouse, type ClickHouse } from './client';
import { EVENTS_RAW_COLUMNS, toRow } from './events-raw';
import { startClickHouseGateway, type ClickHouseGateway } from './gateway';
import { activeChats, ALL_TIME, feedbackDaily, messagesPerHour, parseQualityDaily, remindersDaily } from './marts';
import { migrateClickHouse } from './migrations';
import { createTestClickHouse, type TestClickHouse } from './testing';

const USER = 'etl';
const PASSWORD = 'gateway-test-password';
let tch: TestClickHouse;
/** In process: the engine the gateway shares. */
let local: ClickHouse;
/** The same database through the gateway, with the production client. */
let remote: ClickHouse;
let gw: ClickHouseGateway;

/** A seeded history over three weeks (every type the marts read), as envelopes. */
function history(n: number): EventEnvelope[] {
  const rnd = seededRandom(11);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const day0 = Date.parse('2026-03-02T00:00:00Z');
  return Array.from({ length: n }, (_, i) => {
    const chatId = 1 + Math.floor(rnd() * 40);
    const at = new Date(day0 + Math.floor(rnd() * 21 * 86_400_000)).toISOString();
    const type = pick([
      'MessageReceived',
      'MessageParsed',
      'MessageParsed',
      'ParseFailed',
      'ClarificationRequested',
      'ReminderScheduled',
      'ReminderDelivered',
      'ReminderRescheduled',
      'FeedbackGiven',
    ]);
    const data = {
      chatId,
      lang: pick(['ru', 'en', 'mixed']),
      intent: pick(['create', 'list', 'other']),
      parser: pick(['model', 'llm', 'rules']),
      confidence: { intent: Math.round(rnd() * 1000) / 1000 },
      latencyMs: Math.round(rnd() * 900),
      latenessMs: Math.round(rnd() * 3000),
      reason: pick(['snooze', 'edit']),
      kind: pick(['wrong-time', 'wrong-text']),
      reminderId: `r${chatId}`,
      text: "напомни 'купить' \\ молоко",
    };
    return {
      id: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`,
      type,
      schemaVersion: 1,
      streamId: `chat-${chatId}`,
      streamPosition: i + 1,
      globalPosition: i + 1,
      transactionId: String(1000 + i),
      occurredAt: at,
      recordedAt: at,
      metadata: { correlationId: `c-${i}`, causationId: null },
      data,
    };
  });
}

beforeAll(async () => {
  tch = await createTestClickHouse();
  local = tch.ch;
  gw = await startClickHouseGateway({ ch: local, port: 0, user: USER, password: PASSWORD, log: createLogger({ service: 'test', level: 'silent' }) });
  remote = await createClickHouse({ url: gw.url, user: USER, password: PASSWORD, database: local.database });
});

afterAll(async () => {
  await remote?.close();
  await gw?.close();
  await tch?.cleanup();
});

describe('ClickHouse gateway, through the production client', () => {
  it('answers ping, and migrates the analytics schema into the engine the owner sees', async () => {
    expect((await remote.client.ping()).success).toBe(true);
    expect(await (await fetch(`${gw.url}/ping`)).text()).toBe('Ok.\n');
    expect(await migrateClickHouse(remote)).toEqual([1, 2]);
    expect(await migrateClickHouse(remote)).toEqual([]);
    const tables = await local.query<{ name: string }>('SELECT name FROM system.tables WHERE database = {db:String} ORDER BY name', { db: local.database });
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['events_raw', 'mart_messages_hourly', 'mart_active_chats_weekly', 'schema_migrations']));
  });

  it('inserts events_raw rows and gives the same marts as in process', async () => {
    const events = history(3000);
    await remote.client.insert({
      table: remote.table('events_raw'),
      columns: [...EVENTS_RAW_COLUMNS],
      values: events.map(toRow),
      format: 'JSONCompactEachRow',
      clickhouse_settings: { input_format_json_read_objects_as_strings: 1 },
    });
    const [count] = await local.query<{ n: string }>(`SELECT count() AS n FROM ${local.table('events_raw')}`);
    expect(Number(count?.n)).toBe(3000);
    const marts = (ch: ClickHouse) =>
      Promise.all([
        messagesPerHour(ch, ALL_TIME),
        messagesPerHour(ch, { ...ALL_TIME, per: 'day', lang: 'ru' }),
        parseQualityDaily(ch, ALL_TIME),
        remindersDaily(ch, ALL_TIME),
        feedbackDaily(ch, ALL_TIME),
        activeChats(ch, { ...ALL_TIME, per: 'day' }),
        activeChats(ch, { ...ALL_TIME, per: 'week' }),
      ]);
    const [viaGateway, inProcess] = [await marts(remote), await marts(local)];
    expect(viaGateway).toEqual(inProcess);
    for (const m of inProcess) expect(m.length).toBeGreaterThan(0);
    const [row] = await remote.query<{ data: string }>(`SELECT data FROM ${remote.table('events_raw')} WHERE global_position = 1`);
    expect(JSON.parse(row?.data ?? '{}')).toEqual(events[0]?.data);
  });

  it('binds typed parameters on the server: quotes, backslashes and unicode stay data', async () => {
    const table = remote.table('params_t');
    await remote.command(`CREATE TABLE ${table} (x UInt32, d Date, s String) ENGINE = MergeTree ORDER BY x`);
    const tricky = ["it's", "'; DROP TABLE params_t; --", 'back\\slash \\N \\t', 'tab\there\nnewline\r', 'юникод 🙂 "dq"', "\\'", '\\', "a''b", '{s:String}'];
    await remote.client.insert({ table, values: tricky.map((s, i) => ({ x: i, d: '2026-03-02', s })), format: 'JSONEachRow' });
    for (const [i, s] of tricky.entries()) {
      const rows = await remote.query<{ x: number; s: string; echo: string }>(
        `SELECT x, s, {s:String} AS echo FROM ${table} WHERE s = {s:String} AND x = {x:UInt32} AND d = {d:Date}`,
        { s, x: i, d: '2026-03-02' },
      );
      expect(rows).toEqual([{ x: i, s, echo: s }]);
    }
    const [arrays] = await remote.query<{ a: string[]; n: string | null; m: Record<string, string> }>(
      'SELECT {a:Array(String)} AS a, {n:Nullable(String)} AS n, {m:Map(String, String)} AS m',
      {
        a: tricky,
        n: null,
        m: { "k'1": "v'1\\", k2: 'ё' },
      },
    );
    expect(arrays).toEqual({ a: tricky, n: null, m: { "k'1": "v'1\\", k2: 'ё' } });
    const [left] = await local.query<{ n: string }>(`SELECT count() AS n FROM ${local.table('params_t')}`);
    expect(Number(left?.n)).toBe(tricky.length);
  });

  it('raises the engine error as a ClickHouseError with its code and message, as in process', async () => {
    const sql = `SELECT nope FROM ${remote.table('no_such_table')}`;
    const viaGateway = await remote.query(sql).catch((e: unknown) => e);
    const inProcess = await local.query(sql).catch((e: unknown) => e);
    expect(viaGateway).toBeInstanceOf(ClickHouseError);
    expect(viaGateway).toMatchObject({ code: '60', type: 'UNKNOWN_TABLE', message: (inProcess as Error).message });
    await expect(remote.query('SELECT {x:UInt32}', { x: 'abc' })).rejects.toMatchObject({ code: '457', type: 'BAD_QUERY_PARAMETER' });
  });

  it('refuses a wrong password with AUTHENTICATION_FAILED (516)', async () => {
    const wrong = await createClickHouse({ url: gw.url, user: USER, password: 'wrong', database: local.database });
    try {
      await expect(wrong.query('SELECT 1')).rejects.toMatchObject({ code: '516', type: 'AUTHENTICATION_FAILED' });
      expect((await wrong.client.ping()).success).toBe(true); // /ping needs no credentials, as in ClickHouse
    } finally {
      await wrong.close();
    }
    const anonymous = await fetch(`${gw.url}/?query=SELECT%201`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('x-clickhouse-exception-code')).toBe('516');
    const viaHeaders = await fetch(`${gw.url}/?query=SELECT%201`, { headers: { 'X-ClickHouse-User': USER, 'X-ClickHouse-Key': PASSWORD } });
    expect(await viaHeaders.text()).toBe('1\n');
  });

  it('runs concurrent queries apart: each its own parameters and settings, the owner unaffected', async () => {
    const settings = "getSetting('max_threads') AS threads, getSetting('output_format_json_quote_64bit_integers') AS quoted";
    const [before] = await local.query<{ threads: unknown; quoted: boolean }>(`SELECT ${settings}`);
    const results = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const rs = await remote.client.query({
          query: `SELECT {i:UInt32} AS i, toUInt64(42) AS big, ${settings}, sleepEachRow(0.01) AS _z`,
          query_params: { i },
          format: 'JSONEachRow',
          clickhouse_settings: i % 2 ? { max_threads: 3, output_format_json_quote_64bit_integers: before?.quoted ? 0 : 1 } : {},
        });
        return (await rs.json<{ i: number; big: unknown; threads: unknown; quoted: boolean }>())[0];
      }),
    );
    const big = (quoted: boolean | undefined) => (quoted ? '42' : 42);
    results.forEach((r, i) =>
      expect(r).toMatchObject(i % 2 ? { i, big: big(!before?.quoted), threads: 3 } : { i, big: big(before?.quoted), threads: before?.threads }),
    );
    const [after] = await local.query(`SELECT ${settings}`);
    expect(after).toEqual(before);
  });

  it('takes a 1 MB insert', async () => {
    const table = remote.table('big_t');
    await remote.command(`CREATE TABLE ${table} (id UInt32, payload String) ENGINE = MergeTree ORDER BY id`);
    const rows = Array.from({ length: 4000 }, (_, id) => ({ id, payload: `${id}:`.padEnd(250, 'ж') }));
    expect(Buffer.byteLength(rows.map((r) => JSON.stringify(r)).join('\n'))).toBeGreaterThan(1_000_000);
    const r = await remote.client.insert({ table, values: rows, format: 'JSONEachRow' });
    expect(r.executed).toBe(true);
    const [sum] = await remote.query<{ n: string; bytes: string }>(`SELECT count() AS n, sum(length(payload)) AS bytes FROM ${table}`);
    expect({ n: Number(sum?.n), bytes: Number(sum?.bytes) }).toEqual({ n: 4000, bytes: rows.reduce((a, x) => a + Buffer.byteLength(x.payload), 0) });
  });
});
