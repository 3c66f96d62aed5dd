import type pg from 'pg';
import { randomBytes } from 'node:crypto';
import { SpanKind, context, propagation, trace } from '@opentelemetry/api';
import { type Catalog, type EventEnvelope, type EventMetadata, type NewEvent, newEventId, upcast } from '@napominalka/domain';
import { notifyChannel, quoteIdent } from './sql';
import { migrate } from './migrations';
import { SNAPSHOT_MIGRATIONS } from './snapshots/migrations';
import { metrics } from '../observability/metrics';

/** Events per query when a whole stream is read. */
const STREAM_PAGE = 10_000;

export type ExpectedVersion = number | 'any' | 'no-stream';

export interface AppendOptions {
  /** The stream's version the writer decided on (0 or 'no-stream' for a new stream). */
  expectedVersion?: ExpectedVersion;
  /** A second append with the same key appends nothing and returns the first one's positions. */
  idempotencyKey?: string;
  /** Append inside the caller's open transaction (its commit publishes the events). */
  client?: pg.PoolClient;
  /** Metadata for every event that does not bring its own. */
  metadata?: Partial<EventMetadata>;
}

/** What `tryAppend` answers: appended (or a duplicate of an earlier append), or the stream was at another version. */
export type TryAppendResult = { ok: true; result: AppendResult } | { ok: false; actualVersion: number };

export interface AppendResult {
  streamId: string;
  firstStreamPosition: number;
  /** The stream's version after the append: pass it as the next expectedVersion. */
  nextExpectedVersion: number;
  globalPositions: number[];
  /** True when the idempotency key had been used: nothing was appended. */
  duplicate: boolean;
}

/** What {@link EventStore.readFilteredRaw} selects: every given condition holds (time bounds: from inclusive, to exclusive). */
export interface EventFilter {
  types?: readonly string[];
  streamId?: string;
  recordedFrom?: Date;
  recordedTo?: Date;
  occurredFrom?: Date;
  occurredTo?: Date;
}

/** Gap-safe position in the log: events are read in (transaction id, global position) order. */
export interface Cursor {
  transactionId: string;
  globalPosition: number;
}
export const START: Cursor = Object.freeze({ transactionId: '0', globalPosition: 0 });

export class WrongExpectedVersionError extends Error {
  override name = 'WrongExpectedVersionError';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number,
  ) {
    super(`stream ${streamId}: expected version ${expected}, actual ${actual}`);
  }
}

/** A row of the events table as the store selects it (see COLUMNS). */
export interface EventRow {
  global_position: string;
  id: string;
  stream_id: string;
  stream_position: number;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: EventMetadata;
  occurred_at: Date;
  recorded_at: Date;
  transaction_id: string;
}

const COLUMNS =
  'global_position, id, stream_id, stream_position, type, schema_version, data, metadata, occurred_at, recorded_at, transaction_id::text as transaction_id';

/** Largest accepted `data` payload (serialised JSON); larger events are a writer's bug. */
export const MAX_EVENT_BYTES = 256 * 1024;

/**
 * The source of truth: one append-only table with a global position and a per-stream position.
 *
 * Writers of one stream are serialised by a transaction-scoped advisory lock, and an append's
 * events carry as transaction id the latest one completed when that lock was taken (or the
 * writer's own if higher), so within a stream transaction id order equals stream order, also for
 * a transaction that wrote other tables before it appended. Readers of the whole
 * log use (transaction id, global position) below the horizon of running appends, which never
 * skips an event whose position was allocated early but committed late.
 */
export class EventStore {
  readonly schema: string;
  private readonly s: string;

  constructor(
    readonly pool: pg.Pool,
    readonly catalog: Catalog,
    schema: string,
  ) {
    this.schema = schema;
    this.s = quoteIdent(schema);
  }

