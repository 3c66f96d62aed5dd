import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatStream, loadConfig, names, retryDelays, type BatchHandler, type Consumer, type NewEvent } from '@napominalka/core';
import { createTestContext, eventually, startRelay, trackQueues, type TestContext } from '@napominalka/core/testing';
import type { Relay } from '@napominalka/core';
import { createTestClickHouse, type TestClickHouse } from '@napominalka/core/clickhouse-testing';
import {
  activeChats,
  feedbackDaily,
  messagesPerHour,
  migrateClickHouse,
  parseQualityDaily,
  remindersDaily,
  type ClickHouse,
} from '@napominalka/core/clickhouse';
import { clickhouseConsumer } from './projection';
import { writeEvents } from './events-raw';
import { compareSnapshots, rebuild, snapshotProjection, verifyProjection, type RebuildProgress } from './rebuild';

let t: TestContext;
let relay: Relay;
let tch: TestClickHouse;
let live: ClickHouse;
let flaky: ClickHouse;
const consumers: Consumer[] = [];
let failuresInjected = 0;

const at = (iso: string) => new Date(iso);
const A = '2026-03-02'; // a Monday
const B = '2026-03-03';
const C = '2026-03-09'; // the next Monday

const parsed = (chatId: number, lang: 'ru' | 'en' | 'mixed', intent: string, parser: 'model' | 'llm' | 'rules', confidence: number, latencyMs: number) => ({
  type: 'MessageParsed',
  data: {
    chatId,
    intent,
    slots: [],
    due: null,
    rrule: null,
    text: null,
    confidence: { intent: confidence, slots: confidence },
    modelVersion: 'm1',
    parser,
    latencyMs,
    corrections: [],
    lang,
  },
});
const received = (chatId: number, updateId: number) => ({
  type: 'MessageReceived',
  data: { chatId, updateId, messageId: updateId, text: 'напомни', sentAt: '2026-03-02T10:00:00Z' },
});
const r1 = { chatId: 1, reminderId: 'r1' };
const r2 = { chatId: 2, reminderId: 'r2' };

/** A small history with hand-counted marts, in the order it is appended. */
const history: Array<[stream: string, occurredAt: string, event: NewEvent]> = [
  [chatStream(1), `${A}T10:00:00Z`, received(1, 1)],
  [chatStream(1), `${A}T10:00:01Z`, parsed(1, 'ru', 'create', 'model', 0.9, 10)],
  [
    chatStream(1),
    `${A}T10:00:02Z`,
    { type: 'ReminderScheduled', data: { ...r1, text: 'позвонить маме', due: `${A}T12:00:00Z`, rrule: null, timezone: 'Europe/Moscow' } },
  ],
  [chatStream(2), `${A}T10:30:00Z`, received(2, 2)],
  [chatStream(2), `${A}T10:30:01Z`, parsed(2, 'en', 'create', 'llm', 0.4, 800)],
  [chatStream(2), `${A}T10:30:02Z`, { type: 'ClarificationRequested', data: { chatId: 2, question: 'When?', options: [] } }],
  [chatStream(1), `${A}T11:15:00Z`, received(1, 3)],
  [chatStream(1), `${A}T11:15:01Z`, { type: 'ParseFailed', data: { chatId: 1, reason: 'boom', modelVersion: 'm1' } }],
  [chatStream(3), `${A}T11:20:00Z`, received(3, 4)],
  [chatStream(3), `${A}T11:20:01Z`, parsed(3, 'ru', 'list', 'rules', 0.7, 2)],
  [chatStream(1), `${A}T12:00:00Z`, { type: 'ReminderDue', data: { ...r1, occurrence: 0, due: `${A}T12:00:00Z`, firedAt: `${A}T12:00:00Z` } }],
  [chatStream(1), `${A}T12:00:00.150Z`, { type: 'ReminderDelivered', data: { ...r1, occurrence: 0, latenessMs: 150 } }],
  [chatStream(1), `${A}T12:01:00Z`, { type: 'ReminderRescheduled', data: { ...r1, due: `${A}T12:11:00Z`, reason: 'snooze' } }],
  [chatStream(1), `${A}T12:11:00Z`, { type: 'ReminderDue', data: { ...r1, occurrence: 1, due: `${A}T12:11:00Z`, firedAt: `${A}T12:11:00Z` } }],
  [chatStream(1), `${A}T12:11:00.250Z`, { type: 'ReminderDelivered', data: { ...r1, occurrence: 1, latenessMs: 250 } }],
  [chatStream(1), `${A}T12:12:00Z`, { type: 'ReminderCompleted', data: r1 }],
  [chatStream(1), `${A}T12:13:00Z`, { type: 'FeedbackGiven', data: { ...r1, kind: 'wrong-time' } }],
  ['models', `${A}T13:00:00Z`, { type: 'ModelPromoted', data: { version: 'm2', previous: 'm1', metrics: {} } }],
  [chatStream(2), `${B}T09:00:00Z`, received(2, 5)],
  [chatStream(2), `${B}T09:00:01Z`, parsed(2, 'en', 'create', 'model', 0.95, 20)],
  [
    chatStream(2),
    `${B}T09:00:02Z`,
    { type: 'ReminderScheduled', data: { ...r2, text: 'check the oven', due: `${B}T18:00:00Z`, rrule: null, timezone: 'Europe/London' } },
  ],
  [chatStream(2), `${B}T09:05:00Z`, { type: 'ReminderRescheduled', data: { ...r2, due: `${B}T19:00:00Z`, reason: 'edit' } }],
  [chatStream(2), `${B}T09:06:00Z`, { type: 'ReminderCancelled', data: { ...r2, reason: 'user' } }],
  [chatStream(2), `${B}T09:07:00Z`, { type: 'FeedbackGiven', data: { ...r2, kind: 'wrong-text' } }],
  [chatStream(3), `${B}T20:00:00Z`, received(3, 6)],
  [chatStream(3), `${C}T08:00:00Z`, received(3, 7)],
  [chatStream(3), `${C}T08:00:01Z`, parsed(3, 'mixed', 'other', 'model', 0.65, 5)],
];

