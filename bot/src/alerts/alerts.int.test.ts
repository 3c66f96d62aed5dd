import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from 'node-telegram-bot-api';
import {
  Consumer,
  loadConfig,
  metrics,
  migrate,
  names,
  retryDelays,
  withTransaction,
  type EventData,
  type EventEnvelope,
  handlerContext,
  type Relay,
} from '@napominalka/core';
import { TEST_AMQP_URL, TEST_DATABASE_URL, createTestContext, deliver, eventually, startRelay, trackQueues, type TestContext } from '@napominalka/core/testing';
import { startTelegramEmulator, type RunningTelegramEmulator } from '../emulator/server';
import { EmulatorControl } from '../emulator/control-client';
import { BOT_MIGRATIONS } from '../notifier/outbox';
import { Sender } from '../notifier/sender';
import { ALERTS_CONSUMER, ALERT_TYPES, alertsHandler } from './alerts-handler';

/**
 * Operators' alerts the way the bot runs them (main.ts): AdminAlertRaised appended to `alerts` →
 * relay → RabbitMQ → consumer bot-alerts → bot_outbox → the sender → the Bot API emulator, over the
 * real Postgres and RabbitMQ.
 */
const TOKEN = '777002:TEST-alerts-token-abcdefghij';
const ADMIN = -100777; // operators' group
const config = loadConfig({});

let t: TestContext;
let relay: Relay;
let emu: RunningTelegramEmulator;
let tg: EmulatorControl;
let sender: Sender;
let consumer: Consumer;

const newConsumer = (adminChatId: number | undefined) =>
  new Consumer({
    name: ALERTS_CONSUMER,
    types: ALERT_TYPES,
    handle: alertsHandler({ schema: t.schema, adminChatId }),
    store: t.store,
    amqpUrl: TEST_AMQP_URL,
    prefix: t.prefix,
    log: t.log,
    maxAttempts: config.CONSUMER_MAX_ATTEMPTS,
    retryBaseMs: config.CONSUMER_RETRY_BASE_MS,
  });

beforeAll(async () => {
  t = await createTestContext();
  await migrate(t.pool, t.schema, BOT_MIGRATIONS);
  const n = names(t.prefix);
  trackQueues(
    t.prefix,
    n.queue(ALERTS_CONSUMER),
    n.parked(ALERTS_CONSUMER),
    ...retryDelays(config.CONSUMER_MAX_ATTEMPTS, config.CONSUMER_RETRY_BASE_MS).map((d) => n.retry(ALERTS_CONSUMER, d)),
  );
  emu = await startTelegramEmulator({ port: 0, defaultToken: TOKEN });
  tg = new EmulatorControl(emu.url);
  await tg.addChats([{ chat_id: ADMIN, chat_type: 'group', title: 'Operators', user: { id: 9001 } }]);
  relay = startRelay(t, 50);
  sender = new Sender({
    pool: t.pool,
    store: t.store,
    api: new Api(TOKEN, { apiRoot: emu.url, maxRetries: 0 }),
    log: t.log,
    databaseUrl: TEST_DATABASE_URL,
    pollMs: 50,
    lockRetryMs: 100,
    pacer: { random: () => 0, backoff: { baseMs: 400, maxMs: 2000 } },
  });
  sender.start();
  await sender.whenLeader();
  consumer = newConsumer(ADMIN);
  await consumer.start();
});
afterAll(async () => {
  await consumer?.stop();
  await sender?.stop();
  await relay?.stop();
  await emu?.close();
  await t?.cleanup();
});

let n = 0;
/** Appends an alert as the ETL raises one (stream `alerts`, an idempotency key); the stored event. */
async function raise(over: Partial<EventData<'AdminAlertRaised'>> = {}): Promise<EventEnvelope> {
  const data: EventData<'AdminAlertRaised'> = {
    alert: 'consumer-lag',
    severity: 'warning',
    title: `lag ${++n}`,
    text: 'bot-replies is 1200 messages behind',
    ...over,
  };
  const r = await t.store.append('alerts', [{ type: 'AdminAlertRaised', data }], { idempotencyKey: `test-alert:${n}` });
  return (await t.store.readStream('alerts', { from: r.firstStreamPosition, to: r.firstStreamPosition }))[0]!;
}

const rowsOf = async (eventId: string) =>
  (
    await t.pool.query<{ kind: string; chat_id: string; state: string; error: string | null }>(
      `select kind, chat_id, state, error from "${t.schema}".bot_outbox where event_id = $1`,
      [eventId],
    )
  ).rows;

const alertSends = async (outcome: string) =>
  (await metrics.botSends.get()).values.find((v) => v.labels.kind === 'alert' && v.labels.outcome === outcome)?.value ?? 0;

/** The admin chat's last bot action now: a wait from it also sees a message sent before the wait began. */
const lastSeq = async () => Math.max(0, ...(await tg.actions({ chat_id: ADMIN })).map((a) => a.seq));

