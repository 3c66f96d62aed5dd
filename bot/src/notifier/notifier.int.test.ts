import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from 'node-telegram-bot-api';
import { chatStream, handlerContext, migrate, withTransaction, type EventData, type EventEnvelope } from '@napominalka/core';
import { TEST_DATABASE_URL, createTestContext, eventually, type TestContext } from '@napominalka/core/testing';
import { startTelegramEmulator, type RunningTelegramEmulator } from '../emulator/server';
import { EmulatorControl } from '../emulator/control-client';
import { BOT_MIGRATIONS } from './outbox';
import { notifierHandler } from './notifier-handler';
import { Sender } from './sender';

const TOKEN = '777001:TEST-notifier-token-abcdefgh';
let t: TestContext;
let emu: RunningTelegramEmulator;
let tg: EmulatorControl;
let sender: Sender;

const newSender = (overrides: { pollMs?: number } = {}) =>
  new Sender({
    pool: t.pool,
    store: t.store,
    api: new Api(TOKEN, { apiRoot: emu.url, maxRetries: 0 }),
    log: t.log,
    databaseUrl: TEST_DATABASE_URL,
    pollMs: 50,
    lockRetryMs: 100,
    pacer: { random: () => 0, backoff: { baseMs: 400, maxMs: 2000 } },
    ...overrides,
  });

beforeAll(async () => {
  t = await createTestContext();
  await migrate(t.pool, t.schema, BOT_MIGRATIONS);
  emu = await startTelegramEmulator({ port: 0, defaultToken: TOKEN });
  tg = new EmulatorControl(emu.url);
  sender = newSender();
  sender.start();
  await sender.whenLeader();
});
afterAll(async () => {
  await sender?.stop();
  await emu?.close();
  await t?.cleanup();
});

const handler = () => notifierHandler({ schema: t.schema, defaultTimezone: 'Europe/Moscow' });

/** Applies the handler the way the consumer does: in a transaction of its own. */
async function handle(e: EventEnvelope): Promise<void> {
  const h = handler();
  await withTransaction(t.pool, async (tx) => {
    const ctx = handlerContext(t.store, tx, t.log);
    await h(e, ctx);
  });
  sender.wake();
}

async function schedule(chatId: number, reminderId: string, text: string, due: Date): Promise<void> {
  await t.store.append(chatStream(chatId), [
    { type: 'ReminderScheduled', data: { chatId, reminderId, text, due: due.toISOString(), rrule: null, timezone: 'Europe/Moscow' } },
  ]);
}

async function fire(chatId: number, reminderId: string, due: Date, occurrence = 0): Promise<EventEnvelope> {
  await t.store.append(
    chatStream(chatId),
    [{ type: 'ReminderDue', data: { chatId, reminderId, occurrence, due: due.toISOString(), firedAt: new Date().toISOString() } }],
    {
      idempotencyKey: `due:${reminderId}:${occurrence}`,
    },
  );
  const events = await t.store.readStream(chatStream(chatId));
  return events.filter((e) => e.type === 'ReminderDue' && (e.data as EventData<'ReminderDue'>).reminderId === reminderId).at(-1)!;
}

const ofType = async (chatId: number, type: string) => (await t.store.readStream(chatStream(chatId))).filter((e) => e.type === type);
const outboxRows = async (chatId: number) =>
  (await t.pool.query<{ state: string; attempts: number }>(`select state, attempts from "${t.schema}".bot_outbox where chat_id = $1 order by id`, [chatId]))
    .rows;

