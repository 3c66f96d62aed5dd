import type pg from 'pg';
import { randomUUID } from 'node:crypto';
import type { Channel, ChannelModel, ConfirmChannel, ConsumeMessage } from 'amqplib';
import { SpanKind, SpanStatusCode, context as otelContext, trace, type Span } from '@opentelemetry/api';
import { envelopeSchema, type EventEnvelope, InvalidEventDataError, type NewEvent, UnknownEventError } from '@napominalka/domain';
import type { AppendOptions, AppendResult, EventStore, ExpectedVersion, TryAppendResult } from '../store/event-store';
import { connectWithRetry, sleep } from './connect';
import { H, declareConsumer, names, retryDelayFor, type ConsumerTopology } from './topology';
import type { Logger } from '../observability/logger';
import type { Config } from '../config';
import { metrics } from '../observability/metrics';
import { countedAs } from '../observability/pg-round-trips';
import { handlerContext } from './handler-context';
import { lockCheckpointsReadingGaps } from '../store/checkpoints/lock-checkpoints-reading-gaps';
import { saveCheckpoints } from '../store/checkpoints/save-checkpoints';
import { consumeSpanAttributes, consumeSpanName, extractTraceContext, getTracer, isTracing } from '../observability/tracing';

export interface HandlerContext {
  /** The open transaction in which the consumer's checkpoint is written: put the effect here. */
  tx: pg.PoolClient;
  store: EventStore;
  log: Logger;
  /** Appends events in the same transaction; the relay is woken after the commit. */
  append(streamId: string, events: NewEvent[], opts?: Omit<AppendOptions, 'client'>): Promise<AppendResult>;
  /** `append` that answers a wrong expected version instead of throwing (the transaction stays usable). */
  tryAppend(streamId: string, events: NewEvent[], opts: Omit<AppendOptions, 'client'> & { expectedVersion: ExpectedVersion }): Promise<TryAppendResult>;
}

export type Handler = (event: EventEnvelope, ctx: HandlerContext) => Promise<void>;
/** Gets a whole batch, in order (per stream: stream order), to write it with few statements. */
export type BatchHandler = (events: EventEnvelope[], ctx: HandlerContext) => Promise<void>;

export type ConsumerOptions = ConsumerBaseOptions & ({ handle: Handler; handleBatch?: never } | { handleBatch: BatchHandler; handle?: never });

interface ConsumerBaseOptions {
  name: string;
  /** Event types to receive; '#' for all. */
  types: readonly string[];
  store: EventStore;
  amqpUrl: string;
  prefix: string;
  log: Logger;
  prefetch?: number;
  /** Events applied in one transaction at most. */
  batchSize?: number;
  maxAttempts?: number;
  retryBaseMs?: number;
  deliveryLimit?: number;
  /**
   * Wait up to this long for a batch to fill before applying a partial one (0: apply what has
   * arrived at once). For sinks that want few large writes (ClickHouse) more than low latency.
   */
  lingerMs?: number;
}

/** The consumer settings every service takes from its configuration (README, Configuration). */
export const consumerSettings = (config: Config) => ({
  amqpUrl: config.AMQP_URL,
  prefix: config.AMQP_PREFIX,
  prefetch: config.CONSUMER_PREFETCH,
  batchSize: config.CONSUMER_BATCH_SIZE,
  maxAttempts: config.CONSUMER_MAX_ATTEMPTS,
  retryBaseMs: config.CONSUMER_RETRY_BASE_MS,
});

/** An error retrying cannot fix: the message is parked at once. */
export class PoisonMessageError extends Error {
  override name = 'PoisonMessageError';
}

const isPoison = (err: unknown): boolean => err instanceof PoisonMessageError || err instanceof UnknownEventError || err instanceof InvalidEventDataError;

interface Delivery {
  /** The channel it came on: acks go there, and a dead session's deliveries are redelivered. */
  session: Session;
  msg: ConsumeMessage;
  event: EventEnvelope;
  span: Span;
}

