import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { Api } from 'node-telegram-bot-api';
import { createTestContext, eventually, freePort, startTcpRelay, TEST_DATABASE_URL, type TestContext } from '@napominalka/core/testing';
import { BOT_MIGRATIONS } from '../notifier/outbox';
import { catalog, EventStore, migrate, type EventData } from '@napominalka/core';
import { startTelegramEmulator, type RunningTelegramEmulator } from '../emulator/server';
import { EmulatorControl } from '../emulator/control-client';
import { WebhookIngress } from './webhook';
import { UpdateRecorder } from './record-update';
import { CallbackAnswerer } from './callback-answers';
import { FloodGuard } from './flood';

const TOKEN = '778000:TEST-webhook-token-abcdefgh';
const TOKEN_DOWN = '778001:TEST-webhook-dbdown-abcdefgh';
const SECRET = 'webhook-secret-0123456789_ABC';
const BOT = { username: 'emulated_778000_bot', id: 778000 };
let t: TestContext;
let emu: RunningTelegramEmulator;
let tg: EmulatorControl;
let hook: WebhookIngress;
let answers: CallbackAnswerer;
let url: string;

const api = (token = TOKEN) => new Api(token, { apiRoot: emu.url, maxRetries: 0 });
const received = async (chatId: number) => t.store.readStream(`chat-${chatId}`);

beforeAll(async () => {
  t = await createTestContext();
  await migrate(t.pool, t.schema, BOT_MIGRATIONS);
  // Fast retries: the emulator redelivers a refused update after 50 ms, 100 ms, … up to 500 ms.
  emu = await startTelegramEmulator({ port: 0, defaultToken: TOKEN, webhookRetryMs: 50, webhookMaxRetryMs: 500 });
  tg = new EmulatorControl(emu.url);
  answers = new CallbackAnswerer({ api: api(), log: t.log });
  const port = await freePort();
  url = `http://127.0.0.1:${port}/telegram/updates`;
  hook = new WebhookIngress({
    api: api(),
    recorder: new UpdateRecorder({ store: t.store, log: t.log, bot: BOT, answers, flood: new FloodGuard({ limit: 20 }) }),
    log: t.log,
    url,
    secret: SECRET,
    host: '127.0.0.1',
    port,
  });
  await hook.start();
});
afterAll(async () => {
  await hook?.stop();
  await answers?.drain();
  await emu?.close();
  await t?.cleanup();
});

