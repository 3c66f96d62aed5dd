import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from 'node-telegram-bot-api';
import { createTestContext, eventually, freePort, type TestContext } from '@napominalka/core/testing';
import { migrate } from '@napominalka/core';
import { BOT_MIGRATIONS } from '../notifier/outbox';
import { startTelegramEmulator, type RunningTelegramEmulator } from '../emulator/server';
import { EmulatorControl } from '../emulator/control-client';
import { createIngress, type IngressConfig } from './ingress';

const TOKEN = '779000:TEST-ingress-mode-abcdefgh';
const BOT = { username: 'emulated_779000_bot', id: 779000 };
let t: TestContext;
let emu: RunningTelegramEmulator;
let tg: EmulatorControl;

beforeAll(async () => {
  t = await createTestContext();
  await migrate(t.pool, t.schema, BOT_MIGRATIONS);
  emu = await startTelegramEmulator({ port: 0, defaultToken: TOKEN, webhookRetryMs: 50, webhookMaxRetryMs: 500 });
  tg = new EmulatorControl(emu.url);
});
afterAll(async () => {
  await emu?.close();
  await t?.cleanup();
});

const received = async (chatId: number) => t.store.readStream(`chat-${chatId}`);
const ingress = (config: Partial<IngressConfig>) =>
  createIngress({
    config: { BOT_WEBHOOK_HOST: '127.0.0.1', BOT_WEBHOOK_PORT: 0, BOT_FLOOD_LIMIT: 20, ...config },
    api: new Api(TOKEN, { apiRoot: emu.url, maxRetries: 0 }),
    store: t.store,
    log: t.log,
    bot: BOT,
  });

describe('ingress mode from the configuration', () => {
  it('webhook when BOT_WEBHOOK_URL is set, long polling otherwise; switching loses nothing', async () => {
    const port = await freePort();
    const hook = ingress({ BOT_WEBHOOK_URL: `http://127.0.0.1:${port}/tg`, BOT_WEBHOOK_SECRET: 'mode-test-secret-0123456789', BOT_WEBHOOK_PORT: port });
    expect(hook.mode).toBe('webhook');
    await hook.start();
    await tg.sendText(701, 'раз');
    await eventually(async () => (await received(701)).length === 1, 10_000, 'not recorded through the webhook');
    await hook.stop();
    // Sent while nothing listens: Telegram keeps it (the webhook stays set, deliveries fail).
    await tg.sendText(701, 'два');
    const polling = ingress({});
    expect(polling.mode).toBe('polling');
    await polling.start();
    try {
      await eventually(async () => (await received(701)).length === 2, 15_000, 'the update sent between the modes was lost');
      expect(((await tg.state()) as { mode: string }).mode).toBe('polling');
    } finally {
      await polling.stop();
    }
  });
});
