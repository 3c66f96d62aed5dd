import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Api, Bot, NetworkError, TelegramApiError } from 'node-telegram-bot-api';
import { createWebhookServer } from 'node-telegram-bot-api/node';
import { startTelegramEmulator, type RunningTelegramEmulator } from './server';
import { EmulatorControl } from './control-client';
import type { Update } from './types';

let emu: RunningTelegramEmulator;
let tg: EmulatorControl;
const TOKEN = '123456:TEST-token-abcdefghijklmnop';

beforeAll(async () => {
  emu = await startTelegramEmulator({ port: 0, defaultToken: TOKEN, firstUpdateId: 1000, webhookRetryMs: 50 });
  tg = new EmulatorControl(emu.url);
});
afterAll(async () => {
  await emu.close();
});
beforeEach(async () => {
  await tg.reset();
});

/** The production client pointed at the emulator; no retries unless asked, so faults are visible. */
const api = (opts: { maxRetries?: number } = {}) => new Api(TOKEN, { apiRoot: emu.url, maxRetries: opts.maxRetries ?? 0, retryBackoffMs: 10 });
/** getUpdates through the production client, read as the emulator's Update shape. */
const getUpdates = async (a: Api, p: Parameters<Api['getUpdates']>[0]) => (await a.getUpdates(p)) as unknown as Update[];
const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

async function until<T>(f: () => Promise<T | undefined | null | false> | T | undefined | null | false, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await sleep(20);
  }
}

describe('Bot API basics', () => {
  it('getMe answers for any well-formed token, 401 for another, 404 for an unknown method', async () => {
    expect(await api().getMe()).toMatchObject({ id: 123456, is_bot: true, username: 'emulated_123456_bot' });
    expect(await new Api('999:another-token-xxxxxxxxxxxxx', { apiRoot: emu.url }).getMe()).toMatchObject({ id: 999 });
    const r401 = await fetch(`${emu.url}/bot123:short/getMe`);
    expect(r401.status).toBe(401);
    expect(await r401.json()).toEqual({ ok: false, error_code: 401, description: 'Unauthorized' });
    const r404 = await fetch(`${emu.url}/bot${TOKEN}/sendTelepathy`, { method: 'POST' });
    expect(r404.status).toBe(404);
    expect(await r404.json()).toEqual({ ok: false, error_code: 404, description: 'Not Found' });
  });

  it('sendMessage validates like Telegram: unknown chat, empty text, 4096 characters, bad HTML', async () => {
    await tg.addChat({ user: { id: 7 } });
    const a = api();
    await expect(a.sendMessage({ chat_id: 8, text: 'x' })).rejects.toMatchObject({ errorCode: 400, description: 'Bad Request: chat not found' });
    await expect(a.sendMessage({ chat_id: 7, text: ' ' })).rejects.toMatchObject({ description: 'Bad Request: message text is empty' });
    await expect(a.sendMessage({ chat_id: 7, text: 'я'.repeat(4097) })).rejects.toMatchObject({
      errorCode: 400,
      description: 'Bad Request: message is too long',
    });
    await expect(a.sendMessage({ chat_id: 7, text: '<x>', parse_mode: 'HTML' })).rejects.toMatchObject({
      description: expect.stringContaining("can't parse entities"),
    });
    const ok = await a.sendMessage({ chat_id: 7, text: 'я'.repeat(4096) });
    expect(ok.text).toHaveLength(4096);
  });

  it('setMyCommands stores the commands; sendChatAction and deleteMessage work on a chat', async () => {
    const a = api();
    expect(await a.setMyCommands({ commands: [{ command: 'list', description: 'Reminders' }] })).toBe(true);
    expect(await a.getMyCommands({})).toEqual([{ command: 'list', description: 'Reminders' }]);
    await expect(a.setMyCommands({ commands: [{ command: 'Bad-Cmd', description: 'x' }] })).rejects.toMatchObject({
      description: 'Bad Request: BOT_COMMAND_INVALID',
    });
    await tg.addChat({ user: { id: 5 } });
    expect(await a.sendChatAction({ chat_id: 5, action: 'typing' })).toBe(true);
    const m = await a.sendMessage({ chat_id: 5, text: 'bye' });
    expect(await a.deleteMessage({ chat_id: 5, message_id: m.message_id })).toBe(true);
    await expect(a.deleteMessage({ chat_id: 5, message_id: m.message_id })).rejects.toMatchObject({ description: 'Bad Request: message to delete not found' });
    expect((await tg.messages(5, 'bot'))[0]!.deleted_at).toBeGreaterThan(0);
    expect((await tg.actions({ chat_id: 5, methods: [] })).map((x) => x.method)).toEqual(['sendChatAction', 'sendMessage', 'deleteMessage']);
  });
});

