import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from 'node-telegram-bot-api';
import { createTestContext, eventually, type TestContext } from '@napominalka/core/testing';
import { BOT_MIGRATIONS } from '../notifier/outbox';
import { migrate, type EventData } from '@napominalka/core';
import { startTelegramEmulator, type RunningTelegramEmulator } from '../emulator/server';
import { EmulatorControl } from '../emulator/control-client';
import { UpdatePoller } from './poller';
import { UpdateRecorder } from './record-update';
import { FloodGuard } from './flood';
import { CallbackAnswerer } from './callback-answers';

const TOKEN = '777000:TEST-ingress-token-abcdefgh';
let t: TestContext;
let emu: RunningTelegramEmulator;
let tg: EmulatorControl;

beforeAll(async () => {
  t = await createTestContext();
  await migrate(t.pool, t.schema, BOT_MIGRATIONS);
  emu = await startTelegramEmulator({ port: 0, defaultToken: TOKEN });
  tg = new EmulatorControl(emu.url);
});
afterAll(async () => {
  await emu?.close();
  await t?.cleanup();
});

const BOT = { username: 'emulated_777000_bot', id: 777000 };
const api = () => new Api(TOKEN, { apiRoot: emu.url, maxRetries: 0 });
const poller = (onRecorded?: () => void, recorder = new UpdateRecorder({ store: t.store, log: t.log, bot: BOT })) =>
  new UpdatePoller({ api: api(), recorder, log: t.log, timeoutSec: 1, ...(onRecorded ? { onRecorded } : {}) });
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

  it('a flood: 25 messages in a minute with a limit of 20 are all recorded, the last 5 throttled; a minute later the chat is free again', async () => {
    let now = 1_000_000;
    const recorder = new UpdateRecorder({ store: t.store, log: t.log, bot: BOT, flood: new FloodGuard({ limit: 20, now: () => now }) });
    const p = poller(undefined, recorder);
    p.start();
    try {
      for (let i = 1; i <= 25; i++) await tg.sendText(505, `сообщение ${i}`);
      await eventually(async () => (await received(505)).length === 25, 15_000, 'not all 25 recorded');
      const flags = (await received(505)).map((e) => (e.data as EventData<'MessageReceived'>).throttled ?? false);
      expect(flags.slice(0, 20).every((f) => !f)).toBe(true);
      expect(flags.slice(20)).toEqual([true, true, true, true, true]);
      now += 60_001;
      await tg.sendText(505, 'напомни через час выпить воды');
      await eventually(async () => (await received(505)).length === 26, 10_000);
      expect((await received(505))[25]!.data).not.toHaveProperty('throttled');
      expect(recorder.stats.throttled).toBe(5);
    } finally {
      await p.stop();
    }
  });

  it('answers every button press once it is recorded; a failed answer is logged and changes nothing', async () => {
    const answers = new CallbackAnswerer({ api: api(), log: t.log });
    const p = poller(undefined, new UpdateRecorder({ store: t.store, log: t.log, bot: BOT, answers }));
    await tg.sendText(506, '/start');
    const sent = await api().sendMessage({
      chat_id: 506,
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
    await tg.fault({ method: 'answerCallbackQuery', kind: '500', count: 1 });
    p.start();
    try {
      const presses = [];
      for (const data of ['done:r1', 'snooze:r1', 'done:r1']) presses.push((await tg.press(506, sent.message_id, { callback_data: data })).callback_query!.id);
      await eventually(async () => (await received(506)).filter((e) => e.type === 'CallbackReceived').length === 3, 10_000, 'presses not recorded');
      await eventually(() => answers.stats.answered + answers.stats.failed === 3, 10_000, 'presses not answered');
      const states = await Promise.all(presses.map((id) => tg.callback(id)));
      expect(states.filter((s) => s.answered)).toHaveLength(2); // one answer met the fault
      expect(answers.stats).toMatchObject({ answered: 2, failed: 1 });
      expect((await received(506)).filter((e) => e.type === 'CallbackReceived').map((e) => (e.data as EventData<'CallbackReceived'>).callbackQueryId)).toEqual(
        presses,
      );
    } finally {
      await p.stop();
      await answers.drain();
    }
  });

  it('slow answers to presses do not hold back recording', async () => {
    const answers = new CallbackAnswerer({ api: api(), log: t.log, maxInFlight: 2 });
    const p = poller(undefined, new UpdateRecorder({ store: t.store, log: t.log, bot: BOT, answers }));
    await tg.sendText(507, '/start');
    const sent = await api().sendMessage({
      chat_id: 507,
      text: 'Напомню в 9:00',
      reply_markup: { inline_keyboard: [[{ text: '✅', callback_data: 'done:r2' }]] },
    });
    await tg.fault({ method: 'answerCallbackQuery', kind: 'delay', delay_ms: 1500, count: 6 });
    for (let i = 0; i < 6; i++) await tg.press(507, sent.message_id, { callback_data: 'done:r2' });
    p.start();
    try {
      await eventually(async () => (await received(507)).filter((e) => e.type === 'CallbackReceived').length === 6, 10_000, 'presses not recorded');
      expect(answers.stats.answered).toBe(0); // all six recorded while the first answers still wait
      await eventually(() => answers.stats.answered === 6, 15_000, 'presses not answered');
    } finally {
      await p.stop();
      await answers.drain();
    }
  });
});
