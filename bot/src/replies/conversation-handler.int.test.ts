import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import {
  chatStream,
  createLogger,
  encodeCallbackData,
  evolve,
  initialState,
  migrate,
  withTransaction,
  type EventEnvelope,
  handlerContext,
  type NewEvent,
} from '@napominalka/core';
import { createTestContext, messageParsed, type TestContext } from '@napominalka/core/testing';
import { BOT_MIGRATIONS } from '../notifier/outbox';
import { encodeListPage } from '../conversation/list-page';
import { factsOf, repliesFor } from './replies-for';
import { conversationHandler } from './conversation-handler';

/** The conversation's handler in consumer-like transactions on the real Postgres. */
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ poolMax: 4 });
  await migrate(t.pool, t.schema, BOT_MIGRATIONS);
});
afterAll(async () => {
  await t?.cleanup();
});

const ZONE = 'Europe/Moscow';
const log = createLogger({ service: 'test', level: 'warn' });
const handle = () => conversationHandler({ schema: t.schema, defaultTimezone: ZONE });
let update = 1;

async function inTx(...batch: EventEnvelope[]): Promise<void> {
  await withTransaction(t.pool, async (tx) => {
    const ctx = handlerContext(t.store, tx, log);
    await handle()(batch, ctx);
  });
}

const appendRead = async (chatId: number, events: NewEvent[], causationId?: string) => {
  const r = await t.store.append(chatStream(chatId), events, causationId ? { metadata: { causationId } } : {});
  return t.store.readStream(chatStream(chatId), { from: r.firstStreamPosition, to: r.nextExpectedVersion });
};
const received = (chatId: number, text: string) => {
  const id = update++;
  return { type: 'MessageReceived', data: { chatId, updateId: id, messageId: id, text, kind: 'text', sentAt: '2026-03-12T07:15:00Z' } };
};

/** What the user does, as the ingress and the parse worker record it; each input handled as the consumer would. */
async function say(chatId: number, text: string, parse?: Parameters<typeof messageParsed>[1], question = false): Promise<void> {
  const [m] = await appendRead(chatId, [received(chatId, text)]);
  await inTx(m!);
  if (!parse) return;
  const worker = [
    messageParsed(chatId, parse),
    ...(question ? [{ type: 'ClarificationRequested', data: { chatId, question: 'Когда?', options: [], reason: 'no-time-named' } }] : []),
  ];
  const [p] = await appendRead(chatId, worker, m!.id);
  await inTx(p!);
}
async function press(chatId: number, data: string): Promise<void> {
  const id = update++;
  const [c] = await appendRead(chatId, [{ type: 'CallbackReceived', data: { chatId, updateId: id, callbackQueryId: `q${id}`, messageId: 1, data } }]);
  await inTx(c!);
}

const outbox = async (chatId: number) =>
  (
    await t.pool.query<{ event_id: string; seq: number; text: string }>(
      `select event_id, seq, text from "${t.schema}".bot_outbox where chat_id = $1 order by id`,
      [chatId],
    )
  ).rows;
const stream = (chatId: number) => t.store.readStream(chatStream(chatId));