  /** The store's migrations (their versions applied now), and its snapshots' table. */
  async migrate(): Promise<number[]> {
    const applied = await migrate(this.pool, this.schema);
    await migrate(this.pool, this.schema, SNAPSHOT_MIGRATIONS);
    return applied;
  }

  get channel(): string {
    return notifyChannel(this.schema);
  }

  async append(streamId: string, events: NewEvent[], opts: AppendOptions = {}): Promise<AppendResult> {
    const r = await this.appendOrReport(streamId, events, opts, false);
    if (!r.ok) throw new WrongExpectedVersionError(streamId, opts.expectedVersion ?? 'any', r.actualVersion);
    return r.result;
  }

  /**
   * `append` that answers a wrong expected version instead of throwing it: nothing is appended
   * and the caller's transaction stays usable (no savepoint needed to decide again).
   */
  async tryAppend(streamId: string, events: NewEvent[], opts: AppendOptions & { expectedVersion: ExpectedVersion }): Promise<TryAppendResult> {
    return this.appendOrReport(streamId, events, opts, true);
  }

  private async appendOrReport(streamId: string, events: NewEvent[], opts: AppendOptions, report: boolean): Promise<TryAppendResult> {
    if (events.length === 0) throw new Error('append: no events');
    if (!streamId) throw new Error('append: empty stream id');
    const prepared = events.map((e) => this.prepare(e, opts.metadata));
    const r = await this.appendPrepared(streamId, prepared, opts, report);
    if (!r.ok) return r;
    const result = r.result;
    if (!result.duplicate) for (const e of prepared) metrics.appended.inc({ type: e.type });
    // Inside the caller's transaction the events are not visible yet: the caller's commit is
    // followed by notifyAppended() (the consumer runtime does it), else the relay's poll finds them.
    if (!opts.client && !result.duplicate) this.notifyAppended();
    return r;
  }

