import type { EventEnvelope, EventStore } from '@napominalka/core';
import {
  ALL_TIME,
  activeChats,
  dropProjection,
  feedbackDaily,
  ident,
  messagesPerHour,
  migrateClickHouse,
  parseQualityDaily,
  remindersDaily,
  type ClickHouse,
} from '@napominalka/core/clickhouse';
import { prepareBatch, writeEvents, type PreparedBatch } from './events-raw';

export interface RebuildProgress {
  /** Events written so far. */
  done: number;
  /** Events in the store when the rebuild started (what it will write). */
  total: number;
  elapsedMs: number;
  eventsPerSec: number;
  /** Estimated time left at the rate so far; null before the first page. */
  etaMs: number | null;
}

export interface RebuildOptions {
  store: EventStore;
  /** The ClickHouse database to rebuild (its projection tables are dropped first). */
  ch: ClickHouse;
  /** Events read from Postgres per page (default 10,000). */
  pageSize?: number;
  /** Rows per ClickHouse insert at most (default: the page). */
  batchSize?: number;
  onProgress?: (p: RebuildProgress) => void;
  signal?: AbortSignal;
}

export interface RebuildResult {
  events: number;
  /** Highest global position written (the store's head when the rebuild started). */
  lastPosition: number;
  seconds: number;
  eventsPerSec: number;
}

/**
 * Drops the projection's tables in `ch`'s database and rebuilds them from the store: events in
 * global position order up to the head at the start, in pages, through the same {@link writeEvents}
 * the live projection uses (so the rows, and the marts the materialized views derive from them,
 * are the same). Reading the next page overlaps with writing the current one.
 *
 * Rebuilding the live database: stop the `projector-ch` consumer first (or accept that an event it
 * applies at the very moment the rebuild writes the same event may be counted twice). Events
 * appended after the start, and an event that commits late below a position already read, are
 * left to the consumer, which finds the rest already present and skips it: nothing is lost or
 * doubled when it resumes. To compare a rebuild with the live state without touching it, see
 * {@link verifyProjection}.
 */
export async function rebuild(opts: RebuildOptions): Promise<RebuildResult> {
  const { store, ch } = opts;
  const pageSize = opts.pageSize ?? 10_000;
  const batchSize = opts.batchSize ?? pageSize;
  const types = Object.keys(store.catalog);
  const started = performance.now();
  const head = await store.headPosition();
  const total = Number(
    (
      await store.pool.query<{ n: string }>(`select count(*) as n from ${pgIdent(store.schema)}.events where global_position <= $1 and type = any($2)`, [
        head,
        types,
      ])
    ).rows[0]!.n,
  );
  await dropProjection(ch);
  await migrateClickHouse(ch);
  let done = 0;
  let last = 0;
  const report = () => {
    const elapsedMs = performance.now() - started;
    const rate = done / Math.max(elapsedMs / 1000, 1e-9);
    opts.onProgress?.({ done, total, elapsedMs, eventsPerSec: rate, etaMs: done > 0 ? ((total - done) / rate) * 1000 : null });
  };
  report();
  // A page is read, decoded and encoded for insertion while the engine inserts the one before.
  const read = async (after: number): Promise<{ page: EventEnvelope[]; prepared: PreparedBatch } | null> => {
    if (after >= head) return null;
    const page = (await store.readByType(types, { afterPosition: after, limit: pageSize })).filter((e) => e.globalPosition <= head);
    return page.length === 0 ? null : { page, prepared: prepareBatch(page, batchSize) };
  };
  let next = read(0);
  for (;;) {
    opts.signal?.throwIfAborted();
    const got = await next;
    if (!got) break;
    last = got.page[got.page.length - 1]!.globalPosition;
    next = read(last);
    next.catch(() => undefined); // awaited on the next turn; an insert failing first must not leave it unhandled
    // Fresh tables, but the live consumer may be writing too: the presence check is one cheap
    // primary-key range read per page and keeps the rebuild exactly-once as well.
    await writeEvents(ch, got.page, { batchSize, prepared: got.prepared });
    done += got.page.length;
    report();
  }
  const seconds = (performance.now() - started) / 1000;
  return { events: done, lastPosition: last, seconds, eventsPerSec: done / Math.max(seconds, 1e-9) };
}

const pgIdent = (s: string): string => {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(s)) throw new Error(`invalid schema name ${JSON.stringify(s)}`);
  return `"${s}"`;
};

/** What a projection database holds, in a form two databases can be compared by. */
export interface ProjectionSnapshot {
  /** Per event type: rows (duplicates included), distinct event ids, and a checksum of their content. */
  types: Record<string, { rows: number; events: number; checksum: string }>;
  lastPosition: number;
  marts: {
    messagesPerHour: unknown[];
    parseQualityDaily: unknown[];
    remindersDaily: unknown[];
    feedbackDaily: unknown[];
    activeChatsDaily: unknown[];
    activeChatsWeekly: unknown[];
  };
}