interface Session {
  conn: ChannelModel;
  ch: Channel;
  pub: ConfirmChannel;
  alive: boolean;
  /** Tickets of republished copies the broker could not route. */
  returned: Set<string>;
}

/**
 * Runs a handler over a consumer's queue with effectively-once effects:
 *
 * - each batch of deliveries is applied in one Postgres transaction together with the
 *   consumer's per-stream checkpoint, and acknowledged only after the commit, so a redelivered
 *   event finds its stream position already applied and changes nothing;
 * - within a stream events are applied in stream order: a delivery ahead of the checkpoint first
 *   applies the missing events read from the store (the broker notifies, the store is the truth);
 * - a failing event is retried through the delay queues with growing waits, then parked; an event
 *   of unknown type or version is parked at once; the batch's other events are unaffected;
 * - on a lost connection it reconnects with backoff; `stop()` stops consuming, finishes what is
 *   in flight and closes.
 */
export class Consumer {
  readonly topology: ConsumerTopology;
  private readonly o: Required<ConsumerBaseOptions>;
  private readonly handleBatch: BatchHandler;
  private readonly stopper = new AbortController();
  private running: Promise<void> | null = null;
  private readyWaiters: Array<() => void> = [];
  private buffer: Delivery[] = [];
  private flushing: Promise<void> | null = null;
  /** Wakes a lingering flush when the batch is full (or the consumer stops). */
  private lingerWake: (() => void) | null = null;
  private lastGlobal = 0;
  private lagTimer: NodeJS.Timeout | null = null;
  /** Spans of the deliveries being applied, so a per-event handler runs inside its own. */
  private readonly spans = new Map<string, Span>();
  readonly stats = { handled: 0, duplicates: 0, retried: 0, parked: 0, batches: 0 };

  constructor(opts: ConsumerOptions) {
    this.o = { prefetch: 500, batchSize: 200, maxAttempts: 5, retryBaseMs: 1000, deliveryLimit: 10, lingerMs: 0, ...opts };
    const one = opts.handle;
    this.handleBatch =
      opts.handleBatch ??
      (async (events, ctx) => {
        for (const e of events) {
          const span = this.spans.get(e.id);
          const run = () => one!(e, eventContext(ctx, e));
          await (span ? otelContext.with(trace.setSpan(otelContext.active(), span), run) : run());
        }
      });
    this.topology = {
      name: opts.name,
      bindings: opts.types,
      maxAttempts: this.o.maxAttempts,
      retryBaseMs: this.o.retryBaseMs,
      deliveryLimit: this.o.deliveryLimit,
    };
  }

  /** Starts consuming; resolves once the queue is declared and the first subscription is live. */
  start(): Promise<void> {
    const ready = new Promise<void>((r) => this.readyWaiters.push(r));
    this.running ??= this.run();
    this.lagTimer ??= setInterval(() => void this.reportLag(), 2000).unref();
    return ready;
  }

  async stop(): Promise<void> {
    this.stopper.abort();
    this.lingerWake?.();
    if (this.lagTimer) clearInterval(this.lagTimer);
    await this.running;
  }

  private async run(): Promise<void> {
    const { log } = this.o;
    const signal = this.stopper.signal;
    while (!signal.aborted) {
      const conn = await connectWithRetry(this.o.amqpUrl, log, signal);
      if (!conn) break;
      const lost = new Promise<void>((r) => conn.once('close', () => r()));
      let session: Session | null = null;
      try {
        const ch = await conn.createChannel();
        const pub = await conn.createConfirmChannel();
        ch.on('error', (err: Error) => log.warn({ err: err.message }, 'consumer channel error'));
        pub.on('error', (err: Error) => log.warn({ err: err.message }, 'consumer publish channel error'));
        const returned = new Set<string>();
        pub.on('return', (m: ConsumeMessage) => returned.add(String(m.properties.headers?.[REPUBLISH_TICKET])));
        await declareConsumer(ch, this.o.prefix, this.topology);
        await ch.prefetch(this.o.prefetch);
        session = { conn, ch, pub, alive: true, returned };
        const s = session;
        const { consumerTag } = await ch.consume(names(this.o.prefix).queue(this.o.name), (msg) => msg && this.receive(s, msg), { noAck: false });
        log.info({ consumer: this.o.name }, 'consuming');
        for (const w of this.readyWaiters.splice(0)) w();
        const stopped = new Promise<void>((r) => signal.addEventListener('abort', () => r(), { once: true }));
        await Promise.race([lost, stopped]);
        if (signal.aborted) {
          await ch.cancel(consumerTag).catch(() => undefined);
          await this.flushing;
        }
      } catch (err) {
        log.warn({ err: (err as Error).message }, 'consumer session failed');
      } finally {
        if (session) session.alive = false;
        // Unacknowledged deliveries of a dead channel come back from the broker: forget them.
        this.buffer = [];
        await conn.close().catch(() => undefined);
      }
      if (!signal.aborted) await sleep(200, signal);
    }
  }

