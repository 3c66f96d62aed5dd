import pg from 'pg';
import type { ChannelModel, ConfirmChannel } from 'amqplib';
import { SpanKind, trace } from '@opentelemetry/api';
import type { EventStore, Cursor, RawEvent } from './store/event-store';
import { START } from './store/event-store';
import { quoteIdent } from './store/sql';
import { waitForLeadership } from './store/leader-lock';
import { H, declareExchange, names } from './bus/topology';
import { backoff, closed, connectWithRetry, sleep } from './bus/connect';
import type { Logger } from './observability/logger';
import { metrics } from './observability/metrics';
import { countedAs } from './observability/pg-round-trips';
import { extractTraceContext, getTracer, injectTraceHeaders, isTracing, publishSpanAttributes, publishSpanName } from './observability/tracing';

/** First re-read interval while committed events wait behind a running append (doubled up to 8×). */
const HELD_POLL_MS = 5;

export interface RelayOptions {
  store: EventStore;
  /** Connection string for the relay's own session (leader lock and LISTEN). */
  databaseUrl: string;
  amqpUrl: string;
  prefix: string;
  log: Logger;
  /** Checkpoint name; relays with the same name form one leader/standby group. */
  name?: string;
  batchSize?: number;
  pollMs?: number;
  leaderRetryMs?: number;
}

/**
 * Publishes stored events to the `events` exchange in the store's gap-safe order, with publisher
 * confirms, and records its checkpoint only after the broker confirmed. At-least-once: after a
 * crash or a broker restart it republishes from the checkpoint, so consumers see duplicates but
 * never a gap. One relay per name is active, holding a session advisory lock; the others stand by
 * and take over when its session ends.
 */
export class Relay {
  private readonly o: Required<Omit<RelayOptions, 'log'>> & { log: Logger };
  private readonly stopper = new AbortController();
  private wake: (() => void) | null = null;
  /** Set by a NOTIFY that arrived while reading or publishing: read again before idling. */
  private notified = false;
  private running: Promise<void> | null = null;
  private leaderSession: pg.Client | null = null;
  isLeader = false;
  /** Resolves every time the relay becomes the leader (tests wait on it). */
  private leaderWaiters: Array<() => void> = [];

  constructor(opts: RelayOptions) {
    this.o = { name: 'relay', batchSize: 500, pollMs: 500, leaderRetryMs: 1000, ...opts };
  }

  start(): this {
    this.running ??= countedAs(this.o.name, () => this.run());
    return this;
  }

  whenLeader(): Promise<void> {
    return this.isLeader ? Promise.resolve() : new Promise((r) => this.leaderWaiters.push(r));
  }

  async stop(): Promise<void> {
    this.stopper.abort();
    this.wake?.();
    await this.running;
  }

  private get checkpointTable(): string {
    return `${quoteIdent(this.o.store.schema)}.checkpoints`;
  }

  private async run(): Promise<void> {
    const { log, store } = this.o;
    const signal = this.stopper.signal;
    for (let failures = 0; !signal.aborted;) {
      const session = new pg.Client({ connectionString: this.o.databaseUrl, application_name: `napominalka-${this.o.name}` });
      session.on('error', (err) => log.warn({ err: err.message }, 'relay session error'));
      try {
        await session.connect();
        if (!(await waitForLeadership(session, `${store.schema}:${this.o.name}`, { retryMs: this.o.leaderRetryMs, signal }))) break;
        this.leaderSession = session;
        this.isLeader = true;
        metrics.relayLeader.set(1);
        log.info({ relay: this.o.name }, 'relay is the leader');
        for (const w of this.leaderWaiters.splice(0)) w();
        session.on('notification', () => {
          this.notified = true;
          this.wake?.();
        });
        await session.query(`listen ${quoteIdent(store.channel)}`);
        failures = 0;
        await this.lead(session, signal);
      } catch (err) {
        failures++;
        log.error({ err: (err as Error).message }, 'relay failed; retrying');
        await sleep(backoff(failures, 200), signal);
      } finally {
        this.isLeader = false;
        this.leaderSession = null;
        metrics.relayLeader.set(0);
        await session.end().catch(() => undefined);
      }
    }
  }

  /** While leader: (re)connect to the broker and publish from the checkpoint on. */
  private async lead(session: pg.Client, signal: AbortSignal): Promise<void> {
    const { log } = this.o;
    while (!signal.aborted) {
      const conn = await connectWithRetry(this.o.amqpUrl, log, signal);
      if (!conn) return;
      try {
        const ch = await conn.createConfirmChannel();
        ch.on('error', (err: Error) => log.warn({ err: err.message }, 'relay channel error'));
        await declareExchange(ch, this.o.prefix);
        await this.publishLoop(session, conn, ch, signal);
      } catch (err) {
        // A dead Postgres session means the leader lock is gone too: step down.
        await session.query('select 1').catch(() => {
          throw err;
        });
        log.warn({ err: (err as Error).message }, 'relay lost the broker; resuming from checkpoint');
      } finally {
        await conn.close().catch(() => undefined);
      }
    }
  }

