import { beforeAll, describe, expect, it } from 'vitest';
import amqp from 'amqplib';
import { eventually, trackQueues, TEST_AMQP_URL, type TestContext } from '../testing/context';
import { Consumer, type Handler } from './consumer';
import { H, names, retryDelays } from './topology';
import { z } from 'zod';
import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { initTracing, withSpan } from '../observability/tracing';
import { catalog, type EventEnvelope, eventType } from '@napominalka/domain';
import { EventStore } from '../store/event-store';
import { deliver, messageReceived, effects } from '../testing/fixtures';
import { useBackbone } from '../testing/use-backbone';

const backbone = useBackbone();
let t: TestContext;
beforeAll(() => {
  t = backbone.t;
});

const recordEffect = (consumer: string): Handler => effects.record(t, consumer);
const effectsOf = (consumer: string) => effects.list(t, consumer);

function consumer(
  name: string,
  handle: Handler,
  extra: { types?: readonly string[]; maxAttempts?: number; retryBaseMs?: number; batchSize?: number; prefetch?: number; lingerMs?: number } = {},
): Consumer {
  const c = new Consumer({
    name,
    types: ['#'],
    handle,
    store: t.store,
    amqpUrl: TEST_AMQP_URL,
    prefix: t.prefix,
    log: t.log,
    retryBaseMs: 100,
    maxAttempts: 3,
    ...extra,
  });
  const n = names(t.prefix);
  trackQueues(t.prefix, n.queue(name), n.parked(name), ...retryDelays(c.topology.maxAttempts, c.topology.retryBaseMs).map((d) => n.retry(name, d)));
  return c;
}