  private receive(s: Session, msg: ConsumeMessage): void {
    if (!s.alive) return;
    let event: EventEnvelope;
    try {
      event = this.parse(msg);
    } catch (err) {
      void this.park(s, msg, err as Error).catch((e: Error) => this.o.log.error({ err: e.message }, 'park failed'));
      return;
    }
    const parent = extractTraceContext(msg.properties.headers);
    const queue = names(this.o.prefix).queue(this.o.name);
    const span = getTracer().startSpan(
      consumeSpanName(queue),
      {
        kind: SpanKind.CONSUMER,
        attributes: !isTracing()
          ? {}
          : consumeSpanAttributes({
              exchange: msg.fields.exchange,
              queue,
              routingKey: msg.fields.routingKey,
              deliveryTag: msg.fields.deliveryTag,
              messageId: event.id,
              correlationId: event.metadata.correlationId,
              eventType: event.type,
              streamId: event.streamId,
              globalPosition: event.globalPosition,
            }),
      },
      parent,
    );
    this.buffer.push({ session: s, msg, event, span });
    if (this.buffer.length >= this.o.batchSize) this.lingerWake?.();
    this.schedule();
  }

  /** Body → envelope → data upcast to the current schema; anything undecodable is poison. */
  private parse(msg: ConsumeMessage): EventEnvelope {
    let body: unknown;
    try {
      body = JSON.parse(msg.content.toString('utf8'));
    } catch {
      throw new PoisonMessageError('message body is not JSON');
    }
    const env = envelopeSchema.safeParse(body);
    if (!env.success) throw new PoisonMessageError(`not an event envelope: ${env.error.issues[0]?.message ?? ''}`);
    return this.o.store.decodeRaw(env.data as EventEnvelope);
  }

  /** One flush loop at a time keeps batches, and so each stream's events, in delivery order. */
  private schedule(): void {
    if (this.flushing || this.buffer.length === 0) return;
    this.flushing = countedAs(this.o.name, () => this.flushLoop()).finally(() => {
      this.flushing = null;
      this.schedule();
    });
  }

  private async flushLoop(): Promise<void> {
    // Let deliveries that arrived together join one batch.
    await new Promise((r) => setImmediate(r));
    const until = performance.now() + this.o.lingerMs;
    while (this.buffer.length < this.o.batchSize && !this.stopper.signal.aborted && performance.now() < until) {
      await new Promise<void>((r) => {
        const t = setTimeout(r, until - performance.now());
        this.lingerWake = () => {
          clearTimeout(t);
          r();
        };
      });
      this.lingerWake = null;
    }
    while (this.buffer.length > 0) {
      const batch = this.buffer.splice(0, this.o.batchSize).filter((d) => d.session.alive);
      if (batch.length > 0) await this.process(batch);
    }
  }

  private async process(batch: Delivery[]): Promise<void> {
    const started = performance.now();
    try {
      await this.applyInTransaction(batch);
      this.settled(batch, started);
      return;
    } catch (err) {
      if (batch.length === 1) return this.failed(batch[0]!, err as Error);
    }
    // One bad event must not hold back the others: apply one by one to find it.
    for (const d of batch) {
      const t = performance.now();
      try {
        await this.applyInTransaction([d]);
        this.settled([d], t);
      } catch (err) {
        await this.failed(d, err as Error);
      }
    }
  }