  private async publishLoop(session: pg.Client, conn: ChannelModel, ch: ConfirmChannel, signal: AbortSignal): Promise<void> {
    const { store, batchSize } = this.o;
    const lost = closed(conn);
    lost.catch(() => undefined);
    let cursor = await this.loadCheckpoint(session);
    let heldFor = 0;
    while (!signal.aborted) {
      this.notified = false;
      const batch = await store.readAllRaw(cursor, batchSize);
      if (batch.length > 0) {
        await Promise.race([this.publish(ch, batch), lost]);
        const last = batch[batch.length - 1]!;
        cursor = { transactionId: last.transactionId, globalPosition: last.globalPosition };
        await this.saveCheckpoint(session, cursor);
      }
      if (batch.length < batchSize && !this.notified) {
        // Lag from a cheap head read only when idle-ish; the loop is the hot path otherwise.
        const { pending, head } = await store.pendingAfter(cursor);
        metrics.relayLag.set(Math.max(0, head - cursor.globalPosition));
        // Committed events wait behind a running append: re-read soon (growing waits), since an
        // append that rolls back, or one written without the store's NOTIFY, wakes nobody.
        heldFor = pending ? heldFor + 1 : 0;
        await Promise.race([this.idle(pending ? Math.min(this.o.pollMs, HELD_POLL_MS * 2 ** Math.min(heldFor - 1, 3)) : this.o.pollMs), lost]);
      } else heldFor = 0;
    }
  }

  /** Until a NOTIFY from the store, `ms`, or stop(). */
  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      this.wake = done;
      function done() {
        clearTimeout(timer);
        resolve();
      }
    });
  }

  private async publish(ch: ConfirmChannel, batch: RawEvent[]): Promise<void> {
    const exchange = names(this.o.prefix).exchange;
    const tracer = getTracer();
    const spans = [];
    for (const e of batch) {
      const parent = extractTraceContext({ traceparent: e.metadata.traceparent, tracestate: e.metadata.tracestate });
      const span = tracer.startSpan(
        publishSpanName(exchange),
        {
          kind: SpanKind.PRODUCER,
          attributes: isTracing()
            ? publishSpanAttributes({
                exchange,
                routingKey: e.type,
                messageId: e.id,
                correlationId: e.metadata.correlationId,
                eventType: e.type,
                streamId: e.streamId,
                globalPosition: e.globalPosition,
              })
            : {},
        },
        parent,
      );
      spans.push(span);
      const ok = ch.publish(exchange, e.type, Buffer.from(JSON.stringify(e)), {
        persistent: true,
        contentType: 'application/json',
        messageId: e.id,
        type: e.type,
        correlationId: e.metadata.correlationId,
        timestamp: Math.floor(Date.parse(e.recordedAt) / 1000),
        headers: { ...eventHeaders(e), ...injectTraceHeaders(trace.setSpan(parent, span)) },
      });
      if (!ok) await new Promise<void>((r) => ch.once('drain', () => r()));
    }
    try {
      await ch.waitForConfirms();
    } finally {
      for (const s of spans) s.end();
    }
    for (const e of batch) metrics.published.inc({ type: e.type });
  }

  private async loadCheckpoint(session: pg.Client): Promise<Cursor> {
    const res = await session.query<{ transaction_id: string; global_position: string }>(
      `select transaction_id::text, global_position from ${this.checkpointTable} where name = $1`,
      [this.o.name],
    );
    const row = res.rows[0];
    return row ? { transactionId: row.transaction_id, globalPosition: Number(row.global_position) } : START;
  }

  /** Written on the leader's own session: a relay that lost its session cannot move the checkpoint. */
  private async saveCheckpoint(session: pg.Client, c: Cursor): Promise<void> {
    await session.query(
      `insert into ${this.checkpointTable} (name, transaction_id, global_position, updated_at) values ($1, $2::xid8, $3, now())
       on conflict (name) do update set transaction_id = excluded.transaction_id, global_position = excluded.global_position, updated_at = now()`,
      [this.o.name, c.transactionId, c.globalPosition],
    );
  }
}

/** The headers every event message carries (besides W3C trace context). */
export function eventHeaders(e: RawEvent): Record<string, string | number> {
  return {
    [H.streamId]: e.streamId,
    [H.streamPosition]: e.streamPosition,
    [H.globalPosition]: e.globalPosition,
    [H.transactionId]: e.transactionId,
    [H.schemaVersion]: e.schemaVersion,
    [H.correlationId]: e.metadata.correlationId,
    ...(e.metadata.causationId ? { [H.causationId]: e.metadata.causationId } : {}),
  };
}
