import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatStream, type EventData, type Relay } from '../core/src/index';
import { createTestContext, eventually, runTs, startRelay, type Child, type TestContext } from '../core/src/testing/index';
import { startTelegramEmulator, type RunningTelegramEmulator } from '../bot/src/emulator/server';
import { EmulatorControl } from '../bot/src/emulator/control-client';

/**
 * The whole system against the Telegram Bot API emulator, every service a real process: a user
 * writes to the bot, the reminder comes back in the chat at its time with its buttons; the bot
 * process killed mid-conversation loses nothing.
 */
let t: TestContext;
let relay: Relay;
let emu: RunningTelegramEmulator;
let tg: EmulatorControl;
let bot: Child;
const others: Child[] = [];
const USER = 601;

const startBot = async () => {
  bot = runTs('bot/src/main.ts', { ...t.env, TELEGRAM_API_ROOT: emu.url, LOG_LEVEL: 'info', HTTP_PORT: '0' });
  await bot.waitFor(/bot started/, 60_000);
};

beforeAll(async () => {
  t = await createTestContext();
  relay = startRelay(t);
  emu = await startTelegramEmulator({ port: 0 });
  tg = new EmulatorControl(emu.url);
  const env = { ...t.env, LOG_LEVEL: 'info', HTTP_PORT: '0', CONSUMER_RETRY_BASE_MS: '200' };
  others.push(runTs('inference/src/main.ts', { ...env, INFERENCE_PORT: '0' }));
  others.push(runTs('projector/src/main.ts', { ...env, PROJECTOR_COMPONENTS: 'postgres,scheduler', SCHEDULER_POLL_MS: '100' }));
  await others[0]!.waitFor(/inference started/, 60_000);
  await others[1]!.waitFor(/projector started/, 60_000);
  await startBot();
}, 180_000);

afterAll(async () => {
  await bot?.kill('SIGTERM');
  for (const c of others) await c.kill('SIGTERM');
  await emu?.close();
  await relay?.stop();
  await t?.cleanup();
});

/** A message the user sent `agoSec` seconds ago (Telegram dates are whole seconds). */
const say = (text: string, agoSec = 0) => tg.sendText(USER, text, { date: Math.floor(Date.now() / 1000) - agoSec });
const reminders = async () => (await tg.botMessages(USER)).filter((m) => m.text?.startsWith('🔔'));

describe('the bot end to end through the Bot API emulator', () => {
  it('a reminder asked for in the chat arrives there on time with its buttons, and survives a bot crash', async () => {
    // Sent two minutes ago less a second: due a second from now.
    await say('напомни через 2 минуты позвонить маме', 119);
    await eventually(async () => (await reminders()).length === 1, 45_000, 'the reminder did not arrive in the chat');
    // It was confirmed first, with what was understood and ✏️/❌.
    const confirmations = (await tg.botMessages(USER)).filter((m) => m.text?.startsWith('⏰'));
    expect(confirmations).toHaveLength(1);
    expect(confirmations[0]!.text).toContain('позвонить маме');
    expect(confirmations[0]!.reply_markup?.inline_keyboard.flat().map((b) => b.text).join(' ')).toMatch(/✏️.*❌|❌.*✏️/);
    const [m] = await reminders();
    expect(m!.text).toContain('позвонить маме');
    const buttons = m!.reply_markup?.inline_keyboard.flat().map((b) => b.text) ?? [];
    expect(buttons.join(' ')).toMatch(/✅/);
    expect(buttons.join(' ')).toMatch(/💤/);
    await eventually(async () => (await t.store.readStream(chatStream(USER), { types: ['ReminderDelivered'] })).length === 1, 20_000, 'no ReminderDelivered');
    const [delivered] = await t.store.readStream(chatStream(USER), { types: ['ReminderDelivered'] });
    expect((delivered!.data as EventData<'ReminderDelivered'>).latenessMs).toBeLessThan(10_000);

    // The bot dies; the user writes meanwhile; a reminder falls due meanwhile: nothing is lost.
    await bot.kill('SIGKILL');
    await say('remind me in 2 minutes to take the cake out', 118);
    await new Promise((r) => setTimeout(r, 2000));
    await startBot();
    await eventually(async () => (await reminders()).length === 2, 45_000, 'the reminder asked for while the bot was down did not arrive');
    expect((await reminders())[1]!.text).toContain('take the cake out');
    expect(await t.store.readStream(chatStream(USER), { types: ['MessageReceived'] })).toHaveLength(2);
  }, 150_000);

  it('answers what it cannot read yet, and /start asks for the language', async () => {
    const before = (await tg.botMessages(USER)).length;
    await tg.send({ user: { id: USER }, kind: 'sticker', emoji: '👍' });
    await say('/start');
    await eventually(async () => (await tg.botMessages(USER)).length >= before + 2, 30_000, 'no answers');
    const texts = (await tg.botMessages(USER)).slice(before).map((m) => m.text ?? '');
    expect(texts.some((x) => /стикер|sticker/i.test(x))).toBe(true);
    expect(texts.some((x) => /язык|language/i.test(x))).toBe(true);
  }, 60_000);
});
