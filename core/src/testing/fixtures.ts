import type { Handler } from '../bus/consumer';
import { Relay } from '../relay';
import amqp from 'amqplib';
import { TEST_AMQP_URL, type TestContext } from './context';
import { H } from '../bus/topology';
import type { EventEnvelope } from '@napominalka/domain';

/** A valid MessageReceived for tests. */
export const messageReceived = (chatId: number, text: string, updateId = chatId) => ({
  type: 'MessageReceived',
  data: { chatId, updateId, messageId: 1, text, sentAt: '2026-11-23T10:00:00Z' },
});

/** A parse as the inference worker records it (intent create unless said; slots and corrections empty). */
export const messageParsed = (chatId: number, p: { intent?: string; due?: string | null; text?: string | null }) => ({
  type: 'MessageParsed',
  data: {
    chatId,
    intent: p.intent ?? 'create',
    slots: [],
    due: p.due ?? null,
    rrule: null,
    text: p.text ?? null,
    confidence: { intent: 1, slots: 1 },
    modelVersion: 'test',
    parser: 'rules',
    latencyMs: 1,
    corrections: [],
    lang: 'ru',
  },
});

/** A relay over the context's store and prefix, already started. */
export const startRelay = (t: TestContext, pollMs = 100): Relay =>
  new Relay({ store: t.store, databaseUrl: t.env.DATABASE_URL!, amqpUrl: t.env.AMQP_URL!, prefix: t.prefix, log: t.log, pollMs }).start();

/**
 * The observable effect of test consumers: one row per applied event, written in the consumer's
 * transaction, so a count tells "exactly once" and the order tells "in stream order".
 */
export const effects = {
  async create(t: TestContext): Promise<void> {
    await t.pool.query(
      `create table if not exists "${t.schema}".effects (consumer text, event_id uuid, stream_id text, stream_position int, applied_at timestamptz default clock_timestamp())`,
    );
  },
  record(t: TestContext, consumer: string): Handler {
    return async (e, { tx }) => {
      await tx.query(`insert into "${t.schema}".effects (consumer, event_id, stream_id, stream_position) values ($1, $2, $3, $4)`, [
        consumer,
        e.id,
        e.streamId,
        e.streamPosition,
      ]);
    };
  },
  async list(t: TestContext, consumer: string): Promise<Array<{ event_id: string; stream_id: string; stream_position: number }>> {
    return (await t.pool.query(`select event_id, stream_id, stream_position from "${t.schema}".effects where consumer = $1 order by applied_at`, [consumer]))
      .rows;
  },
  async count(t: TestContext, consumer: string): Promise<number> {
    return Number((await t.pool.query(`select count(*) from "${t.schema}".effects where consumer = $1`, [consumer])).rows[0].count);
  },
};

/** Publishes an event straight to a queue, as a redelivered or out-of-order delivery would arrive. */
export async function deliver(queue: string, e: EventEnvelope, headers: Record<string, unknown> = {}): Promise<void> {
  const conn = await amqp.connect(TEST_AMQP_URL);
  const ch = await conn.createConfirmChannel();
  ch.sendToQueue(queue, Buffer.from(JSON.stringify(e)), { persistent: true, messageId: e.id, type: e.type, headers: { [H.streamId]: e.streamId, ...headers } });
  await ch.waitForConfirms();
  await conn.close();
}
