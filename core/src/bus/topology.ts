import type { Channel } from 'amqplib';

/**
 * The whole RabbitMQ topology in one place.
 *
 *   <p>events                 topic exchange, routing key = event type (the relay publishes here)
 *   <p><consumer>             quorum queue per consumer, bound to the types it handles;
 *                             x-delivery-limit dead-letters a message that keeps crashing its
 *                             consumer into the parked queue
 *   <p><consumer>.retry.<ms>  one quorum queue per retry delay: a failed message waits there
 *                             (x-message-ttl) and is dead-lettered back to the consumer's queue
 *   <p><consumer>.parked      quorum queue for messages that exhausted their retries or can never
 *                             succeed (unknown event type or version); inspected and requeued
 *                             with `pnpm parked`
 *
 * `<p>` is AMQP_PREFIX, so tests and tenants can share one vhost.
 */
export interface ConsumerTopology {
  name: string;
  /** Routing keys (event types) to bind; '#' for every event. */
  bindings: readonly string[];
  /** Handler attempts before a message is parked (the first try included). */
  maxAttempts: number;
  /** Delay before the second attempt; each later one waits twice as long. */
  retryBaseMs: number;
  /** Broker-side redeliveries (crashes, lost connections) before the message is parked. */
  deliveryLimit: number;
}

export const names = (prefix: string) => ({
  exchange: `${prefix}events`,
  queue: (consumer: string) => `${prefix}${consumer}`,
  retry: (consumer: string, delayMs: number) => `${prefix}${consumer}.retry.${delayMs}`,
  parked: (consumer: string) => `${prefix}${consumer}.parked`,
});

/** Delay before attempt n + 1, for n = 1 .. maxAttempts - 1: base, 2·base, 4·base, … */
export function retryDelays(maxAttempts: number, baseMs: number): number[] {
  return Array.from({ length: Math.max(0, maxAttempts - 1) }, (_, i) => baseMs * 2 ** i);
}

export function retryDelayFor(attempt: number, baseMs: number): number {
  return baseMs * 2 ** (attempt - 1);
}

/** Dead-lettering that survives a crash of the broker mid-transfer (needs reject-publish overflow). */
const SAFE_DEAD_LETTERING = { 'x-dead-letter-strategy': 'at-least-once', 'x-overflow': 'reject-publish' } as const;

export async function declareExchange(ch: Channel, prefix: string): Promise<void> {
  await ch.assertExchange(names(prefix).exchange, 'topic', { durable: true });
}

/** Idempotent: safe to run on every start and after every reconnect. */
export async function declareConsumer(ch: Channel, prefix: string, c: ConsumerTopology): Promise<void> {
  const n = names(prefix);
  await declareExchange(ch, prefix);
  const queue = n.queue(c.name);
  const parked = n.parked(c.name);
  await ch.assertQueue(parked, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await ch.assertQueue(queue, {
    durable: true,
    arguments: {
      'x-queue-type': 'quorum',
      'x-delivery-limit': c.deliveryLimit,
      'x-dead-letter-exchange': '',
      'x-dead-letter-routing-key': parked,
      ...SAFE_DEAD_LETTERING,
    },
  });
  for (const delay of retryDelays(c.maxAttempts, c.retryBaseMs)) {
    await ch.assertQueue(n.retry(c.name, delay), {
      durable: true,
      arguments: {
        'x-queue-type': 'quorum',
        'x-message-ttl': delay,
        'x-dead-letter-exchange': '',
        'x-dead-letter-routing-key': queue,
        ...SAFE_DEAD_LETTERING,
      },
    });
  }
  for (const key of c.bindings) await ch.bindQueue(queue, n.exchange, key);
}

/** Removes a consumer's queues (tests and tooling only). */
export async function deleteConsumer(ch: Channel, prefix: string, c: Pick<ConsumerTopology, 'name' | 'maxAttempts' | 'retryBaseMs'>): Promise<void> {
  const n = names(prefix);
  await ch.deleteQueue(n.queue(c.name));
  await ch.deleteQueue(n.parked(c.name));
  for (const d of retryDelays(c.maxAttempts, c.retryBaseMs)) await ch.deleteQueue(n.retry(c.name, d));
}

/** AMQP header names the backbone sets on every message. */
export const H = {
  streamId: 'x-stream-id',
  streamPosition: 'x-stream-position',
  globalPosition: 'x-global-position',
  transactionId: 'x-transaction-id',
  schemaVersion: 'x-schema-version',
  correlationId: 'x-correlation-id',
  causationId: 'x-causation-id',
  attempt: 'x-attempt',
  lastError: 'x-last-error',
  parkedReason: 'x-parked-reason',
  parkedAt: 'x-parked-at',
  consumer: 'x-consumer',
} as const;
