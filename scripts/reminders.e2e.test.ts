import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatStream, localOf, wallClock, type EventData, type EventEnvelope, type Relay } from '../core/src/index';
import { createTestContext, eventually, runTs, startRelay, type Child, type TestContext } from '../core/src/testing/index';
import { startTelegramEmulator, type RunningTelegramEmulator } from '../bot/src/emulator/server';
import { EmulatorControl } from '../bot/src/emulator/control-client';

/**
 * Issue 5 end to end, with the real services as processes: a message → the inference worker
 * parses it → the reminders decider (the bot's conversation consumer) schedules it → the projector's read model has it → the
 * scheduler fires it on time in the user's zone; a recurring one comes back after delivery; the
 * projector killed in between loses nothing.
 */
let t: TestContext;
let relay: Relay;
let inference: Child;
let bot: Child;
let emu: RunningTelegramEmulator;
let projector: Child;
const CHAT = 501;
let update = 1;

const startProjector = async () => {
  projector = runTs('projector/src/main.ts', {
    ...t.env,
    PROJECTOR_COMPONENTS: 'postgres,scheduler',
    SCHEDULER_POLL_MS: '100',
    LOG_LEVEL: 'info',
    HTTP_PORT: '0',
  });
  await projector.waitFor(/projector started/, 60_000);
};

beforeAll(async () => {
  t = await createTestContext();
  relay = startRelay(t);
  inference = runTs('inference/src/main.ts', { ...t.env, INFERENCE_PORT: '0', LOG_LEVEL: 'info', HTTP_PORT: '0', CONSUMER_RETRY_BASE_MS: '200' });
  await inference.waitFor(/inference started/, 60_000);
  await startProjector();
  // The decider runs in the bot; the chat exists in the emulator so that its deliveries succeed.
  emu = await startTelegramEmulator({ port: 0 });
  await new EmulatorControl(emu.url).addChats([{ user: { id: CHAT } }]);
  bot = runTs('bot/src/main.ts', { ...t.env, TELEGRAM_API_ROOT: emu.url, LOG_LEVEL: 'info', HTTP_PORT: '0', CONSUMER_RETRY_BASE_MS: '200' });
  await bot.waitFor(/bot started/, 60_000);
}, 120_000);

afterAll(async () => {
  await projector?.kill('SIGTERM');
  await inference?.kill('SIGTERM');
  await bot?.kill('SIGTERM');
  await emu?.close();
  await relay?.stop();
  await t?.cleanup();
});

async function say(text: string, sentAt = new Date()): Promise<void> {
  const id = update++;
  await t.store.append(
    chatStream(CHAT),
    [{ type: 'MessageReceived', data: { chatId: CHAT, updateId: id, messageId: id, text, sentAt: sentAt.toISOString() } }],
    { idempotencyKey: `tg:${id}` },
  );
}

const events = (type: string): Promise<EventEnvelope[]> => t.store.readStream(chatStream(CHAT), { types: [type] });
const reminder = async (text: string) =>
  (await t.pool.query(`select * from "${t.schema}".reminders where text = $1`, [text]).catch(() => ({ rows: [] }))).rows[0] as
    { id: string; status: string; due: Date; rrule: string | null; occurrence: number; timezone: string } | undefined;

describe('reminders end to end', () => {
  it('a message becomes a reminder that fires at its time in the chat zone, across a projector crash; a daily one comes back after delivery', async () => {
    await say('/tz Europe/Berlin');
    await eventually(async () => (await events('ChatSettingsChanged')).length === 1, 30_000, 'the zone was not set');

    // Sent two minutes ago (less a second; Telegram gives whole seconds): due a second from now.
    const sent = new Date(Math.floor(Date.now() / 1000) * 1000 - 119_000);
    await say('напомни через 2 минуты позвонить маме', sent);
    await eventually(async () => (await events('ReminderDue')).length === 1, 30_000, 'the reminder did not fire');
    const [due] = await events('ReminderDue');
    const d = due!.data as EventData<'ReminderDue'>;
    expect(Date.parse(d.due)).toBe(sent.getTime() + 120_000);
    expect(Date.parse(d.firedAt)).toBeGreaterThanOrEqual(Date.parse(d.due));
    expect(Date.parse(d.firedAt) - Date.parse(d.due)).toBeLessThan(5_000);

    // Every day at 9 in Berlin.
    const sentDaily = new Date();
    await say('remind me every day at 9 to water the plants', sentDaily);
    await eventually(async () => (await reminder('water the plants')) !== undefined, 30_000, 'the daily reminder was not projected');
    const daily = (await reminder('water the plants'))!;
    const local = localOf(sentDaily.toISOString(), 'Europe/Berlin');
    const today9 = wallClock(`${local.slice(0, 10)}T09:00`, 'Europe/Berlin');
    const next9 = today9.toMillis() > sentDaily.getTime() ? today9 : today9.plus({ days: 1 });
    expect(daily).toMatchObject({ status: 'pending', rrule: 'FREQ=DAILY', occurrence: 0, timezone: 'Europe/Berlin' });
    expect(daily.due.getTime()).toBe(next9.toMillis());

    // The projector dies; a reminder falls due meanwhile; it fires once the projector is back.
    await projector.kill('SIGKILL');
    await say('remind me in 2 minutes to take the cake out', new Date(Date.now() - 118_000));
    await new Promise((r) => setTimeout(r, 3_000));
    expect((await events('ReminderDue')).length).toBe(1);
    await startProjector();
    await eventually(async () => (await events('ReminderDue')).length === 2, 30_000, 'the reminder due during the outage did not fire');
    expect((await events('ReminderDue'))[1]!.data).toMatchObject({ reminderId: (await reminder('take the cake out'))!.id, occurrence: 0 });

    // The notifier delivered the daily one: its next occurrence is the next day at 9 in Berlin.
    await t.store.append(chatStream(CHAT), [{ type: 'ReminderDelivered', data: { chatId: CHAT, reminderId: daily.id, occurrence: 0, latenessMs: 40 } }]);
    await eventually(async () => (await reminder('water the plants'))!.occurrence === 1, 30_000, 'no next occurrence');
    expect((await reminder('water the plants'))!.due.getTime()).toBe(next9.plus({ days: 1 }).toMillis());

    // "отмени про маму" cancels the one reminder about mum.
    await say('отмени напоминание про маму');
    await eventually(async () => (await reminder('позвонить маме'))?.status === 'cancelled', 30_000, 'not cancelled by words');
    expect((await reminder('water the plants'))!.status).toBe('pending');
  }, 180_000);
});