async function rawCount(ch: ClickHouse): Promise<{ rows: number; events: number }> {
  const [r] = await ch.query<{ rows: string; events: string }>(`SELECT count() AS rows, uniqExact(id) AS events FROM ${ch.table('events_raw')}`);
  return { rows: Number(r!.rows), events: Number(r!.events) };
}

beforeAll(async () => {
  t = await createTestContext();
  relay = startRelay(t);
  tch = await createTestClickHouse();
  live = tch.ch;
  flaky = tch.database('flaky');
  await migrateClickHouse(live);
  await migrateClickHouse(flaky);
  const config = loadConfig({
    AMQP_URL: t.env.AMQP_URL,
    AMQP_PREFIX: t.prefix,
    CLICKHOUSE_BATCH_SIZE: '8',
    CONSUMER_RETRY_BASE_MS: '50',
    CONSUMER_MAX_ATTEMPTS: '5',
  });
  // The second consumer's handler fails after its ClickHouse insert, twice: the consumer's
  // transaction rolls back (as a crash before the commit would), and the batch comes back.
  const failAfterInsert =
    (h: BatchHandler): BatchHandler =>
    async (events, ctx) => {
      await h(events, ctx);
      if (failuresInjected < 2) {
        failuresInjected++;
        throw new Error('simulated failure between the ClickHouse insert and the Postgres commit');
      }
    };
  for (const [name, ch, wrap] of [
    ['projector-ch', live, undefined],
    ['projector-ch-flaky', flaky, failAfterInsert],
  ] as const) {
    const c = clickhouseConsumer({ ch, store: t.store, config, log: t.log, name, ...(wrap ? { wrap } : {}) });
    const n = names(t.prefix);
    trackQueues(t.prefix, n.queue(name), n.parked(name), ...retryDelays(c.topology.maxAttempts, c.topology.retryBaseMs).map((d) => n.retry(name, d)));
    await c.start();
    consumers.push(c);
  }
  for (const [stream, occurredAt, e] of history) await t.store.append(stream, [{ ...e, occurredAt: at(occurredAt) }]);
});

afterAll(async () => {
  for (const c of consumers) await c.stop();
  await relay?.stop();
  await tch?.cleanup();
  await t?.cleanup();
});

