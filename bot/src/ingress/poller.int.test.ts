import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from 'node-telegram-bot-api';
import { createTestContext, eventually, type TestContext } from '@napominalka/core/testing';
import type { EventData } from '@napominalka/core';
import { startTelegramEmulator, type RunningTelegramEmulator } from '../emulator/server';
import { EmulatorControl } from '../emulator/control-client';
import { UpdatePoller } from './poller';

const TOKEN = '777000:TEST-ingress-token-abcdefgh';
let t: TestContext;
let emu: RunningTelegramEmulator;
let tg: EmulatorControl;

beforeAll(async () => {
  t = await createTestContext();
  emu = await startTelegramEmulator({ port: 0, defaultToken: TOKEN });
  tg = new EmulatorControl(emu.url);
});
afterAll(async () => {
  await emu?.close();
  await t?.cleanup();
});

const poller = (onRecorded?: () => void) =>
  new UpdatePoller({ api: new Api(TOKEN, { apiRoot: emu.url, maxRetries: 0 }), store: t.store, log: t.log, bot: { username: 'emulated_777000_bot', id: 777000 }, timeoutSec: 1, ...(onRecorded ? { onRecorded } : {}) });
const received = async (chatId: number) => t.store.readStream(`chat-${chatId}`);

describe('long polling against the Bot API emulator', () => {
  it('records messages, edits and button presses, each once, and skips group chatter', async () => {
    const p = poller();
    p.start();
    try {
      await tg.sendText(501, 'напомни завтра в 9 позвонить маме');
      await tg.sendGroupText(-900, 501, 'просто болтаем');
      await tg.sendGroupText(-900, 501, '@emulated_777000_bot напомни в 8 созвон');
      await eventually(async () => (await received(501)).length === 1 && (await received(-900)).length === 1, 10_000, 'updates not recorded');
      const [msg] = await received(501);
      expect(msg!.data).toMatchObject({ chatId: 501, text: 'напомни завтра в 9 позвонить маме', kind: 'text' });
      expect((await received(-900))[0]!.data).toMatchObject({ text: 'напомни в 8 созвон' });
      expect(p.stats).toMatchObject({ recorded: 2, ignored: 1, duplicates: 0 });
    } finally {
      await p.stop();
    }
  });

  it('a failure after recording but before confirming redelivers the update, and records nothing twice', async () => {
    let crashes = 1;
    const p = poller(() => {
      if (crashes-- > 0) throw new Error('lost between commit and confirmation');
    });
    p.start();
    try {
      await tg.sendText(502, 'через 5 минут чай');
      await eventually(() => p.stats.duplicates >= 1, 10_000, 'the unconfirmed update was not delivered again');
      await tg.sendText(502, 'и ещё одно');
      await eventually(async () => (await received(502)).length === 2, 10_000);
      expect((await received(502)).map((e) => (e.data as EventData<'MessageReceived'>).text)).toEqual(['через 5 минут чай', 'и ещё одно']);
    } finally {
      await p.stop();
    }
  });

  it('a poller that stops (or dies) mid-way leaves nothing behind for the next one', async () => {
    const first = poller();
    first.start();
    await tg.sendText(504, 'раз');
    await eventually(async () => (await received(504)).length === 1, 10_000);
    await first.stop();
    await tg.sendText(504, 'два');
    const second = poller();
    second.start();
    try {
      await eventually(async () => (await received(504)).length === 2, 10_000, 'the update sent while no poller ran was lost');
    } finally {
      await second.stop();
    }
  });

  it('keeps polling through Bot API errors, losing nothing', async () => {
    const p = poller();
    await tg.fault({ method: 'getUpdates', kind: '500', count: 2 });
    p.start();
    try {
      await tg.sendText(503, 'remind me in 10 minutes to stretch');
      await eventually(async () => (await received(503)).length === 1, 15_000, 'not recorded after the errors');
      expect(p.stats.errors).toBeGreaterThanOrEqual(1);
    } finally {
      await p.stop();
    }
  });
});