  private settled(batch: Delivery[], started: number): void {
    const seconds = (performance.now() - started) / 1000;
    this.stats.batches++;
    for (const d of batch) {
      ack(d.session, d.msg);
      d.span.end();
      metrics.handlerDuration.observe({ consumer: this.o.name, type: d.event.type }, seconds);
      this.lastGlobal = Math.max(this.lastGlobal, d.event.globalPosition);
    }
  }

  private async applyInTransaction(batch: Delivery[]): Promise<void> {
    const { store, name, log } = this.o;
    const tx = await store.pool.connect();
    const outcomes: Array<{ d: Delivery; outcome: 'handled' | 'duplicate' }> = [];
    let appended = false;
    const ctx = handlerContext(store, tx, log, () => (appended = true));
    try {
      await tx.query('begin');
      const { applied, stored } = await lockCheckpointsReadingGaps(
        tx,
        store,
        name,
        batch.map((d) => d.event),
        this.o.types.includes('#') ? null : this.o.types,
      );
      const read = new Map(applied);
      const globals = new Map<string, number>();
      const work: EventEnvelope[] = [];
      for (const d of batch) {
        const e = d.event;
        const at = applied.get(e.streamId)!;
        if (e.streamPosition <= at) {
          outcomes.push({ d, outcome: 'duplicate' });
          continue;
        }
        // Stored events of our types this delivery skipped (lost, or still in a retry queue): applied first, in order.
        const missed = (stored.get(e.streamId) ?? []).filter((x) => x.streamPosition > at && x.streamPosition < e.streamPosition);
        if (missed.length > 0) {
          log.info({ stream: e.streamId, from: at + 1, to: e.streamPosition - 1, count: missed.length }, 'catching up from the store');
          work.push(...missed);
        }
        work.push(e);
        this.spans.set(e.id, d.span);
        applied.set(e.streamId, e.streamPosition);
        globals.set(e.streamId, e.globalPosition);
        outcomes.push({ d, outcome: 'handled' });
      }
      if (work.length > 0) await this.handleBatch(work, ctx);
      const moves = [...globals].map(([streamId, globalPosition]) => ({
        streamId,
        globalPosition,
        position: applied.get(streamId)!,
        read: read.get(streamId)!,
      }));
      if (!(await saveCheckpoints(tx, store.schema, name, moves))) throw new Error(`consumer ${name}: a checkpoint moved during the batch; retrying`);
      await tx.query('commit');
      if (appended) store.notifyAppended();
    } catch (err) {
      await tx.query('rollback').catch(() => undefined);
      throw err;
    } finally {
      tx.release();
      for (const d of batch) this.spans.delete(d.event.id);
    }
    for (const { d, outcome } of outcomes) {
      if (outcome === 'handled') this.stats.handled++;
      else this.stats.duplicates++;
      metrics.consumed.inc({ consumer: name, type: d.event.type, outcome });
    }
  }

  private async failed(d: Delivery, err: Error): Promise<void> {
    const s = d.session;
    d.span.recordException(err);
    d.span.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
    d.span.end();
    try {
      if (isPoison(err)) return await this.park(s, d.msg, err);
      const attempt = Number(d.msg.properties.headers?.[H.attempt] ?? 1);
      if (attempt >= this.o.maxAttempts) return await this.park(s, d.msg, err);
      const delay = retryDelayFor(attempt, this.o.retryBaseMs);
      this.o.log.warn({ err: err.message, eventId: d.event.id, attempt, retryInMs: delay }, 'handler failed; retrying later');
      await this.republish(s, d.msg, names(this.o.prefix).retry(this.o.name, delay), {
        [H.attempt]: attempt + 1,
        [H.lastError]: truncate(err.message),
      });
      this.stats.retried++;
      metrics.retries.inc({ consumer: this.o.name });
      metrics.consumed.inc({ consumer: this.o.name, type: d.event.type, outcome: 'retried' });
    } catch (e) {
      // Could not hand it on: leave it unacknowledged, the broker redelivers it after reconnect.
      this.o.log.error({ err: (e as Error).message }, 'could not move a failed message');
    }
  }

