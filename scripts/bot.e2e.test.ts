import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatStream, type EventData, type Relay } from '../core/src/index';
import { createTestContext, eventually, runTs, startRelay, type Child, type TestContext } from '../core/src/testing/index';
import { startTelegramEmulator, type RunningTelegramEmulator } from '../bot/src/emulator/server';
import { EmulatorControl } from '../bot/src/emulator/control-client';
import type { Message } from '../bot/src/emulator/types';

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
    expect(
      confirmations[0]!.reply_markup?.inline_keyboard
        .flat()
        .map((b) => b.text)
        .join(' '),
    ).toMatch(/✏️.*❌|❌.*✏️/);
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

/** One user's private chat: what they do, and the bot's messages that answer it. */
function chat(id: number) {
  const seen: { seq: number; sent?: Message } = { seq: 0 };
  /** The bot's next `n` messages in this chat after the action whose seq is `after`. */
  const answers = async (after: number, n: number, timeoutMs = 30_000): Promise<Message[]> => {
    let got: Message[] = [];
    await eventually(
      async () => {
        got = (await tg.actions({ chat_id: id, after, methods: ['sendMessage'] })).map((a) => a.message!).filter(Boolean);
        return got.length >= n;
      },
      timeoutMs,
      `chat ${id}: fewer than ${n} answers after seq ${after} (got ${JSON.stringify(got.map((m) => m.text))})`,
    );
    return got.slice(0, n);
  };
  return {
    id,
    /** The user writes (dated `agoSec` seconds ago); the bot's next `n` messages. */
    async say(text: string, n = 1, agoSec = 0): Promise<Message[]> {
      const { seq, message } = await tg.sendText(id, text, { date: Math.floor(Date.now() / 1000) - agoSec });
      Object.assign(seen, { seq, sent: message });
      return answers(seq, n);
    },
    /** The user's last message. */
    get sent(): Message {
      return seen.sent!;
    },
    /** The user edits their message `m`; the bot's next `n` messages. */
    async edit(m: Message, text: string, n = 1): Promise<Message[]> {
      const { seq } = await tg.edit({ chat_id: id, message_id: m.message_id, text });
      return answers(seq, n);
    },
    /** The user shares a location; the bot's next `n` messages. */
    async location(latitude: number, longitude: number, n = 1): Promise<Message[]> {
      const { seq } = await tg.sendLocation(id, latitude, longitude);
      return answers(seq, n);
    },
    /** The user presses the button with this callback data under `m`; the bot's next `n` messages. */
    async press(m: Message, data: string, n = 1): Promise<Message[]> {
      const r = await tg.press(id, m.message_id, { callback_data: data });
      const got = await answers(r.seq, n);
      // Every press is answered, so the button's spinner stops.
      await eventually(async () => (await tg.callback(r.callback_query!.id)).answered, 10_000, `the press of ${data} was not answered`);
      return got;
    },
    /** The next message starting with 🔔 (a delivered reminder) after everything so far. */
    async reminder(text: string, timeoutMs = 45_000): Promise<Message> {
      let found: Message | undefined;
      await eventually(
        async () => {
          found = (await tg.botMessages(id)).find((m) => m.text?.startsWith('🔔') && m.text.includes(text));
          return found !== undefined;
        },
        timeoutMs,
        `chat ${id}: the reminder "${text}" did not arrive`,
      );
      return found!;
    },
    events: (types: string[]) => t.store.readStream(chatStream(id), { types }),
  };
}