  private async appendPrepared(streamId: string, events: PreparedEvent[], opts: AppendOptions, report: boolean): Promise<TryAppendResult> {
    const expected = opts.expectedVersion ?? 'any';
    const params = [
      streamId,
      expected === 'any' ? null : expected === 'no-stream' ? -1 : expected,
      opts.idempotencyKey ?? null,
      events.map((e) => e.id),
      events.map((e) => e.type),
      events.map((e) => e.version),
      events.map((e) => e.data),
      events.map((e) => e.metadata),
      events.map((e) => e.occurredAt),
      report,
    ];
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await (opts.client ?? this.pool).query<{
          out_stream_id: string;
          out_global_position: string | null;
          out_stream_position: number;
          out_duplicate: boolean;
        }>(`select * from ${this.s}.append_events($1, $2, $3, $4::uuid[], $5::text[], $6::int[], $7::jsonb[], $8::jsonb[], $9::timestamptz[], $10)`, params);
        const rows = res.rows.sort((x, y) => x.out_stream_position - y.out_stream_position);
        // The reported wrong version: one row without a global position, the actual version.
        if (rows[0]!.out_global_position === null) return { ok: false, actualVersion: rows[0]!.out_stream_position };
        return {
          ok: true,
          result: {
            streamId: rows[0]!.out_stream_id,
            firstStreamPosition: rows[0]!.out_stream_position,
            nextExpectedVersion: rows[rows.length - 1]!.out_stream_position,
            globalPositions: rows.map((r) => Number(r.out_global_position)),
            duplicate: rows[0]!.out_duplicate,
          },
        };
      } catch (err) {
        const e = err as { code?: string; detail?: string; constraint?: string };
        if (e.code === 'NE001') throw new WrongExpectedVersionError(streamId, expected, Number(e.detail));
        // Same idempotency key committed concurrently on another stream: the retry returns it.
        if (!opts.client && attempt === 0 && e.code === '23505' && e.constraint === 'idempotency_keys_pkey') continue;
        throw err;
      }
    }
  }

  private notifyPending = false;
  private notifying = false;

  /**
   * Wakes the relay. Sent as its own statement after the append committed, never inside the
   * append: a NOTIFY in a writing transaction holds a cluster-wide lock across its commit flush
   * and serialises every writer. Coalesced: at most one in flight, one more queued.
   */
  notifyAppended(): void {
    if (this.notifying) {
      this.notifyPending = true;
      return;
    }
    this.notifying = true;
    this.pool
      .query('select pg_notify($1, $2)', [this.channel, ''])
      .catch(() => undefined) // the relay's poll covers a lost notification
      .finally(() => {
        this.notifying = false;
        if (this.notifyPending) {
          this.notifyPending = false;
          this.notifyAppended();
        }
      });
  }

  private prepare(e: NewEvent, defaults: Partial<EventMetadata> | undefined) {
    const def = Object.hasOwn(this.catalog, e.type) ? this.catalog[e.type] : undefined;
    if (!def) throw new Error(`append: unknown event type "${e.type}"`);
    const parsed = def.schema.safeParse(e.data);
    if (!parsed.success) {
      throw new Error(`append: invalid ${e.type}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    const data = JSON.stringify(parsed.data, storableString);
    if (Buffer.byteLength(data) > MAX_EVENT_BYTES) throw new Error(`append: ${e.type} data exceeds ${MAX_EVENT_BYTES} bytes`);
    const id = e.id ?? newEventId();
    const meta = { ...defaults, ...e.metadata };
    const carrier = meta.traceparent ? {} : traceCarrier();
    const metadata: EventMetadata = {
      correlationId: meta.correlationId ?? id,
      causationId: meta.causationId ?? null,
      ...((meta.traceparent ?? carrier.traceparent) ? { traceparent: meta.traceparent ?? carrier.traceparent } : {}),
      ...((meta.tracestate ?? carrier.tracestate) ? { tracestate: meta.tracestate ?? carrier.tracestate } : {}),
    };
    return { id, type: e.type, version: def.current, data, metadata: JSON.stringify(metadata), occurredAt: (e.occurredAt ?? new Date()).toISOString() };
  }

  /**
   * Events of one stream in stream order, decoded to current schema versions: all of them in
   * [from, to], or at most `limit`. (Without a limit it reads in pages, so a long stream is never
   * cut short silently.)
   */
  async readStream(
    streamId: string,
    opts: { from?: number; to?: number; limit?: number; types?: readonly string[]; client?: pg.ClientBase } = {},
  ): Promise<EventEnvelope[]> {
    const page = async (from: number, limit: number) =>
      (
        await (opts.client ?? this.pool).query<EventRow>(
          `select ${COLUMNS} from ${this.s}.events
           where stream_id = $1 and stream_position >= $2 and stream_position <= $3
             and ($5::text[] is null or type = any($5))
           order by stream_position limit $4`,
          [streamId, from, opts.to ?? 2147483647, limit, opts.types ?? null],
        )
      ).rows.map((r) => this.decode(r));
    if (opts.limit !== undefined) return page(opts.from ?? 1, opts.limit);
    const all: EventEnvelope[] = [];
    for (let from = opts.from ?? 1; ;) {
      const got = await page(from, STREAM_PAGE);
      all.push(...got);
      if (got.length < STREAM_PAGE) return all;
      from = got.at(-1)!.streamPosition + 1;
    }
  }

  /** The stream's current version (0 when it has no events). */
  async streamVersion(streamId: string): Promise<number> {
    const res = await this.pool.query<{ v: number }>(`select coalesce(max(stream_position), 0)::int as v from ${this.s}.events where stream_id = $1`, [
      streamId,
    ]);
    return res.rows[0]!.v;
  }

  /**
   * Committed events after `after`, in (transaction id, global position) order, only below the
   * lowest transaction id of an append still running (read_all, migration 3): an event not yet
   * visible can only ever sort after the returned ones, so a reader that checkpoints the last
   * cursor never skips one. Transactions that never append do not hold it back. (A raw insert
   * into events registers too, but only one made before its transaction wrote anything else is
   * waited for: write events through append_events.)
   * Returns raw rows (not decoded) so the relay can forward unknown types.
   */
  async readAllRaw(after: Cursor, limit: number, types?: readonly string[]): Promise<RawEvent[]> {
    const res = await this.pool.query<EventRow>(
      `select ${COLUMNS} from ${this.s}.read_all($1::xid8, $2::bigint, $3::integer, $4::text[]) as events
       order by events.transaction_id, events.global_position`,
      [after.transactionId, after.globalPosition, limit, types ?? null],
    );
    return res.rows.map(toRaw);
  }

  /**
   * Whether committed events lie after `after` (the reader is held back by a running append),
   * and the highest global position, in one cheap read for an idle reader.
   */
  async pendingAfter(after: Cursor): Promise<{ pending: boolean; head: number }> {
    const res = await this.pool.query<{ pending: boolean; head: string | null }>(
      `select exists (select 1 from ${this.s}.events where (transaction_id, global_position) > ($1::xid8, $2::bigint)) as pending,
              (select max(global_position) from ${this.s}.events) as head`,
      [after.transactionId, after.globalPosition],
    );
    return { pending: res.rows[0]!.pending, head: Number(res.rows[0]!.head ?? 0) };
  }

  async readAll(after: Cursor, limit = 1000, types?: readonly string[]): Promise<EventEnvelope[]> {
    return (await this.readAllRaw(after, limit, types)).map((r) => this.decodeRaw(r));
  }

  /** Events of the given types in global position order (for projections' rebuilds and tools). */
  async readByType(types: readonly string[], opts: { afterPosition?: number; limit?: number } = {}): Promise<EventEnvelope[]> {
    const res = await this.pool.query<EventRow>(
      `select ${COLUMNS} from ${this.s}.events where type = any($1) and global_position > $2 order by global_position limit $3`,
      [types, opts.afterPosition ?? 0, opts.limit ?? 1000],
    );
    return res.rows.map((r) => this.decode(r));
  }

  /** Events recorded in [from, to), in global position order. */
  async readByTime(from: Date, to: Date, opts: { limit?: number } = {}): Promise<EventEnvelope[]> {
    const res = await this.pool.query<EventRow>(
      `select ${COLUMNS} from ${this.s}.events where recorded_at >= $1 and recorded_at < $2 order by global_position limit $3`,
      [from, to, opts.limit ?? 1000],
    );
    return res.rows.map((r) => this.decode(r));
  }

  /**
   * Events matching every given filter, in global position order, as stored (not decoded: a
   * tool decodes each one and can report an unknown type or version instead of failing the page).
   * Page with `afterPosition` = the last global position returned. For operators' tools: it reads
   * committed events by position, not gap-safely like {@link readAllRaw}.
   */
  async readFilteredRaw(filter: EventFilter = {}, opts: { afterPosition?: number; limit?: number } = {}): Promise<RawEvent[]> {
    const params: unknown[] = [opts.afterPosition ?? 0];
    const where = ['global_position > $1'];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (filter.types && filter.types.length > 0) add((p) => `type = any(${p}::text[])`, [...filter.types]);
    if (filter.streamId !== undefined) add((p) => `stream_id = ${p}`, filter.streamId);
    if (filter.recordedFrom) add((p) => `recorded_at >= ${p}`, filter.recordedFrom);
    if (filter.recordedTo) add((p) => `recorded_at < ${p}`, filter.recordedTo);
    if (filter.occurredFrom) add((p) => `occurred_at >= ${p}`, filter.occurredFrom);
    if (filter.occurredTo) add((p) => `occurred_at < ${p}`, filter.occurredTo);
    params.push(opts.limit ?? 1000);
    const res = await this.pool.query<EventRow>(
      `select ${COLUMNS} from ${this.s}.events where ${where.join(' and ')} order by global_position limit $${params.length}`,
      params,
    );
    return res.rows.map(toRaw);
  }

  /**
   * Deletes whole streams with their idempotency keys and consumer checkpoints. Only for
   * operational streams that have a retention setting (the ETL's finished runs); the chats'
   * streams, the source of truth, are never deleted. Returns the events deleted.
   */
  async deleteStreams(streamIds: readonly string[], opts: { client?: pg.ClientBase } = {}): Promise<number> {
    if (streamIds.length === 0) return 0;
    const db = opts.client ?? this.pool;
    const res = await db.query(`delete from ${this.s}.events where stream_id = any($1)`, [streamIds]);
    await db.query(`delete from ${this.s}.idempotency_keys where stream_id = any($1)`, [streamIds]);
    await db.query(`delete from ${this.s}.consumer_streams where stream_id = any($1)`, [streamIds]);
    return res.rowCount ?? 0;
  }

  /** Highest global position stored (0 when empty). */
  async headPosition(): Promise<number> {
    const res = await this.pool.query<{ p: string | null }>(`select max(global_position) as p from ${this.s}.events`);
    return Number(res.rows[0]!.p ?? 0);
  }

  /** Highest global position of an event of these types (0 when none): one index probe per type. */
  async headPositionOf(types: readonly string[]): Promise<number> {
    const res = await this.pool.query<{ p: string | null }>(
      `select max(h.p) as p from unnest($1::text[]) as t(type),
         lateral (select e.global_position as p from ${this.s}.events e where e.type = t.type order by e.global_position desc limit 1) h`,
      [types],
    );
    return Number(res.rows[0]!.p ?? 0);
  }

  decode(row: EventRow): EventEnvelope {
    return this.decodeRaw(toRaw(row));
  }

  /** Upcasts to the current schema version; throws UnknownEventError / InvalidEventDataError. */
  decodeRaw(raw: RawEvent): EventEnvelope {
    const data = upcast(this.catalog, raw.type, raw.schemaVersion, raw.data);
    return { ...raw, schemaVersion: this.catalog[raw.type]!.current, data };
  }
}

type PreparedEvent = ReturnType<EventStore['prepare']>;

/** An event exactly as stored: `data` still in the version it was written in. */
export type RawEvent = EventEnvelope;

function toRaw(r: EventRow): RawEvent {
  return {
    id: r.id,
    type: r.type,
    schemaVersion: r.schema_version,
    streamId: r.stream_id,
    streamPosition: r.stream_position,
    globalPosition: Number(r.global_position),
    transactionId: r.transaction_id,
    occurredAt: r.occurred_at.toISOString(),
    recordedAt: r.recorded_at.toISOString(),
    metadata: r.metadata,
    data: r.data,
  };
}

/**
 * The trace an appended event belongs to: the active one, else a new root span, else (tracing
 * off) a fresh unsampled trace id, so every event and message still carries a W3C traceparent
 * that logs along its path can be joined on.
 */
function traceCarrier(): Record<string, string> {
  const carrier: Record<string, string> = {};
  let ctx = context.active();
  if (!trace.getSpanContext(ctx)) {
    const span = trace.getTracer('napominalka-store').startSpan('events append', { kind: SpanKind.PRODUCER });
    span.end();
    ctx = trace.setSpan(ctx, span);
  }
  propagation.inject(ctx, carrier);
  carrier.traceparent ??= `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-00`;
  return carrier;
}

/**
 * Postgres jsonb cannot hold NUL or a lone UTF-16 surrogate: both become U+FFFD, so hostile or
 * binary text is stored (visibly altered) instead of failing the append.
 */
function storableString(_key: string, value: unknown): unknown {
  return typeof value === 'string' ? value.toWellFormed().replaceAll('\u0000', '\uFFFD') : value;
}