describe('consumer', () => {
  it('applies each event once, in stream order, with its checkpoint in the same transaction', async () => {
    const c = consumer('apply', recordEffect('apply'));
    await c.start();
    try {
      for (let i = 0; i < 20; i++) await t.store.append(`chat-${i % 4}`, [messageReceived(i % 4, `m${i}`), messageReceived(i % 4, `n${i}`)]);
      await eventually(async () => (await effectsOf('apply')).length === 40);
      const rows = await effectsOf('apply');
      for (const s of ['chat-0', 'chat-1', 'chat-2', 'chat-3']) {
        expect(rows.filter((r) => r.stream_id === s).map((r) => r.stream_position)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
      }
      const cps = await t.pool.query(`select stream_id, stream_position from "${t.schema}".consumer_streams where consumer = 'apply' order by stream_id`);
      expect(cps.rows.map((r) => r.stream_position)).toEqual([10, 10, 10, 10]);

      // A redelivered event (the broker's at-least-once) changes nothing.
      const [first] = await t.store.readStream('chat-0', { to: 1 });
      await deliver(names(t.prefix).queue('apply'), first!);
      await eventually(() => c.stats.duplicates >= 1);
      expect(await effectsOf('apply')).toHaveLength(40);
    } finally {
      await c.stop();
    }
  });

  it('flushes by size or by time: with a linger, events that trickle in are applied as one batch', async () => {
    const c = consumer('linger', recordEffect('linger'), { batchSize: 50, lingerMs: 1500 });
    await c.start();
    try {
      for (let i = 0; i < 10; i++) {
        await t.store.append('chat-linger', [messageReceived(9, `m${i}`)]);
        await new Promise((r) => setTimeout(r, 30));
      }
      await eventually(async () => (await effectsOf('linger')).length === 10, 10_000);
      expect(c.stats.batches).toBe(1);
      // A full batch does not wait for the linger.
      const started = Date.now();
      await t.store.append(
        'chat-linger',
        Array.from({ length: 50 }, (_, i) => messageReceived(9, `f${i}`)),
      );
      await eventually(async () => (await effectsOf('linger')).length === 60, 10_000);
      expect(Date.now() - started).toBeLessThan(1500);
    } finally {
      await c.stop();
    }
  });

  it('lets a handler append follow-up events atomically with its checkpoint, caused by the event', async () => {
    const seen: EventEnvelope[] = [];
    const downstream = consumer('downstream', async (e) => void seen.push(e), { types: ['ReminderCompleted'] });
    const upstream = consumer(
      'upstream',
      async (e, ctx) => {
        await ctx.append(`reminders-${e.streamId}`, [{ type: 'ReminderCompleted', data: { chatId: 1, reminderId: e.id } }], {
          idempotencyKey: `upstream:${e.id}`,
          metadata: { correlationId: e.metadata.correlationId, causationId: e.id },
        });
      },
      { types: ['MessageReceived'] },
    );
    await downstream.start();
    await upstream.start();
    try {
      const r = await t.store.append('chat-chain', [messageReceived(1, 'hi')], { metadata: { correlationId: 'chain-1' } });
      await eventually(() => seen.length === 1, 10_000);
      const [source] = await t.store.readStream('chat-chain');
      expect(seen[0]!.metadata).toMatchObject({ correlationId: 'chain-1', causationId: source!.id });
      expect(r.globalPositions[0]).toBeLessThan(seen[0]!.globalPosition);
    } finally {
      await upstream.stop();
      await downstream.stop();
    }
  });

  it('gives a batch handler each batch in stream order, once', async () => {
    const batches: number[][] = [];
    const c = new Consumer({
      name: 'batched',
      types: ['#'],
      store: t.store,
      amqpUrl: TEST_AMQP_URL,
      prefix: t.prefix,
      log: t.log,
      handleBatch: async (events, ctx) => {
        batches.push(events.map((e) => e.streamPosition));
        for (const e of events) await recordEffect('batched')(e, ctx);
      },
    });
    trackQueues(
      t.prefix,
      names(t.prefix).queue('batched'),
      names(t.prefix).parked('batched'),
      ...retryDelays(5, 1000).map((d) => names(t.prefix).retry('batched', d)),
    );
    await c.start();
    try {
      await t.store.append(
        'chat-batched',
        Array.from({ length: 30 }, (_, i) => messageReceived(1, `${i}`)),
      );
      await eventually(async () => (await effectsOf('batched')).length === 30);
      expect(batches.flat()).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      expect(batches.length).toBeLessThan(30);
    } finally {
      await c.stop();
    }
  });

  it('catches up from the store when a delivery is ahead of what it has applied', async () => {
    // Events 1..3 exist in the store, but only event 3 reaches the consumer's queue.
    await t.store.append('chat-gap', [messageReceived(9, 'one'), messageReceived(9, 'two'), messageReceived(9, 'three')]);
    const c = consumer('gap', recordEffect('gap'));
    await c.start();
    try {
      const third = (await t.store.readStream('chat-gap'))[2]!;
      await deliver(names(t.prefix).queue('gap'), third);
      await eventually(async () => (await effectsOf('gap')).length === 3);
      expect((await effectsOf('gap')).map((r) => r.stream_position)).toEqual([1, 2, 3]);
    } finally {
      await c.stop();
    }
  });

  it('only receives the types it subscribed to, and catches up only those', async () => {
    const seen: string[] = [];
    const c = consumer('typed', async (e) => void seen.push(`${e.type}#${e.streamPosition}`), { types: ['ReminderCompleted'] });
    await c.start();
    try {
      await t.store.append('chat-typed', [
        messageReceived(1, 'x'),
        { type: 'ReminderCompleted', data: { chatId: 1, reminderId: 'r1' } },
        messageReceived(1, 'y'),
      ]);
      await t.store.append('chat-typed', [{ type: 'ReminderCompleted', data: { chatId: 1, reminderId: 'r2' } }]);
      await eventually(() => seen.length === 2);
      await new Promise((r) => setTimeout(r, 300));
      expect(seen).toEqual(['ReminderCompleted#2', 'ReminderCompleted#4']);
    } finally {
      await c.stop();
    }
  });

  it('retries a failing event with growing delays, parks it after its attempts, and keeps the other streams flowing', async () => {
    const attempts: number[] = [];
    const handler: Handler = async (e, ctx) => {
      if ((e.data as { text: string }).text === 'poison') {
        attempts.push(Date.now());
        throw new Error('handler cannot cope');
      }
      await recordEffect('retry')(e, ctx);
    };
    const c = consumer('retry', handler, { maxAttempts: 3, retryBaseMs: 200 });
    await c.start();
    try {
      await t.store.append('chat-bad', [messageReceived(1, 'poison')]);
      // Its first delivery alone: in a batch with others it would be tried once more alone (to find
      // the bad event), a second call of the handler within one attempt.
      await eventually(() => attempts.length >= 1, 10_000, 'the failing event was not delivered');
      for (let i = 0; i < 10; i++) await t.store.append(`chat-good-${i % 3}`, [messageReceived(2, `fine ${i}`)]);
      await eventually(async () => (await effectsOf('retry')).length === 10, 10_000, 'healthy streams stalled behind a failing one');
      await eventually(() => c.stats.parked === 1, 10_000, 'failing event was not parked');
      expect(attempts).toHaveLength(3);
      // Waits of about 200 ms then 400 ms between attempts.
      expect(attempts[1]! - attempts[0]!).toBeGreaterThanOrEqual(180);
      expect(attempts[2]! - attempts[1]!).toBeGreaterThanOrEqual(380);
      const parked = await getAll(names(t.prefix).parked('retry'));
      expect(parked).toHaveLength(1);
      expect(parked[0]!.properties.headers).toMatchObject({
        [H.parkedReason]: 'retries-exhausted',
        [H.lastError]: 'handler cannot cope',
        [H.attempt]: 3,
        [H.consumer]: 'retry',
      });
    } finally {
      await c.stop();
    }
  });

  it('parks an event of a version it does not know at once, without retries, and never drops it', async () => {
    const c = consumer('unknown', recordEffect('unknown'));
    await c.start();
    try {
      // A newer writer (already deployed) knows MessageReceived v2; this consumer knows only v1.
      const v1 = catalog.MessageReceived.schema;
      const newer = new EventStore(
        t.pool,
        {
          ...catalog,
          MessageReceived: eventType(v1.extend({ lang: z.string() }), { old: { 1: v1 }, upcasters: { 1: (d) => ({ ...(d as object), lang: 'ru' }) } }),
        },
        t.schema,
      );
      await newer.append('chat-future', [{ type: 'MessageReceived', data: { ...messageReceived(3, 'from the future').data, lang: 'en' } }]);
      // And one whose stored data does not match its declared version.
      const bad = await t.store.append('chat-corrupt', [messageReceived(4, 'fine when written')]);
      const [stored] = await t.store.readAllRaw({ transactionId: '0', globalPosition: bad.globalPositions[0]! - 1 }, 1);
      await deliver(names(t.prefix).queue('unknown'), {
        ...stored!,
        id: '01930000-0000-7000-8000-000000000001',
        streamId: 'chat-corrupt-2',
        data: { chatId: 'not a number' },
      });
      await eventually(() => c.stats.parked >= 2, 10_000);
      const parked = await getAll(names(t.prefix).parked('unknown'));
      expect(parked.map((m) => m.properties.headers?.[H.parkedReason])).toEqual(['poison', 'poison']);
      const errors = parked.map((m) => String(m.properties.headers?.[H.lastError])).sort();
      expect(errors[0]).toMatch(/invalid MessageReceived v1/);
      expect(errors[1]).toMatch(/unknown version 2 of event type "MessageReceived"/);
      expect(c.stats.retried).toBe(0);
    } finally {
      await c.stop();
    }
  });

  it('declares a deleted parked queue again instead of losing the message', async () => {
    const c = consumer('lostpark', recordEffect('lostpark'));
    await c.start();
    try {
      const conn = await amqp.connect(TEST_AMQP_URL);
      const ch = await conn.createConfirmChannel();
      await ch.deleteQueue(names(t.prefix).parked('lostpark'));
      ch.sendToQueue(names(t.prefix).queue('lostpark'), Buffer.from('not an event'), { persistent: true, messageId: 'm1' });
      await ch.waitForConfirms();
      await conn.close();
      await eventually(() => c.stats.parked === 1, 10_000);
      expect(await getAll(names(t.prefix).parked('lostpark'))).toHaveLength(1);
    } finally {
      await c.stop();
    }
  });

  it('parks a message that is not an event at all', async () => {
    const c = consumer('garbage', recordEffect('garbage'));
    await c.start();
    try {
      const conn = await amqp.connect(TEST_AMQP_URL);
      const ch = await conn.createConfirmChannel();
      ch.sendToQueue(names(t.prefix).queue('garbage'), Buffer.from([0xff, 0x00, 0xfe]), { persistent: true, messageId: 'bin' });
      ch.sendToQueue(names(t.prefix).queue('garbage'), Buffer.from('{"hello":"world"}'), { persistent: true, messageId: 'json' });
      await ch.waitForConfirms();
      await conn.close();
      await eventually(() => c.stats.parked === 2, 10_000);
      const parked = await getAll(names(t.prefix).parked('garbage'));
      expect(parked.map((m) => String(m.properties.headers?.[H.lastError]))).toEqual([
        expect.stringMatching(/not JSON/),
        expect.stringMatching(/not an event envelope/),
      ]);
    } finally {
      await c.stop();
    }
  });

  it('carries the trace and the correlation id from the append through the relay to the handler', async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = initTracing({ serviceName: 'test', enabled: true, exporter });
    const seen: Array<{ traceId?: string; correlationId: string; causationId: string | null }> = [];
    const c = consumer('traced', async (e) => {
      seen.push({ traceId: trace.getActiveSpan()?.spanContext().traceId, correlationId: e.metadata.correlationId, causationId: e.metadata.causationId });
    });
    await c.start();
    try {
      let traceId = '';
      await withSpan('telegram update', {}, async (span) => {
        traceId = span.spanContext().traceId;
        await t.store.append('chat-traced', [messageReceived(5, 'traced')], { metadata: { correlationId: 'update-42', causationId: 'cause-1' } });
      });
      await eventually(() => seen.length === 1);
      expect(seen[0]).toEqual({ traceId, correlationId: 'update-42', causationId: 'cause-1' });
      await tracing.forceFlush();
      const names = exporter
        .getFinishedSpans()
        .filter((s) => s.spanContext().traceId === traceId)
        .map((s) => s.name);
      expect(names).toEqual(expect.arrayContaining(['telegram update', `publish ${t.prefix}events`, `process ${t.prefix}traced`]));
    } finally {
      await c.stop();
      await tracing.shutdown();
    }
  });

  it('finishes in-flight work on stop and leaves the rest in the queue', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let started = 0;
    const c = consumer(
      'graceful',
      async (e, ctx) => {
        started++;
        await gate;
        await recordEffect('graceful')(e, ctx);
      },
      { batchSize: 1, prefetch: 1 },
    );
    await c.start();
    await t.store.append('chat-stop', [messageReceived(1, 'a'), messageReceived(1, 'b'), messageReceived(1, 'c')]);
    await eventually(() => started === 1);
    const stopping = c.stop();
    await new Promise((r) => setTimeout(r, 100));
    release();
    await stopping;
    const applied = (await effectsOf('graceful')).length;
    expect(applied).toBeGreaterThanOrEqual(1);
    // A new instance picks up exactly where the first one stopped.
    const again = consumer('graceful', recordEffect('graceful'));
    await again.start();
    await eventually(async () => (await effectsOf('graceful')).length === 3);
    await again.stop();
    expect((await effectsOf('graceful')).map((r) => r.stream_position)).toEqual([1, 2, 3]);
  });
});

async function getAll(queue: string) {
  const conn = await amqp.connect(TEST_AMQP_URL);
  const ch = await conn.createChannel();
  const out = [];
  for (;;) {
    const m = await ch.get(queue, { noAck: false });
    if (!m) break;
    out.push(m);
  }
  await conn.close();
  return out;
}