  private async park(s: Session, msg: ConsumeMessage, err: Error): Promise<void> {
    const reason = isPoison(err) ? 'poison' : 'retries-exhausted';
    this.o.log.error({ err: err.message, messageId: msg.properties.messageId, reason }, 'parking message');
    await this.republish(s, msg, names(this.o.prefix).parked(this.o.name), {
      [H.parkedReason]: reason,
      [H.lastError]: truncate(err.message),
      [H.parkedAt]: new Date().toISOString(),
      [H.consumer]: this.o.name,
    });
    this.stats.parked++;
    metrics.parked.inc({ consumer: this.o.name, reason });
  }

  /** Copies a delivery to another queue, waits for the broker's confirm, then acks the original. */
  /**
   * Copies a delivery to another queue, waits for the broker's confirm, then acks the original.
   * `mandatory`: a missing target queue returns the copy (before the confirm) instead of the
   * broker dropping it silently; the topology is then declared again and the copy resent once,
   * and if that fails too the original stays unacknowledged.
   */
  private async republish(s: Session, msg: ConsumeMessage, queue: string, headers: Record<string, unknown>): Promise<void> {
    const p = msg.properties;
    for (let attempt = 0; ; attempt++) {
      const ticket = randomUUID();
      s.pub.sendToQueue(queue, msg.content, {
        mandatory: true,
        persistent: true,
        contentType: p.contentType,
        messageId: p.messageId,
        type: p.type,
        correlationId: p.correlationId,
        timestamp: p.timestamp,
        headers: { ...withoutDeathHeaders(p.headers), ...headers, [REPUBLISH_TICKET]: ticket },
      });
      await s.pub.waitForConfirms();
      if (!s.returned.delete(ticket)) break;
      if (attempt > 0) throw new Error(`queue ${queue} does not exist: message kept`);
      this.o.log.warn({ queue }, 'queue missing; declaring the topology again');
      await declareConsumer(s.pub, this.o.prefix, this.topology);
    }
    ack(s, msg);
  }

  /**
   * Lag counts the events this consumer is sent: measured from the newest event of its types, not
   * of the store, a consumer of some types (the notifier's ReminderDue) is not "behind" on the
   * events it never receives, which would raise ConsumerLagHigh while it idles.
   */
  private async reportLag(): Promise<void> {
    try {
      const everything = this.o.types.some((t) => t.includes('#') || t.includes('*'));
      const head = everything ? await this.o.store.headPosition() : await this.o.store.headPositionOf(this.o.types);
      metrics.consumerLag.set({ consumer: this.o.name }, Math.max(0, head - this.lastGlobal));
    } catch {
      // Metrics must never take the consumer down.
    }
  }
}

function ack(s: Session, msg: ConsumeMessage): void {
  if (!s.alive) return;
  try {
    s.ch.ack(msg);
  } catch {
    // Channel gone: the broker redelivers and the checkpoint turns it into a no-op.
  }
}

const REPUBLISH_TICKET = 'x-republish-ticket';

/** The handler's context for one event; its logger (with event and correlation ids) made on first use. */
function eventContext(ctx: HandlerContext, e: EventEnvelope): HandlerContext {
  let log: Logger | undefined;
  return {
    ...ctx,
    get log() {
      return (log ??= ctx.log.child({ eventId: e.id, correlationId: e.metadata.correlationId, type: e.type }));
    },
  };
}

const truncate = (s: string, n = 1000): string => (s.length > n ? `${s.slice(0, n)}…` : s);

/** x-death grows with every dead-lettering; the copy starts fresh but keeps our own headers. */
function withoutDeathHeaders(h: Record<string, unknown> | undefined): Record<string, unknown> {
  const { ['x-death']: _d, ['x-first-death-exchange']: _e, ['x-first-death-queue']: _q, ['x-first-death-reason']: _r, ...rest } = h ?? {};
  return rest;
}