describe('operators’ alerts: AdminAlertRaised → bot-alerts → outbox → ADMIN_CHAT_ID', () => {
  it('the admin chat gets the alert: severity emoji, the title in bold, the text, the link; counted as kind alert', async () => {
    const before = await alertSends('sent');
    const after = await lastSeq();
    const e = await raise({
      severity: 'critical',
      title: 'ETL run failed',
      text: 'daily-marts 2026-03-11: step mart_delivery timed out',
      link: 'http://ui/etl/runs/42?x=1&y=2',
    });
    const msg = await tg.nextBotMessage(ADMIN, { after, timeoutMs: 15_000 });
    expect(msg.text).toBe('🚨 ETL run failed\ndaily-marts 2026-03-11: step mart_delivery timed out\n🔗 http://ui/etl/runs/42?x=1&y=2');
    expect(msg.entities).toEqual([{ type: 'bold', offset: 3, length: 'ETL run failed'.length }]);
    await eventually(async () => (await rowsOf(e.id))[0]?.state === 'sent', 10_000, 'the row is not marked sent');
    expect(await rowsOf(e.id)).toEqual([{ kind: 'alert', chat_id: String(ADMIN), state: 'sent', error: null }]);
    expect(await alertSends('sent')).toBe(before + 1);
  });

  it('HTML in the title and the text arrives as text, not markup', async () => {
    const after = await lastSeq();
    const e = await raise({ title: '<b>drift</b> on <i>hour_of_day</i> & lang', text: 'PSI > 0.25 <script>' });
    const msg = await tg.nextBotMessage(ADMIN, { after, timeoutMs: 15_000 });
    expect(msg.text).toBe('⚠️ <b>drift</b> on <i>hour_of_day</i> & lang\nPSI > 0.25 <script>');
    expect(msg.entities).toEqual([{ type: 'bold', offset: 3, length: '<b>drift</b> on <i>hour_of_day</i> & lang'.length }]);
    await eventually(async () => (await rowsOf(e.id))[0]?.state === 'sent', 10_000);
  });

  it('a redelivered event (through the queue, and straight to the handler) sends nothing twice', async () => {
    const after = await lastSeq();
    const e = await raise({ title: 'parked messages' });
    await tg.nextBotMessage(ADMIN, { after, timeoutMs: 15_000 });
    await eventually(async () => (await rowsOf(e.id))[0]?.state === 'sent', 10_000);
    const duplicates = consumer.stats.duplicates;
    await deliver(names(t.prefix).queue(ALERTS_CONSUMER), e);
    await eventually(() => consumer.stats.duplicates > duplicates, 10_000, 'the redelivery was not seen');
    // Past the consumer's checkpoint, the outbox's key (event, seq) holds too.
    const h = alertsHandler({ schema: t.schema, adminChatId: ADMIN });
    await withTransaction(t.pool, async (tx) => {
      const ctx = handlerContext(t.store, tx, t.log);
      await h(e, ctx);
    });
    sender.wake();
    await new Promise((r) => setTimeout(r, 1500));
    expect(await rowsOf(e.id)).toHaveLength(1);
    expect((await tg.botMessages(ADMIN)).filter((m) => m.text?.startsWith('⚠️ parked messages'))).toHaveLength(1);
  });

  it('a blocked admin chat: the alert is marked failed and logged, nothing is appended, no chat marked inactive', async () => {
    await tg.block(ADMIN);
    try {
      const head = await t.store.headPosition();
      const failedBefore = await alertSends('failed');
      const e = await raise({ title: 'quality degraded' });
      await eventually(async () => (await rowsOf(e.id))[0]?.state === 'failed', 15_000, 'the alert is not marked failed');
      expect((await rowsOf(e.id))[0]!.error).toMatch(/^403: Forbidden/);
      expect(t.logs.some((l) => l.includes('operators’ alert not delivered') && l.includes(String(ADMIN)))).toBe(true);
      expect(await alertSends('failed')).toBe(failedBefore + 1);
      // The only event since is the alert itself: no ReminderDeliveryFailed, no ChatSettingsChanged.
      await new Promise((r) => setTimeout(r, 500));
      const since = await t.store.readFilteredRaw({}, { afterPosition: head });
      expect(since.map((x) => x.type)).toEqual(['AdminAlertRaised']);
      expect(await t.store.readByType(['ChatSettingsChanged', 'ReminderDeliveryFailed'])).toEqual([]);
    } finally {
      await tg.unblock(ADMIN);
    }
  });

  it('ADMIN_CHAT_ID unset: the alert is logged once at warn, acknowledged, and nothing is written or sent', async () => {
    await consumer.stop();
    const unset = newConsumer(undefined);
    await unset.start();
    try {
      const sent = (await tg.botMessages(ADMIN)).length;
      const e = await raise({ title: 'drift detected' });
      await eventually(() => unset.stats.handled >= 1, 15_000, 'the alert was not handled');
      const warned = t.logs.filter((l) => l.includes('ADMIN_CHAT_ID is unset') && l.includes(e.id));
      expect(warned).toHaveLength(1);
      expect(JSON.parse(warned[0]!)).toMatchObject({ level: 'warn', alert: 'consumer-lag', title: 'drift detected' });
      expect(unset.stats.retried + unset.stats.parked).toBe(0);
      await new Promise((r) => setTimeout(r, 500));
      expect(await rowsOf(e.id)).toEqual([]);
      expect(await tg.botMessages(ADMIN)).toHaveLength(sent);
    } finally {
      await unset.stop();
      consumer = newConsumer(ADMIN);
      await consumer.start();
    }
  });
});
