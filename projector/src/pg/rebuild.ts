import { START, migrate, quoteIdent, withTransaction, type Cursor, type EventEnvelope, type EventStore } from '@napominalka/core';
import { applyTo } from './projection';
import { Changes, type ChatProjection, type ChatRow, type ParseRow, type ReminderRow } from './project';
import { lockExclusive, PG_PROJECTION, PROJECTION_MIGRATIONS, writeChanges } from './tables';

export interface Progress {
  done: number;
  total: number;
}

export interface RebuildOptions {
  store: EventStore;
  defaultTimezone: string;
  onProgress?: (p: Progress) => void;
  /** Events read per page. */
  pageSize?: number;
}

export interface RebuildResult {
  events: number;
  chats: number;
  reminders: number;
  parses: number;
  seconds: number;
}

const TABLES = ['chats', 'reminders', 'parses'] as const;
const shadowOf = (schema: string) => `${schema}_rebuild`;

interface Position {
  streamPosition: number;
  globalPosition: number;
}

/**
 * Folds the whole log, in gap-safe order, into chat projections; `sink` gets each page's changed
 * rows. The next page is read while the current one is folded.
 */
async function foldLog(
  opts: RebuildOptions,
  keep: (e: EventEnvelope) => boolean,
  sink: (out: Changes) => void,
): Promise<{ states: Map<number, ChatProjection>; positions: Map<string, Position>; events: number }> {
  const { store } = opts;
  const pageSize = opts.pageSize ?? 5000;
  const total = Number((await store.pool.query<{ n: string }>(`select count(*) as n from ${quoteIdent(store.schema)}.events`)).rows[0]!.n);
  const states = new Map<number, ChatProjection>();
  const positions = new Map<string, Position>();
  let events = 0;
  const read = (after: Cursor) => store.readAll(after, pageSize);
  let next = read(START);
  for (;;) {
    const page = await next;
    if (!page.length) break;
    const last = page.at(-1)!;
    next = read({ transactionId: last.transactionId, globalPosition: last.globalPosition });
    next.catch(() => undefined); // awaited on the next turn
    const out = new Changes();
    for (const e of page) {
      if (keep(e)) {
        applyTo(states, e, out, opts.defaultTimezone);
        positions.set(e.streamId, { streamPosition: e.streamPosition, globalPosition: e.globalPosition });
      }
      events++;
    }
    sink(out);
    opts.onProgress?.({ done: events, total: Math.max(total, events) });
  }
  return { states, positions, events };
}

/** The last row of every chat and reminder, and every parse, over a run of pages. */
function accumulate(into: Changes, out: Changes, withParses = true): void {
  for (const [k, v] of out.chats) into.chats.set(k, v);
  for (const [k, v] of out.reminders) into.reminders.set(k, v);
  if (withParses) into.parses.push(...out.parses);
}

/**
 * Drops and rebuilds the Postgres read model from the store while the live projection keeps
 * running: the log is folded into shadow tables (`<schema>_rebuild`) in short transactions, then
 * one short transaction takes the swap lock (live batches and the scheduler wait), applies what
 * was committed since, swaps the tables in and replaces the live consumer's per-stream
 * checkpoints with the rebuilt ones. Deliveries after the swap continue from there.
 */