const buttonData = (m: Message, label: RegExp): string => {
  const b = m.reply_markup?.inline_keyboard.flat().find((x) => label.test(x.text));
  if (!b || !('callback_data' in b) || !b.callback_data) throw new Error(`no button ${label} under "${m.text}": ${JSON.stringify(m.reply_markup)}`);
  return b.callback_data;
};
const hhmm = (zone: string, at: Date) => at.toLocaleTimeString('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hour12: false });

describe('a conversation with the bot, as a user has it', () => {
  it('/start asks language then zone; reminders are made, listed, cancelled by words, and follow a zone change', async () => {
    const u = chat(602);
    const [hello] = await u.say('/start');
    expect(hello!.text).toMatch(/Choose your language/);
    const [langDone, zoneQ] = await u.press(hello!, 'lg:en', 3);
    expect(langDone!.text).toBe('Done: English it is.');
    expect(zoneQ!.text).toMatch(/Which time zone/);
    const [zoneDone] = await u.press(zoneQ!, buttonData(zoneQ!, /^Berlin/));
    expect(zoneDone!.text).toMatch(/Time zone: Europe\/Berlin \(UTC\+[12]\)/);

    const [daily] = await u.say('remind me every day at 9 to water the plants');
    expect(daily!.text).toMatch(/^⏰ .*09:00 — water the plants/);
    expect(daily!.text).toMatch(/every day/);
    expect(
      daily!.reply_markup?.inline_keyboard
        .flat()
        .map((b) => b.text)
        .join(' '),
    ).toMatch(/✏️.*❌|❌.*✏️/);
    const [dentist] = await u.say('remind me tomorrow at 10 to call the dentist');
    expect(dentist!.text).toMatch(/^⏰ tomorrow.* 10:00 — call the dentist/i);

    const [list] = await u.say('/list');
    expect(list!.text).toMatch(/Your reminders \(2\)/);
    expect(list!.text).toMatch(/water the plants[\s\S]*call the dentist|call the dentist[\s\S]*water the plants/);
    expect(list!.reply_markup?.inline_keyboard.flat().filter((b) => b.text.startsWith('❌'))).toHaveLength(2);

    const [cancelled] = await u.say('cancel the dentist');
    expect(cancelled!.text).toMatch(/Cancelled: call the dentist/);
    const [after] = await u.say('/list');
    expect(after!.text).toMatch(/\(1\)/);
    expect(after!.text).not.toMatch(/dentist/);

    // A zone change keeps the wall-clock time: still 09:00, now in Tokyo.
    const [tokyo] = await u.say('/tz Asia/Tokyo');
    expect(tokyo!.text).toMatch(/Time zone: Asia\/Tokyo \(UTC\+9\)/);
    await eventually(async () => (await u.events(['ReminderRescheduled'])).length >= 1, 20_000, 'the daily reminder was not moved to the new zone');
    const [inTokyo] = await u.say('/list');
    expect(inTokyo!.text).toMatch(/09:00 — water the plants/);
    const [scheduled] = await u.events(['ReminderScheduled']);
    const rescheduled = (await u.events(['ReminderRescheduled'])).at(-1)!;
    expect(hhmm('Asia/Tokyo', new Date((rescheduled.data as EventData<'ReminderRescheduled'>).due))).toBe('09:00');
    expect(hhmm('Europe/Berlin', new Date((scheduled!.data as EventData<'ReminderScheduled'>).due))).toBe('09:00');

    // ❌ from the list cancels too.
    const [last] = await u.press(inTokyo!, buttonData(inTokyo!, /^❌/));
    expect(last!.text).toMatch(/Cancelled: water the plants/);
  }, 180_000);

  it('a reminder comes with ✅ and 💤: snooze moves it, done completes it; a daily one comes and is set for tomorrow', async () => {
    const u = chat(604);
    await u.say('/lang en', 3);
    const [confirmed] = await u.say('remind me in 2 minutes to stretch', 1, 119);
    expect(confirmed!.text).toMatch(/stretch/);
    const stretch = await u.reminder('stretch');
    const [snoozed] = await u.press(stretch, buttonData(stretch, /10/));
    expect(snoozed!.text).toMatch(/^💤 Snoozed until \d\d:\d\d: stretch/);
    expect((await u.events(['ReminderRescheduled'])).map((e) => (e.data as EventData<'ReminderRescheduled'>).reason)).toContain('snooze');

    await u.say('remind me in 2 minutes to drink water', 1, 119);
    const water = await u.reminder('drink water');
    const [done] = await u.press(water, buttonData(water, /✅/));
    expect(done!.text).toMatch(/^✅ Done: drink water/);

    // Every day at a minute that has just passed, asked two minutes ago: today's comes now, then tomorrow's is set.
    const zone = 'Europe/Moscow';
    const time = hhmm(zone, new Date(Date.now() - 60_000));
    await u.say(`remind me every day at ${time} to take the pills`, 1, 120);
    const pills = await u.reminder('take the pills');
    expect(
      pills.reply_markup?.inline_keyboard
        .flat()
        .map((b) => b.text)
        .join(' '),
    ).toMatch(/✅.*💤/);
    await eventually(
      async () => (await u.events(['ReminderRescheduled'])).some((e) => (e.data as EventData<'ReminderRescheduled'>).reason === 'next-occurrence'),
      20_000,
      'the daily reminder was not set for its next day',
    );
    const next = (await u.events(['ReminderRescheduled'])).filter((e) => (e.data as EventData<'ReminderRescheduled'>).reason === 'next-occurrence').at(-1)!;
    const nextDue = new Date((next.data as EventData<'ReminderRescheduled'>).due);
    expect(hhmm(zone, nextDue)).toBe(time);
    expect(nextDue.getTime() - Date.now()).toBeGreaterThan(22 * 3_600_000);
  }, 180_000);

  it('a user who blocked the bot: the reminder fails with 403, the chat pauses; when they are back it comes', async () => {
    const u = chat(603);
    await u.say('/lang en', 3);
    await u.say('remind me in 2 minutes to feed the cat', 1, 110);
    await tg.block(u.id);
    await eventually(async () => (await u.events(['ReminderDeliveryFailed'])).length === 1, 40_000, 'no ReminderDeliveryFailed');
    expect((await u.events(['ReminderDeliveryFailed']))[0]!.data).toMatchObject({ permanent: true });
    await eventually(
      async () => (await u.events(['ChatSettingsChanged'])).some((e) => (e.data as EventData<'ChatSettingsChanged'>).active === false),
      20_000,
      'the chat was not marked inactive',
    );
    await tg.unblock(u.id);
    await u.say('/list');
    const cat = await u.reminder('feed the cat');
    expect(cat.text).toMatch(/feed the cat/);
    await eventually(async () => (await u.events(['ReminderDelivered'])).length === 1, 20_000, 'no ReminderDelivered after the user came back');
  }, 120_000);

  it('cancel by words that match several offers the candidates as buttons; a press cancels that one', async () => {
    const u = chat(605);
    await u.say('/lang en', 3);
    await u.say('remind me tomorrow at 10 to call mom');
    await u.say('remind me tomorrow at 11 to call dad');
    const [which] = await u.say('cancel the call');
    const labels = which!.reply_markup?.inline_keyboard.flat().map((b) => b.text) ?? [];
    expect(labels.some((l) => /call mom/.test(l))).toBe(true);
    expect(labels.some((l) => /call dad/.test(l))).toBe(true);
    const [cancelled] = await u.press(which!, buttonData(which!, /call dad/));
    expect(cancelled!.text).toMatch(/Cancelled: call dad/);
    const [list] = await u.say('/list');
    expect(list!.text).toMatch(/call mom/);
    expect(list!.text).not.toMatch(/call dad/);
  }, 90_000);

  it('a shared location or a city name sets the zone; editing the message that made a reminder changes it', async () => {
    const u = chat(606);
    await u.say('/lang en', 3);
    const [novosibirsk] = await u.location(55.03, 82.92);
    expect(novosibirsk!.text).toMatch(/Time zone: Asia\/Novosibirsk \(UTC\+7\)/);
    const [paris] = await u.say('/tz Париж');
    expect(paris!.text).toMatch(/Time zone: Europe\/Paris/);
    const [made] = await u.say('remind me tomorrow at 9 to call mom');
    expect(made!.text).toMatch(/09:00 — call mom/);
    const [changed] = await u.edit(u.sent, 'remind me tomorrow at 11 to call grandma');
    expect(changed!.text).toMatch(/^⏰ .*11:00 — call grandma/);
    const [list] = await u.say('/list');
    expect(list!.text).toMatch(/\(1\)/);
    expect(list!.text).toMatch(/11:00 — call grandma/);
    const rescheduled = await u.events(['ReminderRescheduled']);
    expect(rescheduled.map((e) => (e.data as EventData<'ReminderRescheduled'>).reason)).toEqual(['edit']);
  }, 90_000);
});