describe('long polling with the production Bot', () => {
  it('receives messages and button presses; keyboards, callback answers and edits show in the control API', async () => {
    const bot = new Bot(TOKEN, { apiRoot: emu.url });
    bot.command('start', (ctx) =>
      ctx.reply('Привет! Язык?', {
        reply_markup: {
          inline_keyboard: [
            [
              { text: 'Русский', callback_data: 'lang:ru' },
              { text: 'English', callback_data: 'lang:en' },
            ],
          ],
        },
      }),
    );
    bot.on('callback_query', async (ctx) => {
      await ctx.answerCallbackQuery({ text: `ok ${ctx.callbackQuery!.data}` });
      await ctx.api.editMessageText({
        chat_id: ctx.callbackQuery!.message!.chat.id,
        message_id: ctx.callbackQuery!.message!.message_id,
        text: 'Язык: русский',
      });
    });
    const polling = bot.startPolling(undefined, { timeout: 5 });
    try {
      const sent = await tg.sendText(42, '/start', { user: { first_name: 'Аня', language_code: 'ru' } });
      expect(sent.message!.entities).toEqual([{ type: 'bot_command', offset: 0, length: 6 }]);
      const reply = await tg.nextBotMessage(42, { after: sent.seq });
      expect(reply).toMatchObject({ text: 'Привет! Язык?', chat: { id: 42, type: 'private' }, from: { is_bot: true } });
      expect(reply.reply_markup!.inline_keyboard[0]!.map((b) => b.callback_data)).toEqual(['lang:ru', 'lang:en']);

      const press = await tg.press(42, reply.message_id, { button_text: 'Русский' });
      expect(press.callback_query).toMatchObject({ data: 'lang:ru', from: { id: 42, first_name: 'Аня' }, message: { message_id: reply.message_id } });
      const edit = await tg.waitForAction({ chat_id: 42, after: press.seq, methods: ['editMessageText'] });
      expect(edit!.message).toMatchObject({ message_id: reply.message_id, text: 'Язык: русский' });
      expect(edit!.message!.reply_markup).toBeUndefined(); // an edit without reply_markup removes the keyboard
      expect(await tg.callback(press.callback_query!.id)).toMatchObject({ answered: true, text: 'ok lang:ru' });
      const history = (await tg.messages(42, 'bot'))[0]!.history.map((h) => h.text);
      expect(history).toEqual(['Привет! Язык?', 'Язык: русский']);
      await expect(tg.press(42, reply.message_id, { callback_data: 'lang:en' })).rejects.toMatchObject({ status: 400 }); // the keyboard is gone
    } finally {
      bot.stop();
      await polling;
    }
  });

  it('a long poll is held until an update arrives', async () => {
    const a = api();
    const t0 = Date.now();
    const poll = a.getUpdates({ timeout: 10 });
    await sleep(300);
    await tg.sendText(1, 'hello');
    const updates = (await poll) as unknown as Update[];
    expect(updates.map((u) => u.message?.text)).toEqual(['hello']);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(280);
    expect(Date.now() - t0).toBeLessThan(3000);
    const t1 = Date.now();
    expect(await a.getUpdates({ offset: updates[0]!.update_id + 1, timeout: 1 })).toEqual([]);
    expect(Date.now() - t1).toBeGreaterThanOrEqual(900);
  });

  it('records when each update was first handed out (a held poll, an immediate answer), not again on a re-delivery', async () => {
    const a = api();
    const poll = a.getUpdates({ timeout: 10 });
    await sleep(200);
    const injectedAt = Date.now();
    const one = await tg.sendText(5, 'one');
    const first = (await poll) as unknown as Update[];
    expect(first.map((u) => u.update_id)).toEqual([one.update_id]);
    const two = await tg.sendText(6, 'two');
    await sleep(50);
    const beforeSecond = Date.now();
    expect((await getUpdates(a, { timeout: 0 })).map((u) => u.update_id)).toEqual([one.update_id, two.update_id]); // 'one' again: not confirmed
    const handed = await tg.handedOut();
    expect(handed.map((h) => [h.update_id, h.chat_id, h.via])).toEqual([
      [one.update_id, 5, 'getUpdates'],
      [two.update_id, 6, 'getUpdates'],
    ]);
    expect(handed[0]!.at).toBeGreaterThanOrEqual(injectedAt);
    expect(handed[0]!.at).toBeLessThan(beforeSecond); // the first hand-out, not the re-delivery
    expect(handed[1]!.at).toBeGreaterThanOrEqual(beforeSecond);
    expect(await tg.handedOut({ chat_id: 6 })).toEqual([handed[1]]);
    expect(await tg.handedOut({ after: one.update_id })).toEqual([handed[1]]);
  });

  it('an unconfirmed update comes again after a reconnect; a confirmed one never', async () => {
    const a = api();
    const first = await tg.sendText(1, 'one');
    await tg.sendText(1, 'two');
    const got = await getUpdates(a, { timeout: 0 });
    expect(got.map((u) => u.update_id)).toEqual([first.update_id, first.update_id + 1]);
    expect((await getUpdates(a, { timeout: 0 })).map((u) => u.message?.text)).toEqual(['one', 'two']); // nothing confirmed yet
    expect((await getUpdates(a, { offset: first.update_id + 1, timeout: 0 })).map((u) => u.message?.text)).toEqual(['two']);
    expect((await getUpdates(a, { timeout: 0, limit: 5 })).map((u) => u.message?.text)).toEqual(['two']); // 'one' is forgotten

    // The production pump: a handler that fails loudly leaves its update unconfirmed...
    const seen: string[] = [];
    const crashing = new Bot(TOKEN, { apiRoot: emu.url });
    crashing.on('message', (ctx) => {
      seen.push(`crash:${ctx.message!.text}`);
      throw new Error('crash before commit');
    });
    crashing.catch((err) => {
      throw err;
    });
    await expect(crashing.startPolling(undefined, { timeout: 1 })).rejects.toThrow('crash before commit');
    // ...so the next process gets it again, and confirms it by polling on.
    const healthy = new Bot(TOKEN, { apiRoot: emu.url });
    healthy.on('message', (ctx) => void seen.push(`ok:${ctx.message!.text}`));
    const polling = healthy.startPolling(undefined, { timeout: 1 });
    await until(() => seen.includes('ok:two'));
    await tg.sendText(1, 'three');
    await until(() => seen.includes('ok:three'));
    healthy.stop();
    await polling;
    expect(seen).toEqual(['crash:two', 'ok:two', 'ok:three']);
    // The getUpdates that followed 'three' carried its offset: confirmed.
    expect(await api().getUpdates({ timeout: 0 })).toEqual([]);
  });

  it('a second getUpdates terminates the first with 409, as Telegram does', async () => {
    const first = api().getUpdates({ timeout: 10 });
    first.catch(() => undefined);
    await sleep(100);
    const second = api().getUpdates({ timeout: 1 });
    await expect(first).rejects.toMatchObject({ errorCode: 409, description: expect.stringContaining('terminated by other getUpdates request') });
    expect(await second).toEqual([]);
  });

  it('allowed_updates drops update types the bot did not ask for', async () => {
    const a = api();
    await a.getUpdates({ timeout: 0, allowed_updates: ['callback_query'] });
    const skipped = await tg.sendText(3, 'ignored');
    expect(skipped.queued).toBe(false);
    expect(await a.getUpdates({ timeout: 0 })).toEqual([]);
  });

  it('edited messages, locations, voice, stickers, photos and group commands arrive as Telegram shapes them', async () => {
    const a = api();
    const m = await tg.sendText(9, 'напомни в 9');
    await tg.edit({ chat_id: 9, message_id: m.message!.message_id, text: 'напомни в 10' });
    await tg.sendLocation(9, 55.75, 37.62);
    await tg.send({ kind: 'voice', user: { id: 9 }, duration: 4 });
    await tg.send({ kind: 'sticker', user: { id: 9 } });
    await tg.send({ kind: 'photo', user: { id: 9 }, caption: 'look' });
    await tg.sendGroupText(-100500, 9, '/list@emulated_123456_bot', { title: 'Family' });
    const u = await getUpdates(a, { timeout: 0 });
    expect(u.map((x: Update) => Object.keys(x).filter((k) => k !== 'update_id')[0])).toEqual([
      'message',
      'edited_message',
      'message',
      'message',
      'message',
      'message',
      'message',
    ]);
    expect(u[1]!.edited_message).toMatchObject({ message_id: m.message!.message_id, text: 'напомни в 10', edit_date: expect.any(Number) });
    expect(u[2]!.message!.location).toEqual({ latitude: 55.75, longitude: 37.62 });
    expect(u[3]!.message!.voice).toMatchObject({ duration: 4, mime_type: 'audio/ogg' });
    expect(u[4]!.message!.sticker).toMatchObject({ type: 'regular', emoji: '👍' });
    expect(u[5]!.message).toMatchObject({ caption: 'look', photo: expect.arrayContaining([expect.objectContaining({ width: 800 })]) });
    expect(u[6]!.message).toMatchObject({
      chat: { id: -100500, type: 'group', title: 'Family' },
      from: { id: 9 },
      entities: [{ type: 'bot_command', offset: 0, length: 25 }],
    });
    const ids = u.map((x) => x.update_id);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('flood limits', () => {
  it('a second message to one chat within a second is 429 with retry_after, and is recorded', async () => {
    await tg.addChats([{ user: { id: 1 } }, { user: { id: 2 } }]);
    const a = api();
    await a.sendMessage({ chat_id: 1, text: 'a' });
    const err = await a.sendMessage({ chat_id: 1, text: 'b' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TelegramApiError);
    expect(err).toMatchObject({ errorCode: 429, description: 'Too Many Requests: retry after 1', retryAfter: 1 });
    await a.sendMessage({ chat_id: 2, text: 'c' }); // another chat is not limited
    expect(await tg.violations()).toEqual([expect.objectContaining({ chatId: 1, kind: 'chat', refused: true, retryAfter: 1 })]);
    // The client's own 429 handling (retry after retry_after) gets it through.
    const t0 = Date.now();
    await api({ maxRetries: 2 }).sendMessage({ chat_id: 1, text: 'b again' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(500);
    expect((await tg.botMessages(1)).map((m) => m.text)).toEqual(['a', 'b again']);
    expect(await tg.stats()).toMatchObject({ messages_sent: 3, max_per_chat_in_window: 1, violations: { chat: 2, global: 0, group: 0 } }); // the retry's first try was early too
  });

  it('with enforcement off everything goes through and each excess is still recorded', async () => {
    await tg.setRateLimits({ enforce: false });
    await tg.addChat({ user: { id: 1 } });
    const a = api();
    for (const t of ['a', 'b', 'c']) await a.sendMessage({ chat_id: 1, text: t });
    expect((await tg.violations({ chat_id: 1 })).map((v) => v.refused)).toEqual([false, false]);
    expect((await tg.stats()).max_per_chat_in_window).toBe(3);
  });

  it('caps 30 messages a second overall', async () => {
    await tg.setRateLimits({ perChatPerSecond: 0 });
    await tg.addChats(Array.from({ length: 31 }, (_, i) => ({ user: { id: 100 + i } })));
    const a = api();
    const results = await Promise.allSettled(Array.from({ length: 31 }, (_, i) => a.sendMessage({ chat_id: 100 + i, text: 'x' })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(30);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { errorCode: 429 } });
    expect((await tg.violations())[0]).toMatchObject({ kind: 'global', limit: 30 });
  });
});

describe('injected faults', () => {
  it('403 blocked until cleared; 500 and 429 for the next N calls; 502 and dropped connections', async () => {
    await tg.addChats([{ user: { id: 1 } }, { user: { id: 2 } }]);
    const a = api();
    await tg.block(1);
    for (let i = 0; i < 2; i++) {
      await expect(a.sendMessage({ chat_id: 1, text: 'x' })).rejects.toMatchObject({ errorCode: 403, description: 'Forbidden: bot was blocked by the user' });
    }
    await a.sendMessage({ chat_id: 2, text: 'other chats still work' });
    await tg.unblock(1);
    await a.sendMessage({ chat_id: 1, text: 'unblocked' });

    await tg.fault({ method: 'sendMessage', kind: '500', count: 2 });
    await expect(a.sendMessage({ chat_id: 2, text: 'x' })).rejects.toMatchObject({ errorCode: 500 });
    // The client retries 5xx with backoff: the second injected 500 is absorbed.
    expect((await api({ maxRetries: 2 }).sendMessage({ chat_id: 2, text: 'after 500' })).text).toBe('after 500');

    await tg.fault({ method: 'sendMessage', chat_id: 2, kind: '429', retry_after: 3 });
    await expect(a.sendMessage({ chat_id: 2, text: 'x' })).rejects.toMatchObject({
      errorCode: 429,
      retryAfter: 3,
      description: 'Too Many Requests: retry after 3',
    });

    await tg.fault({ method: 'sendMessage', kind: '502' });
    await expect(a.sendMessage({ chat_id: 1, text: 'x' })).rejects.toBeInstanceOf(NetworkError);

    await tg.fault({ method: 'sendMessage', kind: 'drop' });
    await expect(a.sendMessage({ chat_id: 1, text: 'x' })).rejects.toBeInstanceOf(NetworkError);
    expect((await tg.botMessages(1)).map((m) => m.text)).toEqual(['unblocked']); // dropped before it was sent

    await sleep(1000); // per-chat window
    await tg.fault({ method: 'sendMessage', kind: 'drop-after' });
    await expect(a.sendMessage({ chat_id: 1, text: 'lost answer' })).rejects.toBeInstanceOf(NetworkError);
    expect((await tg.botMessages(1)).map((m) => m.text)).toEqual(['unblocked', 'lost answer']); // sent, but the bot never heard
    expect(await tg.faults()).toEqual([]);
  });
});

describe('webhook mode', () => {
  it('delivers with the secret token, retries until 2xx, and getUpdates answers 409 meanwhile', async () => {
    const received: Array<{ id: number; secret: string | undefined }> = [];
    let failures = 1;
    const bot = new Bot(TOKEN, { apiRoot: emu.url });
    bot.on('message', async (ctx) => {
      received.push({ id: ctx.update.update_id, secret: undefined });
      if (failures-- > 0) throw new Error('not committed'); // → 500, Telegram redelivers
      await ctx.reply(`got ${ctx.message!.text}`);
    });
    bot.catch((err) => {
      throw err;
    });
    const inner = createWebhookServer(bot, { path: '/tg', secretToken: 'S3cret_token' });
    const secrets: Array<string | undefined> = [];
    const server = createServer((req: IncomingMessage, res) => {
      secrets.push(req.headers['x-telegram-bot-api-secret-token'] as string | undefined);
      inner.emit('request', req, res);
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tg`;
    try {
      const a = api();
      await tg.sendText(77, 'queued before the webhook');
      expect(await a.setWebhook({ url: hookUrl, secret_token: 'S3cret_token' })).toBe(true);
      await expect(a.getUpdates({ timeout: 0 })).rejects.toMatchObject({
        errorCode: 409,
        description: expect.stringContaining("can't use getUpdates method while webhook is active"),
      });

      const reply = await tg.nextBotMessage(77, { after: 0, timeoutMs: 5000 });
      expect(reply.text).toBe('got queued before the webhook');
      const s = await tg.sendText(77, 'second');
      expect((await tg.nextBotMessage(77, { after: s.seq, timeoutMs: 5000 })).text).toBe('got second');
      expect(received.map((r) => r.id)).toEqual([s.update_id - 1, s.update_id - 1, s.update_id]); // first one twice: 500, then 200
      expect(secrets.every((x) => x === 'S3cret_token')).toBe(true);
      const deliveries = await until(async () => {
        const d = await tg.webhookDeliveries();
        return d.every((x) => x.status !== null) && d;
      });
      expect(deliveries.map((d) => d.status)).toEqual([500, 200, 200]);
      // Handed out when first POSTed, once, though the first update was POSTed twice.
      const handed = await tg.handedOut({ chat_id: 77 });
      expect(handed.map((h) => [h.update_id, h.via])).toEqual([
        [s.update_id - 1, 'webhook'],
        [s.update_id, 'webhook'],
      ]);
      expect(handed[0]!.at).toBe(deliveries[0]!.at);
      const info = await a.getWebhookInfo();
      expect(info).toMatchObject({ url: hookUrl, pending_update_count: 0, last_error_message: expect.stringContaining('500') });

      // A wrong secret on the receiving side means 401: the emulator keeps retrying.
      await a.setWebhook({ url: hookUrl, secret_token: 'wrong_one' });
      await tg.sendText(77, 'rejected');
      await until(async () => (await tg.webhookDeliveries()).filter((d) => d.status === 401).length >= 2);
      expect((await a.getWebhookInfo()).pending_update_count).toBe(1);

      expect(await a.deleteWebhook({})).toBe(true);
      expect((await getUpdates(a, { timeout: 0 })).map((u) => u.message?.text)).toEqual(['rejected']); // kept for polling
    } finally {
      await new Promise<void>((ok) => server.close(() => ok()));
    }
  });

  it('a setWebhook ends a waiting long poll with 409', async () => {
    const poll = api()
      .getUpdates({ timeout: 10 })
      .catch((e: unknown) => e);
    await sleep(100);
    await api().setWebhook({ url: 'http://127.0.0.1:9/none' });
    expect(await poll).toMatchObject({ errorCode: 409 });
    await api().deleteWebhook({ drop_pending_updates: true });
  });
});