export async function rebuildPg(opts: RebuildOptions): Promise<RebuildResult> {
  const started = Date.now();
  const { store } = opts;
  const { pool, schema } = store;
  const s = quoteIdent(schema);
  const shadow = shadowOf(schema);
  const sh = quoteIdent(shadow);
  await pool.query(`drop schema if exists ${sh} cascade`);
  await migrate(pool, shadow, PROJECTION_MIGRATIONS);
  // Parses are final as they come: written while the log is read, on their own connection. Chats
  // and reminders change until the end: their last rows are written once (plain inserts into
  // the fresh shadow tables, no upserts).
  const writer = await pool.connect();
  let parses = 0;
  let writing: Promise<void> = Promise.resolve();
  const finals = new Changes();
  let folded: Awaited<ReturnType<typeof foldLog>>;
  try {
    const sink = (out: Changes) => {
      accumulate(finals, out, false);
      if (!out.parses.length) return;
      parses += out.parses.length;
      const only = new Changes();
      only.parses.push(...out.parses);
      writing = writing.then(() => writeChanges(writer, shadow, only));
    };
    folded = await foldLog(opts, () => true, sink);
    await writing;
    await writeChanges(writer, shadow, finals, { fresh: true });
  } finally {
    await writing.catch(() => undefined);
    writer.release();
  }
  const { states, positions, events } = folded;
  const reminderIds = new Set(finals.reminders.keys());

  await withTransaction(pool, async (tx) => {
    await lockExclusive(tx, schema);
    // Whatever was committed after the gap-safe read stopped (or is readable only now).
    const heads = await tx.query<{ stream_id: string; v: number }>(`select stream_id, max(stream_position)::int as v from ${s}.events group by stream_id`);
    const out = new Changes();
    for (const h of heads.rows) {
      const from = (positions.get(h.stream_id)?.streamPosition ?? 0) + 1;
      if (h.v < from) continue;
      for (const e of await store.readStream(h.stream_id, { from, client: tx })) {
        applyTo(states, e, out, opts.defaultTimezone);
        positions.set(e.streamId, { streamPosition: e.streamPosition, globalPosition: e.globalPosition });
      }
    }
    for (const id of out.reminders.keys()) reminderIds.add(id);
    parses += out.parses.length;
    await writeChanges(tx, shadow, out);
    for (const t of TABLES) {
      await tx.query(`drop table if exists ${s}.${quoteIdent(t)}`);
      await tx.query(`alter table ${sh}.${quoteIdent(t)} set schema ${s}`);
    }
    await tx.query(`delete from ${s}.consumer_streams where consumer = $1`, [PG_PROJECTION]);
    const ids = [...positions.keys()];
    await tx.query(
      `insert into ${s}.consumer_streams (consumer, stream_id, stream_position, global_position)
       select $1, * from unnest($2::text[], $3::integer[], $4::bigint[])`,
      [PG_PROJECTION, ids, ids.map((k) => positions.get(k)!.streamPosition), ids.map((k) => positions.get(k)!.globalPosition)],
    );
  });
  await pool.query(`drop schema if exists ${sh} cascade`);
  return { events, chats: states.size, reminders: reminderIds.size, parses, seconds: (Date.now() - started) / 1000 };
}

// ---------------------------------------------------------------------------------------------
// verify

type Kind = 'int' | 'text' | 'bool' | 'time' | 'num' | 'json';
interface TableSpec<R> {
  key: string;
  columns: Record<string, Kind>;
  fromRow: (r: R) => Record<string, unknown>;
}

const CHATS: TableSpec<{ row: ChatRow; state: ChatProjection }> = {
  key: 'chat_id',
  columns: {
    chat_id: 'int',
    timezone: 'text',
    lang: 'text',
    active: 'bool',
    stream_position: 'int',
    first_seen_at: 'time',
    last_seen_at: 'time',
    state: 'json',
  },
  fromRow: ({ row: r, state }) => ({
    chat_id: r.chatId,
    timezone: r.timezone,
    lang: r.lang,
    active: r.active,
    stream_position: r.streamPosition,
    first_seen_at: r.firstSeenAt,
    last_seen_at: r.lastSeenAt,
    state,
  }),
};

const REMINDERS: TableSpec<ReminderRow> = {
  key: 'id',
  columns: {
    id: 'text',
    chat_id: 'int',
    text: 'text',
    status: 'text',
    due: 'time',
    rrule: 'text',
    timezone: 'text',
    occurrence: 'int',
    fired_occurrence: 'int',
    source_event_id: 'text',
    created_at: 'time',
    updated_at: 'time',
  },
  fromRow: (r) => ({
    id: r.id,
    chat_id: r.chatId,
    text: r.text,
    status: r.status,
    due: r.due,
    rrule: r.rrule,
    timezone: r.timezone,
    occurrence: r.occurrence,
    fired_occurrence: r.firedOccurrence,
    source_event_id: r.sourceEventId,
    created_at: r.createdAt,
    updated_at: r.updatedAt,
  }),
};

const PARSES: TableSpec<ParseRow> = {
  key: 'event_id',
  columns: {
    event_id: 'text',
    chat_id: 'int',
    message_event_id: 'text',
    message_text: 'text',
    outcome: 'text',
    intent: 'text',
    due: 'time',
    rrule: 'text',
    reminder_text: 'text',
    confidence_intent: 'num',
    confidence_slots: 'num',
    parser: 'text',
    model_version: 'text',
    latency_ms: 'num',
    lang: 'text',
    corrections: 'json',
    reason: 'text',
    occurred_at: 'time',
  },
  fromRow: (r) => ({
    event_id: r.eventId,
    chat_id: r.chatId,
    message_event_id: r.messageEventId,
    message_text: r.messageText,
    outcome: r.outcome,
    intent: r.intent,
    due: r.due,
    rrule: r.rrule,
    reminder_text: r.reminderText,
    confidence_intent: r.confidenceIntent,
    confidence_slots: r.confidenceSlots,
    parser: r.parser,
    model_version: r.modelVersion,
    latency_ms: r.latencyMs,
    lang: r.lang,
    corrections: r.corrections,
    reason: r.reason,
    occurred_at: r.occurredAt,
  }),
};