export async function snapshotProjection(ch: ClickHouse): Promise<ProjectionSnapshot> {
  const rows = await ch.query<{ type: string; rows: string | number; events: string | number; checksum: string | number }>(
    `SELECT type, sum(c) AS rows, count() AS events, toString(sum(h)) AS checksum FROM (
       SELECT type, id, count() AS c,
         any(cityHash64(id, schema_version, stream_id, stream_position, global_position, transaction_id, chat_id, occurred_at, recorded_at,
           correlation_id, causation_id, data, lang, intent, parser, model_version, confidence, latency_ms, reason, kind, lateness_ms, reminder_id)) AS h
       FROM ${ch.table('events_raw')} GROUP BY type, id
     ) GROUP BY type ORDER BY type`,
  );
  const [pos] = await ch.query<{ p: string | number }>(`SELECT max(global_position) AS p FROM ${ch.table('events_raw')}`);
  const [messages, parse, reminders, feedback, daily, weekly] = await Promise.all([
    messagesPerHour(ch, ALL_TIME),
    parseQualityDaily(ch, ALL_TIME),
    remindersDaily(ch, ALL_TIME),
    feedbackDaily(ch, ALL_TIME),
    activeChats(ch, { ...ALL_TIME, per: 'day' }),
    activeChats(ch, { ...ALL_TIME, per: 'week' }),
  ]);
  return {
    types: Object.fromEntries(rows.map((r) => [r.type, { rows: Number(r.rows), events: Number(r.events), checksum: String(r.checksum) }])),
    lastPosition: Number(pos?.p ?? 0),
    marts: {
      messagesPerHour: messages,
      parseQualityDaily: parse,
      remindersDaily: reminders,
      feedbackDaily: feedback,
      activeChatsDaily: daily,
      activeChatsWeekly: weekly,
    },
  };
}

export interface Comparison {
  equal: boolean;
  /** Human-readable differences (at most a few per mart). */
  differences: string[];
}

/** Compares two snapshots exactly: every aggregate is deterministic, so equal means equal. */
export function compareSnapshots(live: ProjectionSnapshot, rebuilt: ProjectionSnapshot): Comparison {
  const differences: string[] = [];
  for (const [name, s] of [
    ['live', live],
    ['rebuilt', rebuilt],
  ] as const) {
    for (const [type, c] of Object.entries(s.types))
      if (c.rows !== c.events) differences.push(`${name} events_raw holds ${c.rows - c.events} duplicate rows of ${type}`);
  }
  for (const type of [...new Set([...Object.keys(live.types), ...Object.keys(rebuilt.types)])].sort()) {
    const a = live.types[type];
    const b = rebuilt.types[type];
    if (a?.events !== b?.events) differences.push(`${type}: ${a?.events ?? 0} events live, ${b?.events ?? 0} rebuilt`);
    else if (a?.checksum !== b?.checksum) differences.push(`${type}: same count (${a?.events}), different content`);
  }
  for (const mart of Object.keys(live.marts) as Array<keyof ProjectionSnapshot['marts']>) {
    const a = live.marts[mart].map((r) => JSON.stringify(r));
    const b = rebuilt.marts[mart].map((r) => JSON.stringify(r));
    const inA = new Set(a);
    const inB = new Set(b);
    const onlyLive = a.filter((r) => !inB.has(r));
    const onlyRebuilt = b.filter((r) => !inA.has(r));
    if (onlyLive.length === 0 && onlyRebuilt.length === 0) continue;
    differences.push(
      `${mart}: ${a.length} rows live, ${b.length} rebuilt; ${onlyLive.length} only live, e.g. ${onlyLive.slice(0, 2).join(' ')}; ${onlyRebuilt.length} only rebuilt, e.g. ${onlyRebuilt.slice(0, 2).join(' ')}`,
    );
  }
  return { equal: differences.length === 0, differences };
}

export interface VerifyResult extends Comparison {
  rebuild: RebuildResult;
  /** Events the live projection holds beyond the rebuild's last position (appended meanwhile). */
  liveAhead: number;
  scratchDatabase: string;
}

/**
 * The `verify` command: rebuilds the projection from the store into a scratch database next to
 * the live one, compares the two, and drops the scratch tables. Meaningful when the live
 * projection has caught up and nothing is appended meanwhile; `liveAhead` > 0 says it was not.
 */
export async function verifyProjection(opts: {
  store: EventStore;
  live: ClickHouse;
  scratchDatabase?: string;
  pageSize?: number;
  onProgress?: (p: RebuildProgress) => void;
  keepScratch?: boolean;
}): Promise<VerifyResult> {
  const scratchName = opts.scratchDatabase ?? `${opts.live.database}_verify`;
  if (scratchName === opts.live.database) throw new Error('verify: the scratch database must not be the live one');
  const scratch = opts.live.withDatabase(scratchName);
  await scratch.command(`CREATE DATABASE IF NOT EXISTS ${ident(scratchName)}`);
  try {
    const r = await rebuild({
      store: opts.store,
      ch: scratch,
      ...(opts.pageSize ? { pageSize: opts.pageSize } : {}),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    });
    const [live, rebuilt] = await Promise.all([snapshotProjection(opts.live), snapshotProjection(scratch)]);
    const [ahead] = await opts.live.query<{ n: string | number }>(
      `SELECT uniqExact(id) AS n FROM ${opts.live.table('events_raw')} WHERE global_position > {p:UInt64}`,
      { p: r.lastPosition },
    );
    const liveAhead = Number(ahead?.n ?? 0);
    const cmp = compareSnapshots(live, rebuilt);
    if (liveAhead > 0) cmp.differences.unshift(`live holds ${liveAhead} events appended after the rebuild started: compare again when idle`);
    return { ...cmp, equal: cmp.differences.length === 0, rebuild: r, liveAhead, scratchDatabase: scratchName };
  } finally {
    if (!opts.keepScratch) await scratch.command(`DROP DATABASE IF EXISTS ${ident(scratchName)} SYNC`);
  }
}