describe('notifier: ReminderDue → outbox → Telegram → ReminderDelivered', () => {
  it('delivers "🔔 …" with ✅/💤 buttons and records one ReminderDelivered with its lateness; a redelivery adds nothing', async () => {
    await tg.addChats([{ user: { id: 601 } }]);
    const due = new Date(Date.now() - 5 * 60_000);
    await schedule(601, 'r-601', 'позвонить <маме>', due);
    const e = await fire(601, 'r-601', due);
    await handle(e);
    // The chat's first message, also if the sender was faster than this wait (the default is "from now").
    const msg = await tg.nextBotMessage(601, { after: 0, timeoutMs: 10_000 });
    expect(msg.text).toMatch(/^🔔 позвонить <маме>\n\(опоздал на 5 мин: должно было быть в \d\d:\d\d\)$/);
    const buttons = (msg.reply_markup?.inline_keyboard ?? []).flat().map((b) => b.text);
    expect(buttons.some((b) => b.startsWith('✅'))).toBe(true);
    expect(buttons.filter((b) => b.includes('💤')).length).toBeGreaterThanOrEqual(1);
    await eventually(async () => (await ofType(601, 'ReminderDelivered')).length === 1, 10_000, 'no ReminderDelivered');
    const [delivered] = await ofType(601, 'ReminderDelivered');
    const d = delivered!.data as EventData<'ReminderDelivered'>;
    expect(d).toMatchObject({ chatId: 601, reminderId: 'r-601', occurrence: 0, messageId: msg.message_id });
    expect(d.latenessMs).toBeGreaterThanOrEqual(5 * 60_000);
    expect(d.latenessMs).toBeLessThan(6 * 60_000);

    // The consumer gets the same ReminderDue again: no second row, no second message.
    await handle(e);
    await new Promise((r) => setTimeout(r, 600));
    expect(await outboxRows(601)).toEqual([{ state: 'sent', attempts: 1 }]);
    expect(await tg.botMessages(601)).toHaveLength(1);
    expect(await ofType(601, 'ReminderDelivered')).toHaveLength(1);
  });

  it('folds the chat up to the due: a reminder cancelled before it fell due gets nothing, a cancel after it does not undo it', async () => {
    await tg.addChats([{ user: { id: 605 } }]);
    const due = new Date();
    await schedule(605, 'r-605', 'отменённое', due);
    const e = await fire(605, 'r-605', due);
    await t.store.append(chatStream(605), [{ type: 'ReminderCancelled', data: { chatId: 605, reminderId: 'r-605' } }]);
    await handle(e); // folds up to the due only: still pending there, so it is delivered
    await schedule(605, 'r-605b', 'перенесённое', due);
    await t.store.append(chatStream(605), [{ type: 'ReminderCancelled', data: { chatId: 605, reminderId: 'r-605b' } }]);
    const stale = await fire(605, 'r-605b', due);
    await handle(stale);
    await eventually(async () => (await ofType(605, 'ReminderDelivered')).length === 1, 10_000);
    expect(await outboxRows(605)).toHaveLength(1);
  });

  it('a chat that blocked the bot gets ReminderDeliveryFailed permanent and no message', async () => {
    await tg.addChats([{ user: { id: 602 } }]);
    await tg.block(602);
    const due = new Date();
    await schedule(602, 'r-602', 'никогда не дойдёт', due);
    await handle(await fire(602, 'r-602', due));
    await eventually(async () => (await ofType(602, 'ReminderDeliveryFailed')).length === 1, 10_000, 'no ReminderDeliveryFailed');
    const [failed] = await ofType(602, 'ReminderDeliveryFailed');
    expect(failed!.data).toMatchObject({ chatId: 602, reminderId: 'r-602', occurrence: 0, permanent: true });
    expect((failed!.data as EventData<'ReminderDeliveryFailed'>).error).toMatch(/403/);
    expect(await tg.botMessages(602)).toHaveLength(0);
    expect(await ofType(602, 'ReminderDelivered')).toHaveLength(0);
    expect((await outboxRows(602))[0]!.state).toBe('failed');
  });

  it('an answer lost after the message went out ends with one ReminderDelivered and at most two messages', async () => {
    await tg.addChats([{ user: { id: 603 } }]);
    await tg.fault({ method: 'sendMessage', kind: 'drop-after', chat_id: 603, count: 1 });
    const due = new Date();
    await schedule(603, 'r-603', 'выпить воды', due);
    await handle(await fire(603, 'r-603', due));
    await eventually(async () => (await ofType(603, 'ReminderDelivered')).length === 1, 15_000, 'not delivered after the lost answer');
    await new Promise((r) => setTimeout(r, 600));
    expect(await ofType(603, 'ReminderDelivered')).toHaveLength(1);
    const messages = await tg.botMessages(603);
    expect(messages.length).toBeGreaterThanOrEqual(1);
    expect(messages.length).toBeLessThanOrEqual(2);
    expect(messages.every((m) => m.text === '🔔 выпить воды')).toBe(true);
    expect(sender.stats.retried).toBeGreaterThanOrEqual(1); // the lost answer was taken as a network failure
  });

  it('five reminders due at once in one chat go out at least a second apart', async () => {
    await tg.addChats([{ user: { id: 604 } }]);
    const due = new Date();
    for (let i = 0; i < 5; i++) await schedule(604, `r-604-${i}`, `дело ${i}`, due);
    for (let i = 0; i < 5; i++) await handle(await fire(604, `r-604-${i}`, due));
    await eventually(async () => (await ofType(604, 'ReminderDelivered')).length === 5, 20_000, 'not all five delivered');
    const actions = await tg.actions({ chat_id: 604, methods: ['sendMessage'] });
    expect(actions.map((a) => a.message?.text)).toEqual([0, 1, 2, 3, 4].map((i) => `🔔 дело ${i}`));
    const gaps = actions.slice(1).map((a, i) => a.at - actions[i]!.at);
    for (const g of gaps) expect(g).toBeGreaterThanOrEqual(1000);
    expect(await tg.violations({ chat_id: 604 })).toHaveLength(0);
  }, 30_000);

  it('a commit that inserts outbox rows wakes the sender at once, long before its next poll', async () => {
    await sender.stop();
    const slow = newSender({ pollMs: 60_000 });
    slow.start();
    await slow.whenLeader();
    try {
      await new Promise((r) => setTimeout(r, 300)); // its first scan is done: the next poll is a minute away
      await tg.addChats([{ user: { id: 606 } }]);
      const due = new Date();
      await schedule(606, 'r-606', 'разбудить отправителя', due);
      const e = await fire(606, 'r-606', due);
      const t0 = Date.now();
      await handle(e); // its sender.wake() reaches the stopped sender only: the NOTIFY of the commit wakes `slow`
      const msg = await tg.nextBotMessage(606, { after: 0, timeoutMs: 10_000 });
      expect(msg.text).toBe('🔔 разбудить отправителя');
      expect(Date.now() - t0).toBeLessThan(2000);
    } finally {
      await slow.stop();
      sender = newSender();
      sender.start();
      await sender.whenLeader();
    }
  });

  it('429 with retry_after and 5xx answers delay a reminder, never lose or double it', async () => {
    await tg.addChats([{ user: { id: 611 } }, { user: { id: 612 } }]);
    const due = new Date();
    await schedule(611, 'r-611', 'полить цветы', due);
    await schedule(612, 'r-612', 'вынести мусор', due);
    await tg.fault({ method: 'sendMessage', chat_id: 611, kind: '429', retry_after: 1, count: 1 });
    await tg.fault({ method: 'sendMessage', chat_id: 612, kind: '502', count: 2 });
    const started = Date.now();
    await handle(await fire(611, 'r-611', due));
    await handle(await fire(612, 'r-612', due));
    await eventually(
      async () => (await ofType(611, 'ReminderDelivered')).length === 1 && (await ofType(612, 'ReminderDelivered')).length === 1,
      20_000,
      'not delivered after the faults',
    );
    // retry_after is honoured: not before a second after the 429.
    const [to611] = await tg.botMessages(611);
    expect(to611!.date * 1000).toBeGreaterThanOrEqual(Math.floor(started / 1000) * 1000 + 1000);
    expect(await tg.botMessages(611)).toHaveLength(1);
    expect(await tg.botMessages(612)).toHaveLength(1);
    expect(await outboxRows(611)).toEqual([{ state: 'sent', attempts: 2 }]);
    expect(await outboxRows(612)).toEqual([{ state: 'sent', attempts: 3 }]);
  });

  it('a reply that turns a /list page edits that message instead of sending another', async () => {
    await tg.addChats([{ user: { id: 621 } }]);
    await t.pool.query(`insert into "${t.schema}".bot_outbox (kind, chat_id, event_id, seq, text) values ('reply', 621, gen_random_uuid(), 0, 'страница 1')`);
    sender.wake();
    const first = await tg.nextBotMessage(621, { after: 0, timeoutMs: 10_000 });
    for (let i = 0; i < 2; i++) {
      // The same page twice: Telegram answers "message is not modified", which is no failure.
      await t.pool.query(
        `insert into "${t.schema}".bot_outbox (kind, chat_id, event_id, seq, text, edit_message_id) values ('reply', 621, gen_random_uuid(), 0, '<b>страница 2</b>', $1)`,
        [first.message_id],
      );
      sender.wake();
    }
    await eventually(async () => (await outboxRows(621)).every((r) => r.state === 'sent'), 10_000, 'edits not sent');
    const messages = await tg.messages(621, 'bot');
    expect(messages).toHaveLength(1);
    expect(messages[0]!.message.text).toBe('страница 2');
  });

  it('keeps sent rows a week, then deletes them; pending rows stay however old', async () => {
    const old = await t.pool.query<{ id: string }>(
      `insert into "${t.schema}".bot_outbox (kind, chat_id, event_id, seq, text, state, created_at) values
         ('reply', 631, gen_random_uuid(), 0, 'old sent', 'sent', now() - interval '8 days'),
         ('reply', 631, gen_random_uuid(), 0, 'recent sent', 'sent', now() - interval '6 days')
       returning id`,
    );
    await newSender().housekeep();
    const left = await t.pool.query<{ text: string }>(`select text from "${t.schema}".bot_outbox where id = any($1::bigint[])`, [old.rows.map((r) => r.id)]);
    expect(left.rows.map((r) => r.text)).toEqual(['recent sent']);
  });

  it('only one sender is active at a time', async () => {
    const second = newSender();
    second.start();
    try {
      await new Promise((r) => setTimeout(r, 400));
      expect(second.isLeader).toBe(false);
      expect(sender.isLeader).toBe(true);
    } finally {
      await second.stop();
    }
  });
});