const textUpdate = (updateId: number, chatId: number, text: string) => ({
  update_id: updateId,
  message: {
    message_id: 1,
    date: Math.floor(Date.now() / 1000),
    chat: { id: chatId, type: 'private' },
    from: { id: chatId, is_bot: false, first_name: 'Аня' },
    text,
  },
});
const post = (body: string | object, headers: Record<string, string> = { 'x-telegram-bot-api-secret-token': SECRET }, target = url) =>
  fetch(target, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('webhook ingress', () => {
  it('sets the webhook with its secret and the update types it handles, and records what the emulator posts', async () => {
    const info = (await tg.state()) as { mode: string; webhook: { url: string; secret_token_set: boolean } };
    expect(info).toMatchObject({ mode: 'webhook', webhook: { url, secret_token_set: true } });
    const { update_id } = await tg.sendText(601, 'напомни завтра в 9 позвонить маме');
    await eventually(async () => (await received(601)).length === 1, 10_000, 'not recorded');
    expect((await received(601))[0]!.data).toMatchObject({ chatId: 601, updateId: update_id, text: 'напомни завтра в 9 позвонить маме' });
    expect((await tg.webhookDeliveries()).filter((d) => d.update_id === update_id).map((d) => d.status)).toEqual([200]);
  });

  it('refuses a call without the right secret with 401 and records nothing', async () => {
    const u = textUpdate(9_000_001, 602, 'подделка');
    expect((await post(u, {})).status).toBe(401);
    expect((await post(u, { 'x-telegram-bot-api-secret-token': 'wrong' })).status).toBe(401);
    expect((await post(u, { 'x-telegram-bot-api-secret-token': `${SECRET}x` })).status).toBe(401);
    expect(await received(602)).toEqual([]);
    expect(hook.stats.unauthorized).toBe(3);
  });

  it('records an update delivered twice once, answering 200 both times', async () => {
    const u = textUpdate(9_000_002, 603, 'через 5 минут чай');
    expect((await post(u)).status).toBe(200);
    expect((await post(u)).status).toBe(200);
    const events = await received(603);
    expect(events.map((e) => (e.data as EventData<'MessageReceived'>).text)).toEqual(['через 5 минут чай']);
  });

  it('refuses what is not an update with a clear 4xx, and acknowledges an update it cannot read (a retry could not help)', async () => {
    expect((await post('{"update_id": 1', undefined)).status).toBe(400); // not JSON
    expect((await post({ hello: 'world' })).status).toBe(400); // no update_id
    expect((await post('x'.repeat(10), { 'x-telegram-bot-api-secret-token': SECRET, 'content-type': 'text/plain' })).status).toBe(415);
    expect((await post({ ...textUpdate(9_000_003, 604, 'x'), pad: 'x'.repeat(1024 * 1024) })).status).toBe(413);
    // An update_id, but a message without its chat: logged, answered 200, not recorded.
    expect((await post({ update_id: 9_000_004, message: { message_id: 1, date: 1, text: 'без чата' } })).status).toBe(200);
    expect(t.logs.some((l) => l.includes('unreadable update'))).toBe(true);
    // Kept as it came, for operators: nothing Telegram sent is lost.
    const kept = await t.pool.query<{ body: { message: { text: string } }; error: string }>(
      `select body, error from "${t.schema}".bot_unreadable_updates where update_id = 9000004`,
    );
    expect(kept.rows[0]?.body.message.text).toBe('без чата');
    expect(kept.rows[0]?.error.length).toBeGreaterThan(0);
    expect(await received(604)).toEqual([]);
    expect((await fetch(url, { headers: { 'x-telegram-bot-api-secret-token': SECRET } })).status).toBe(405);
    expect((await post(textUpdate(9_000_005, 605, 'x'), undefined, url.replace('/updates', '/other'))).status).toBe(404);
    expect((await fetch(new URL('/healthz', url))).status).toBe(200);
  });

  it('answers every button press once it is recorded', async () => {
    await tg.sendText(606, '/start');
    const sent = await api().sendMessage({
      chat_id: 606,
      text: 'Напомню в 9:00',
      reply_markup: {
        inline_keyboard: [
          [
            { text: '✅', callback_data: 'done:r1' },
            { text: '💤', callback_data: 'snooze:r1' },
          ],
        ],
      },
    });
    const ids: string[] = [];
    for (const data of ['done:r1', 'snooze:r1']) ids.push((await tg.press(606, sent.message_id, { callback_data: data })).callback_query!.id);
    await eventually(async () => (await Promise.all(ids.map((id) => tg.callback(id)))).every((c) => c.answered), 10_000, 'presses not answered');
    const presses = (await received(606)).filter((e) => e.type === 'CallbackReceived');
    expect(presses.map((e) => (e.data as EventData<'CallbackReceived'>).callbackQueryId)).toEqual(ids);
  });
});

describe('webhook ingress while Postgres is unreachable', () => {
  it('answers 503 while the update cannot be committed, and records it once on the retry that finds the database back', async () => {
    const db = new URL(TEST_DATABASE_URL);
    const proxy = await startTcpRelay({ host: db.hostname, port: Number(db.port || 5432) });
    const dbUrl = new URL(TEST_DATABASE_URL);
    dbUrl.host = `127.0.0.1:${proxy.port}`;
    const pool = new pg.Pool({ connectionString: dbUrl.toString(), max: 2, connectionTimeoutMillis: 1000 });
    pool.on('error', () => undefined);
    const store = new EventStore(pool, catalog, t.schema);
    const tgDown = tg.forBot(TOKEN_DOWN);
    const port = await freePort();
    const down = new WebhookIngress({
      api: api(TOKEN_DOWN),
      recorder: new UpdateRecorder({ store, log: t.log, bot: { username: 'emulated_778001_bot', id: 778001 } }),
      log: t.log,
      url: `http://127.0.0.1:${port}/hook`,
      secret: SECRET,
      host: '127.0.0.1',
      port,
    });
    try {
      await down.start();
      proxy.down();
      const { update_id } = await tgDown.sendText(607, 'напомни через час выпить воды');
      const statuses = async () => (await tgDown.webhookDeliveries()).filter((d) => d.update_id === update_id).map((d) => d.status);
      await eventually(async () => (await statuses()).filter((s) => s === 503).length >= 2, 15_000, 'no 503 while the database was unreachable');
      expect(await received(607)).toEqual([]);
      proxy.up();
      await eventually(async () => (await statuses()).includes(200), 15_000, 'not recorded once the database was back');
      const events = await received(607);
      expect(events).toHaveLength(1);
      expect(events[0]!.data).toMatchObject({ updateId: update_id, text: 'напомни через час выпить воды' });
      expect((await statuses()).every((s) => s === 503 || s === 200)).toBe(true);
    } finally {
      await down.stop();
      await pool.end();
      await proxy.close();
    }
  });
});