/** One comparable text per value, whatever side (pg row or projected row) it came from. */
function norm(kind: Kind, v: unknown): string {
  if (v === null || v === undefined) return 'null';
  switch (kind) {
    case 'time':
      return String(v instanceof Date ? v.getTime() : Date.parse(String(v)));
    case 'json':
      return stableJson(typeof v === 'string' ? JSON.parse(v) : v);
    case 'num':
      return String(Number(v));
    default:
      return String(v);
  }
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

const normRow = (spec: TableSpec<never>, r: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(spec.columns).map(([c, k]) => [c, norm(k, r[c])]));

export interface Difference {
  table: string;
  key: string;
  /** missing: live has it, the rebuild does not; extra: the other way; changed: columns differ. */
  kind: 'missing' | 'extra' | 'changed';
  columns?: Array<{ column: string; live: string; rebuilt: string }>;
}

export interface VerifyResult {
  equal: boolean;
  events: number;
  rows: Record<string, { live: number; rebuilt: number }>;
  differences: Difference[];
  seconds: number;
}

function compare(
  table: string,
  spec: TableSpec<never>,
  live: Map<string, Record<string, string>>,
  rebuilt: Map<string, Record<string, string>>,
  out: Difference[],
): void {
  for (const [key, l] of live) {
    const r = rebuilt.get(key);
    if (!r) {
      out.push({ table, key, kind: 'missing' });
      continue;
    }
    const columns = Object.keys(spec.columns)
      .filter((c) => l[c] !== r[c])
      .map((c) => ({ column: c, live: l[c]!, rebuilt: r[c]! }));
    if (columns.length) out.push({ table, key, kind: 'changed', columns });
  }
  for (const key of rebuilt.keys()) if (!live.has(key)) out.push({ table, key, kind: 'extra' });
}

/**
 * Rebuilds the read model in memory and compares it with the live tables, row by row. The live
 * side is read in one short repeatable-read snapshot together with its per-stream checkpoints, and
 * the rebuild folds each stream exactly as far as those checkpoints, so a projection that is
 * merely behind is not reported as different. Writes nothing.
 */
export async function verifyPg(opts: RebuildOptions): Promise<VerifyResult> {
  const started = Date.now();
  const { store } = opts;
  const s = quoteIdent(store.schema);
  const specs = { chats: CHATS, reminders: REMINDERS, parses: PARSES } as unknown as Record<(typeof TABLES)[number], TableSpec<never>>;
  const live: Record<string, Map<string, Record<string, string>>> = {};
  let checkpoints = new Map<string, number>();
  await withTransaction(store.pool, async (tx) => {
    await tx.query('set transaction isolation level repeatable read, read only');
    const cp = await tx.query<{ stream_id: string; stream_position: number }>(
      `select stream_id, stream_position from ${s}.consumer_streams where consumer = $1`,
      [PG_PROJECTION],
    );
    checkpoints = new Map(cp.rows.map((r) => [r.stream_id, r.stream_position]));
    for (const t of TABLES) {
      const spec = specs[t];
      const res = await tx.query<Record<string, unknown>>(`select ${Object.keys(spec.columns).map(quoteIdent).join(', ')} from ${s}.${quoteIdent(t)}`);
      live[t] = new Map(res.rows.map((r) => [norm(spec.columns[spec.key]!, r[spec.key]), normRow(spec, r)]));
    }
  });

  const all = new Changes();
  const merge = (out: Changes) => accumulate(all, out);
  const upTo = (e: EventEnvelope) => e.streamPosition <= (checkpoints.get(e.streamId) ?? 0);
  const { states, positions, events } = await foldLog(opts, upTo, merge);
  // Streams the live side applied further than the gap-safe read reached (committed since).
  for (const [stream, cp] of checkpoints) {
    const from = (positions.get(stream)?.streamPosition ?? 0) + 1;
    if (cp < from) continue;
    const out = new Changes();
    for (const e of await store.readStream(stream, { from, to: cp })) applyTo(states, e, out, opts.defaultTimezone);
    merge(out);
  }

  const rebuilt: Record<string, Map<string, Record<string, string>>> = {
    chats: new Map([...all.chats.values()].map((c) => [String(c.row.chatId), normRow(specs.chats, CHATS.fromRow(c))])),
    reminders: new Map([...all.reminders.values()].map((r) => [r.id, normRow(specs.reminders, REMINDERS.fromRow(r))])),
    parses: new Map(all.parses.map((p) => [p.eventId, normRow(specs.parses, PARSES.fromRow(p))])),
  };
  const differences: Difference[] = [];
  for (const t of TABLES) compare(t, specs[t], live[t]!, rebuilt[t]!, differences);
  return {
    equal: differences.length === 0,
    events,
    rows: Object.fromEntries(TABLES.map((t) => [t, { live: live[t]!.size, rebuilt: rebuilt[t]!.size }])),
    differences,
    seconds: (Date.now() - started) / 1000,
  };
}
