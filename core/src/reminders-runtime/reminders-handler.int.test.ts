import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { chatStream, type EventData, type EventEnvelope } from '@napominalka/domain';
import type { HandlerContext } from '../bus/consumer';
import { handlerContext } from '../bus/handler-context';
import { createLogger } from '../observability/logger';
import { createTestContext, type TestContext } from '../testing/context';
import { messageParsed } from '../testing/fixtures';
import { remindersHandler } from './reminders-handler';

/** The handler in a consumer-like transaction on the real Postgres (own schema per test file). */
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ poolMax: 6 });
});
afterAll(async () => {
  await t?.cleanup();
});

const lines: string[] = [];
const log = createLogger({ service: 'test', level: 'debug' }, { write: (l: string) => void lines.push(l) });
const handle = remindersHandler({ defaultTimezone: 'Europe/Moscow' });

async function put(chatId: number, events: Array<{ type: string; data: unknown }>): Promise<EventEnvelope[]> {
  const r = await t.store.append(chatStream(chatId), events);
  return t.store.readStream(chatStream(chatId), { from: r.firstStreamPosition, to: r.nextExpectedVersion });
}

/** A transaction like the consumer's, with its HandlerContext. */
async function begin(): Promise<{ ctx: HandlerContext; tx: pg.PoolClient; commit(): Promise<void> }> {
  const tx = await t.pool.connect();
  await tx.query('begin');
  const ctx = handlerContext(t.store, tx, log);
  return {
    ctx,
    tx,
    async commit() {
      try {
        await tx.query('commit');
      } finally {
        tx.release();
      }
    },
  };
}

async function handleInTx(e: EventEnvelope): Promise<void> {
  const x = await begin();
  try {
    await handle([e], x.ctx);
  } catch (err) {
    await x.tx.query('rollback');
    x.tx.release();
    throw err;
  }
  await x.commit();
}

describe('remindersHandler', () => {
  it('decides on a stream event and appends caused by it, with its idempotency key; a redelivery appends nothing', async () => {
    const [p] = await put(1, [messageParsed(1, { due: '2026-03-13T09:00:00+03:00', text: 'позвонить маме' })]);
    await handleInTx(p!);
    const stream = await t.store.readStream(chatStream(1));
    expect(stream.map((e) => e.type)).toEqual(['MessageParsed', 'ReminderScheduled']);
    const s = stream[1]!;
    expect(s.metadata).toMatchObject({ causationId: p!.id, correlationId: p!.metadata.correlationId });
    expect(s.data).toMatchObject({ chatId: 1, reminderId: p!.id, text: 'позвонить маме', timezone: 'Europe/Moscow' });
    const key = await t.pool.query(`select stream_id, first_stream_position from "${t.schema}".idempotency_keys where key = $1`, [`decide:${p!.id}`]);
    expect(key.rows).toEqual([{ stream_id: chatStream(1), first_stream_position: 2 }]);

    await handleInTx(p!);
    await handleInTx(p!);
    expect(await t.store.streamVersion(chatStream(1))).toBe(2);
  });

  it('events it does not decide on, and events that mean nothing, append nothing', async () => {
    const [m, other] = await put(2, [
      { type: 'ReminderDue', data: { chatId: 2, reminderId: 'r', occurrence: 0, due: '2026-03-13T09:00:00Z', firedAt: '2026-03-13T09:00:00Z' } },
      messageParsed(2, { intent: 'other' }),
    ]);
    await handleInTx(m!);
    await handleInTx(other!);
    expect(await t.store.streamVersion(chatStream(2))).toBe(2);
  });

  it('two concurrent decisions on one stream both land: the later one decides again on the new state', async () => {
    // Two inputs already in the stream: a create, then a cancel of what it creates.
    const [create, cancel] = await put(3, [
      messageParsed(3, { due: '2026-03-13T09:00:00+03:00', text: 'позвонить маме' }),
      messageParsed(3, { intent: 'cancel', text: 'про маму' }),
    ]);
    const first = await begin();
    const second = await begin();
    lines.length = 0;
    await handle([create!], first.ctx); // appended, not committed yet
    // The second reads the stream without the first's decision, and its append waits for the stream lock.
    const racing = handle([cancel!], second.ctx);
    await new Promise((r) => setTimeout(r, 300));
    await first.commit();
    await racing;
    await second.commit();
    expect(lines.some((l) => l.includes('deciding again'))).toBe(true);
    const stream = await t.store.readStream(chatStream(3));
    expect(stream.map((e) => [e.streamPosition, e.type])).toEqual([
      [1, 'MessageParsed'],
      [2, 'MessageParsed'],
      [3, 'ReminderScheduled'],
      [4, 'ReminderCancelled'],
    ]);
    // Decided on the new state: the reminder the first one created is the one cancelled.
    expect((stream[3]!.data as EventData<'ReminderCancelled'>).reminderId).toBe(create!.id);
    expect(stream[3]!.metadata.causationId).toBe(cancel!.id);
  });

  it('an edited message changes the reminder it made (reason edit) instead of making a second one', async () => {
    const msg = (text: string, edited: boolean) => ({
      type: 'MessageReceived',
      data: { chatId: 5, updateId: edited ? 2 : 1, messageId: 77, text, edited, sentAt: '2026-03-12T07:00:00Z' },
    });
    const said = async (text: string, edited: boolean, p: { due: string; text: string }) => {
      const [m] = await put(5, [msg(text, edited)]);
      await handleInTx(m!);
      // The parse, as inference appends it: caused by the message.
      const r = await t.store.append(chatStream(5), [messageParsed(5, p)], { metadata: { causationId: m!.id, correlationId: m!.metadata.correlationId } });
      const [parsed] = await t.store.readStream(chatStream(5), { from: r.firstStreamPosition, to: r.nextExpectedVersion });
      await handleInTx(parsed!);
      return parsed!;
    };
    const first = await said('напомни завтра в 9 позвонить маме', false, { due: '2026-03-13T09:00:00+03:00', text: 'позвонить маме' });
    const edit = await said('напомни завтра в 10 позвонить папе', true, { due: '2026-03-13T10:00:00+03:00', text: 'позвонить папе' });
    await handleInTx(edit); // a redelivery: nothing more
    const stream = await t.store.readStream(chatStream(5));
    expect(stream.map((e) => e.type)).toEqual([
      'MessageReceived',
      'MessageParsed',
      'ReminderScheduled',
      'MessageReceived',
      'MessageParsed',
      'ReminderRescheduled',
    ]);
    const rescheduled = stream[5]!;
    expect(rescheduled.data).toEqual({
      chatId: 5,
      reminderId: first.id,
      due: '2026-03-13T10:00:00+03:00',
      reason: 'edit',
      occurrence: 1,
      text: 'позвонить папе',
    });
    expect(rescheduled.metadata.causationId).toBe(edit.id);
  });

  it('a redelivery of an already decided event, after later events, appends nothing and keeps the state', async () => {
    const [p] = await put(4, [messageParsed(4, { due: '2026-03-13T09:00:00+03:00', text: 'зарядка' })]);
    await handleInTx(p!);
    const [done] = await put(4, [{ type: 'CallbackReceived', data: { chatId: 4, updateId: 1, callbackQueryId: 'q', data: `c:${p!.id}` } }]);
    await handleInTx(done!);
    await handleInTx(p!);
    await handleInTx(done!);
    expect((await t.store.readStream(chatStream(4))).map((e) => e.type)).toEqual([
      'MessageParsed',
      'ReminderScheduled',
      'CallbackReceived',
      'ReminderCancelled',
    ]);
  });
});