describe('ClickHouse projection', () => {
  it('projects store → relay → consumer → events_raw and the marts', async () => {
    await eventually(async () => (await rawCount(live)).events === history.length, 30_000, 'events_raw did not receive every event');
    expect(await rawCount(live)).toEqual({ rows: history.length, events: history.length });

    const [row] = await live.query<Record<string, unknown>>(
      `SELECT type, chat_id, lang, intent, parser, confidence, latency_ms, stream_id, stream_position, toString(occurred_at) AS occurred, JSONExtractString(data, 'lang') AS data_lang
       FROM ${live.table('events_raw')} WHERE type = 'MessageParsed' ORDER BY global_position LIMIT 1`,
    );
    expect(row).toMatchObject({
      type: 'MessageParsed',
      chat_id: 1,
      lang: 'ru',
      intent: 'create',
      parser: 'model',
      confidence: 0.9,
      latency_ms: 10,
      stream_id: 'chat-1',
      stream_position: 2,
      occurred: `${A} 10:00:01.000`,
      data_lang: 'ru',
    });

    const range = { from: at(`${A}T00:00:00Z`), to: at(`${C}T23:59:59Z`) };
    expect(await messagesPerHour(live, range)).toEqual([
      { hour: `${A}T10:00:00Z`, lang: 'en', intent: 'create', messages: 1 },
      { hour: `${A}T10:00:00Z`, lang: 'ru', intent: 'create', messages: 1 },
      { hour: `${A}T11:00:00Z`, lang: 'ru', intent: 'list', messages: 1 },
      { hour: `${B}T09:00:00Z`, lang: 'en', intent: 'create', messages: 1 },
      { hour: `${C}T08:00:00Z`, lang: 'mixed', intent: 'other', messages: 1 },
    ]);
    expect(await messagesPerHour(live, { ...range, lang: 'en' })).toHaveLength(2);
    expect(await messagesPerHour(live, { ...range, per: 'day', intent: 'create' })).toEqual([
      { hour: `${A}T00:00:00Z`, lang: 'en', intent: 'create', messages: 1 },
      { hour: `${A}T00:00:00Z`, lang: 'ru', intent: 'create', messages: 1 },
      { hour: `${B}T00:00:00Z`, lang: 'en', intent: 'create', messages: 1 },
    ]);
    expect(await messagesPerHour(live, { from: at(`${A}T11:00:00Z`), to: at(`${B}T09:00:00Z`) })).toHaveLength(1);

    const quality = await parseQualityDaily(live, range);
    expect(quality.map((d) => d.day)).toEqual([A, B, C]);
    expect(quality[0]).toMatchObject({
      day: A,
      attempts: 4,
      parsed: 3,
      failed: 1,
      clarifications: 1,
      byParser: { model: 1, llm: 1, rules: 1 },
      llmShare: 1 / 3,
      failureRate: 0.25,
      clarificationRate: 0.25,
      confidenceHistogram: [0, 0, 0, 0, 1, 0, 0, 1, 0, 1],
    });
    // DDSketch: within 1 % of a sample value; the q-quantile of n values is the one of rank
    // floor(q·(n−1)), so with three latencies (2, 10, 800 ms) p50 and p99 are both 10 ms.
    const near = (v: number | null, x: number) => Math.abs(v! - x) / x < 0.01;
    expect(near(quality[0]!.confidence.p50, 0.7)).toBe(true);
    expect(near(quality[0]!.latencyMs.p50, 10)).toBe(true);
    expect(near(quality[0]!.latencyMs.p99, 10)).toBe(true);
    expect(near(quality[1]!.latencyMs.p99, 20)).toBe(true);
    expect(near(quality[1]!.confidence.p05, 0.95)).toBe(true);
    expect(quality[1]).toMatchObject({ day: B, attempts: 1, parsed: 1, failed: 0, clarifications: 0, llmShare: 0, failureRate: 0 });

    const reminders = await remindersDaily(live, range);
    expect(reminders.map(({ latenessMs: _, ...r }) => r)).toEqual([
      { day: A, created: 1, delivered: 2, deliveryFailed: 0, cancelled: 0, snoozed: 1, rescheduled: 1, completed: 1 },
      { day: B, created: 1, delivered: 0, deliveryFailed: 0, cancelled: 1, snoozed: 0, rescheduled: 1, completed: 0 },
    ]);
    expect(near(reminders[0]!.latenessMs.p50, 150)).toBe(true);
    expect(near(reminders[0]!.latenessMs.p99, 150)).toBe(true);
    expect(reminders[1]!.latenessMs).toEqual({ p50: null, p95: null, p99: null });

    expect(await feedbackDaily(live, range)).toEqual([
      { day: A, kind: 'wrong-time', feedback: 1, perParsed: 1 / 3 },
      { day: B, kind: 'wrong-text', feedback: 1, perParsed: 1 },
    ]);
    expect(await activeChats(live, { ...range, per: 'day' })).toEqual([
      { period: A, chats: 3, messages: 4 },
      { period: B, chats: 2, messages: 2 },
      { period: C, chats: 1, messages: 1 },
    ]);
    expect(await activeChats(live, { ...range, per: 'week' })).toEqual([
      { period: A, chats: 3, messages: null },
      { period: C, chats: 1, messages: null },
    ]);
    // A week is counted whole: from Tuesday on, the week of Monday A is still there, with chat 1.
    expect(await activeChats(live, { from: at(`${B}T00:00:00Z`), to: at(`${B}T00:00:00Z`), per: 'week' })).toEqual([{ period: A, chats: 3, messages: null }]);
  });

  it('changes nothing when a batch comes back after its insert (commit failed, or redelivered)', async () => {
    // Through the consumer: its handler failed after inserting, twice, and the batches were retried.
    await eventually(async () => (await rawCount(flaky)).events === history.length, 30_000, 'the flaky projection did not catch up').catch(async (err) => {
      throw new Error(
        `${(err as Error).message}: ${JSON.stringify(await rawCount(flaky))}, stats ${JSON.stringify(consumers[1]!.stats)}, logs ${t.logs.join('\n')}`,
      );
    });
    // …and its checkpoints reached the end of every stream (the retried events are settled).
    const checkpointsAtHead = async () => {
      const r = await t.pool.query(
        `select count(*)::int as behind from (select stream_id, max(stream_position) as v from "${t.schema}".events group by stream_id) s
         left join "${t.schema}".consumer_streams c on c.consumer = 'projector-ch-flaky' and c.stream_id = s.stream_id
         where coalesce(c.stream_position, 0) < s.v`,
      );
      return r.rows[0].behind === 0;
    };
    await eventually(checkpointsAtHead, 20_000, 'the flaky consumer did not settle every stream');
    expect(failuresInjected).toBe(2);
    expect(await rawCount(flaky)).toEqual({ rows: history.length, events: history.length });
    const before = await snapshotProjection(live);
    expect(compareSnapshots(before, await snapshotProjection(flaky))).toEqual({ equal: true, differences: [] });

    // The same batch applied again directly: every event is found and skipped.
    const events = await t.store.readByType(Object.keys(t.store.catalog), { limit: 1000 });
    expect(await writeEvents(live, events, { batchSize: 8 })).toEqual({ inserted: 0, skipped: history.length, inserts: 0 });
    expect(compareSnapshots(before, await snapshotProjection(live)).equal).toBe(true);

    // Belt and braces: without the presence check, re-sent blocks are dropped by their token.
    const db = tch.database('tokens');
    await migrateClickHouse(db);
    await writeEvents(db, events, { batchSize: 8, skipPresent: false });
    expect(await writeEvents(db, events, { batchSize: 8, skipPresent: false })).toMatchObject({ inserted: history.length, inserts: 4 });
    expect(await rawCount(db)).toEqual({ rows: history.length, events: history.length });
    expect(compareSnapshots(before, await snapshotProjection(db))).toEqual({ equal: true, differences: [] });
  });

  it('rebuilds from the store into the same state as the live projection, and verifies it', async () => {
    const db = tch.database('rebuilt');
    const progress: RebuildProgress[] = [];
    const r = await rebuild({ store: t.store, ch: db, pageSize: 7, onProgress: (p) => progress.push(p) });
    expect(r.events).toBe(history.length);
    expect(progress[0]).toMatchObject({ done: 0, total: history.length, etaMs: null });
    expect(progress.at(-1)).toMatchObject({ done: history.length, total: history.length, etaMs: 0 });
    expect(progress.length).toBe(1 + Math.ceil(history.length / 7));
    const cmp = compareSnapshots(await snapshotProjection(live), await snapshotProjection(db));
    expect(cmp).toEqual({ equal: true, differences: [] });

    // A rebuild is a rebuild: running it again (tables dropped first) gives the same again.
    await rebuild({ store: t.store, ch: db, pageSize: 100 });
    expect(compareSnapshots(await snapshotProjection(live), await snapshotProjection(db)).equal).toBe(true);

    const v = await verifyProjection({ store: t.store, live, pageSize: 5 });
    expect(v).toMatchObject({ equal: true, differences: [], liveAhead: 0 });
    expect(await live.query(`SELECT name FROM system.databases WHERE name = {n:String}`, { n: v.scratchDatabase })).toEqual([]);

    // A difference is reported: one event missing from the copy.
    await db.command(`DELETE FROM ${db.table('events_raw')} WHERE type = 'ModelPromoted'`);
    const diff = compareSnapshots(await snapshotProjection(live), await snapshotProjection(db));
    expect(diff.equal).toBe(false);
    expect(diff.differences).toEqual(['ModelPromoted: 1 events live, 0 rebuilt']);
  });

  it('migrates once: a second run applies nothing', async () => {
    expect(await migrateClickHouse(live)).toEqual([]);
    const rows = await live.query<{ n: string }>(`SELECT count() AS n FROM ${live.table('schema_migrations')} FINAL`);
    expect(Number(rows[0]!.n)).toBe(2);
  });

  it('backfills a mart added by a later migration from the data already there', async () => {
    const db = tch.database('upgrade');
    await migrateClickHouse(db);
    await db.command(`DELETE FROM ${db.table('schema_migrations')} WHERE version = 2`);
    for (const o of ['mv_active_chats_weekly', 'mart_active_chats_weekly']) await db.command(`DROP TABLE ${db.table(o)} SYNC`);
    await writeEvents(db, await t.store.readByType(Object.keys(t.store.catalog), { limit: 1000 }), { batchSize: 100 });
    expect(await migrateClickHouse(db)).toEqual([2]);
    const range = { from: at(`${A}T00:00:00Z`), to: at(`${C}T00:00:00Z`), per: 'week' as const };
    expect(await activeChats(db, range)).toEqual(await activeChats(live, range));
  });
});