describe('the conversation: a decision and its replies in one transaction', () => {
  it('queues the confirmation with the decision that made it; a redelivery adds neither events nor replies', async () => {
    await say(11, 'напомни завтра в 9 позвонить маме', { due: '2026-03-13T09:00:00+03:00', text: 'позвонить маме' });
    const events = await stream(11);
    const scheduled = events.find((e) => e.type === 'ReminderScheduled')!;
    expect(scheduled.metadata.causationId).toBe(events.find((e) => e.type === 'MessageParsed')!.id);
    const rows = await outbox(11);
    expect(rows).toEqual([{ event_id: scheduled.id, seq: 0, text: expect.stringContaining('позвонить маме') }]);

    await inTx(events.find((e) => e.type === 'MessageParsed')!);
    expect(await stream(11)).toHaveLength(events.length);
    expect(await outbox(11)).toEqual(rows);
  });

  it('answers every event as if each were answered on its own, in stream order (what the replies consumer did before)', async () => {
    const chat = 12;
    await say(chat, '/start');
    await say(chat, 'напомни позвонить маме', { due: null, text: 'позвонить маме' }, true);
    await say(chat, 'завтра в 10', { intent: 'create', due: '2026-03-13T10:00:00+03:00', text: null });
    await say(chat, 'привет', { intent: 'other' });
    await say(chat, 'напомни в пятницу купить хлеб', { due: '2026-03-13T09:00:00+03:00', text: 'купить хлеб' });
    const bread = (await stream(chat)).filter((e) => e.type === 'ReminderScheduled').at(-1)!;
    await press(chat, encodeCallbackData({ action: 'cancel', reminderId: (bread.data as { reminderId: string }).reminderId }));
    await say(chat, '/list');

    const all = await stream(chat);
    const expected = all.flatMap((e, i) => {
      const s = all.slice(0, i + 1).reduce(evolve, initialState({ chatId: chat, timezone: ZONE }));
      return repliesFor(e, s, factsOf(all.slice(0, i), e, all[i + 1])).map((r, seq) => ({ event_id: e.id, seq, text: r.text }));
    });
    const got = await outbox(chat);
    expect(got).toEqual(expected);
    // The ones a user sees: the greeting, the question, the confirmations, "not understood", the cancel, the list.
    const types = got.map((r) => all.find((e) => e.id === r.event_id)!.type);
    expect(types).toEqual(expect.arrayContaining(['MessageReceived', 'ClarificationRequested', 'ReminderScheduled', 'MessageParsed', 'ReminderCancelled']));
    expect(got.length).toBeGreaterThanOrEqual(7);
  });

  it('a batch of many chats and inputs decides and answers as the inputs one by one do', async () => {
    // The same history in two chats (a parse, a question and its answer, a list, a cancel by words, two more reminders) …
    const script = async (chat: number) => {
      const m1 = (await appendRead(chat, [received(chat, 'напомни позвонить маме')]))[0]!;
      await appendRead(
        chat,
        [
          messageParsed(chat, { due: null, text: 'позвонить маме' }),
          { type: 'ClarificationRequested', data: { chatId: chat, question: 'Когда?', options: [], reason: 'no-time-named' } },
        ],
        m1.id,
      );
      const m2 = (await appendRead(chat, [received(chat, 'завтра в 10')]))[0]!;
      await appendRead(chat, [messageParsed(chat, { due: '2026-03-13T10:00:00+03:00', text: null })], m2.id);
      const m3 = (await appendRead(chat, [received(chat, 'напомни в 12 обед')]))[0]!;
      await appendRead(chat, [messageParsed(chat, { due: '2026-03-13T12:00:00+03:00', text: 'обед' })], m3.id);
      await appendRead(chat, [received(chat, '/list')]);
      await appendRead(chat, [received(chat, '/cancel маме')]);
      return stream(chat);
    };
    const one = await script(21);
    const many = [await script(22), await script(23)];
    for (const e of one) await inTx(e);
    // … handled one by one, and the other two chats' inputs interleaved in one batch.
    const interleaved = many[0]!.flatMap((e, i) => [e, many[1]![i]!]);
    await inTx(...interleaved);
    const seen = async (chat: number) => {
      const all = await stream(chat);
      const rows = await outbox(chat);
      return {
        decided: all.filter((e) => e.metadata.causationId && e.type.startsWith('Reminder')).map((e) => e.type),
        replies: rows.map((r) => [all.find((e) => e.id === r.event_id)!.type, r.seq, r.text]),
      };
    };
    const expected = await seen(21);
    expect(expected.decided).toEqual(['ReminderScheduled', 'ReminderScheduled', 'ReminderCancelled']);
    expect(await seen(22)).toEqual(expected);
    expect(await seen(23)).toEqual(expected);
  });
});

describe('the conversation: a list of a period', () => {
  it("a list request naming tomorrow answers with tomorrow's reminders only; its page button stays within tomorrow", async () => {
    const chat = 31;
    // Dates from the clock the events are stamped with: the heading's "tomorrow" is relative to the request.
    const today = DateTime.now().setZone(ZONE).startOf('day');
    const at = (days: number, hour: number) => today.plus({ days, hours: hour }).toISO()!;
    const day = (days: number) => today.plus({ days }).toISODate()!;
    await say(chat, 'напомни послезавтра в 9 сдать отчёт', { due: at(2, 9), text: 'сдать отчёт' });
    await say(chat, 'напомни завтра в 18 купить торт', { due: at(1, 18), text: 'купить торт' });
    await say(chat, 'напомни завтра в 10 забрать посылку', { due: at(1, 10), text: 'забрать посылку' });
    await say(chat, 'напомни сегодня в 23 полить цветы', { due: at(0, 23), text: 'полить цветы' });

    const [m] = await appendRead(chat, [received(chat, 'покажи список на завтра')]);
    await inTx(m!);
    const listed = messageParsed(chat, { intent: 'list' });
    const [p] = await appendRead(chat, [{ ...listed, data: { ...listed.data, listFrom: day(1), listTo: day(1) } }], m!.id);
    await inTx(p!);

    const reply = (await outbox(chat)).filter((r) => r.event_id === p!.id);
    expect(reply.map((r) => r.text)).toEqual([
      ['<b>На завтра</b>: 2 напоминания', '', '1. завтра 10:00 — забрать посылку', '2. завтра 18:00 — купить торт'].join('\n'),
    ]);

    // The same list's page button (as a period's list sends it) answers the same period.
    await press(chat, encodeListPage(0, { from: day(1), to: day(1) }));
    const rows = await outbox(chat);
    expect(rows.at(-1)!.text).toBe(reply[0]!.text);

    // A list without a period (and an old page button) still shows all four.
    await say(chat, 'покажи напоминания', { intent: 'list' });
    expect((await outbox(chat)).at(-1)!.text).toMatch(/^<b>Ваши напоминания<\/b> \(4\)/);
    await press(chat, 'lp:0');
    expect((await outbox(chat)).at(-1)!.text).toMatch(/^<b>Ваши напоминания<\/b> \(4\)/);
  });
});
