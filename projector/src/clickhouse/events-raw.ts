import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { EventEnvelope } from '@napominalka/core';
import type { ClickHouse } from '@napominalka/core/clickhouse';
import { EVENTS_RAW_COLUMNS, toRow } from '@napominalka/core/clickhouse';

/** Hex digest naming a set of event ids, whatever their order: the block's deduplication token. */
export function dedupToken(ids: readonly string[]): string {
  const h = createHash('sha256');
  for (const id of [...ids].sort()) h.update(id);
  return h.digest('hex').slice(0, 40);
}

export interface WriteResult {
  inserted: number;
  /** Events of the batch already in events_raw (a redelivery) or repeated within it. */
  skipped: number;
  inserts: number;
}

/**
 * Writes events into `events_raw` (and, through the materialized views, the marts) so that writing
 * the same events again changes nothing.
 *
 * This insert cannot share the Postgres transaction that holds the consumer's checkpoint: a crash
 * after the insert and before the commit redelivers the batch, and an at-least-once broker may
 * redeliver anyway. Three layers keep events_raw and the marts exactly-once:
 *
 * 1. **Drop what is already there** (`skipPresent`, the real guarantee). Before inserting, the ids
 *    of the batch already in events_raw are read (a primary-key range read over the batch's global
 *    positions) and left out. This is race-free because two applications of one event never
 *    overlap: the consumer applies its batches one at a time, and every batch's transaction holds
 *    the row lock of each of its streams' checkpoint from before this read until its commit or
 *    rollback — a second consumer instance, or a redelivery to a restarted one, waits on that
 *    lock and then either finds the checkpoint moved (a no-op) or finds these rows. A synchronous
 *    insert is visible once acknowledged, so the rows of a batch whose commit failed are found.
 *    Since only new rows are inserted, the materialized views never see an event twice — this
 *    is what keeps the marts from double counting; ReplacingMergeTree alone would fix
 *    events_raw only eventually and never the marts.
 * 2. **Insert deduplication token** (belt and braces): each block carries a token derived from its
 *    ids; events_raw and the marts remember the last 10,000 block tokens, and a block with a known
 *    token is dropped whole — in the marts too, through the views' derived tokens
 *    (`deduplicate_blocks_in_dependent_materialized_views`; without it the views would still count
 *    a block events_raw dropped). This covers an insert whose acknowledgement was lost (an HTTP
 *    timeout: the server may still commit it while the batch is retried) and a crash between
 *    the insert and the presence check of a retry that sends the same events.
 * 3. **ReplacingMergeTree** on (global_position, id): a duplicate row that got past both collapses
 *    in events_raw on merge (the marts would still count it: layers 1 and 2 are what matter).
 *
 * Inserts are at most `batchSize` rows each; a consumer batch (bounded by CLICKHOUSE_BATCH_SIZE)
 * is normally one insert, a catch-up from the store can be several.
 */
export async function writeEvents(
  ch: ClickHouse,
  events: readonly EventEnvelope[],
  opts: { batchSize: number; skipPresent?: boolean; /** {@link prepareBatch} of these events, made ahead. */ prepared?: PreparedBatch },
): Promise<WriteResult> {
  let batch = opts.prepared ?? prepareBatch(events, opts.batchSize);
  if (batch.events.length === 0) return { inserted: 0, skipped: events.length, inserts: 0 };
  if (opts.skipPresent ?? true) {
    const present = await presentIds(ch, batch.events);
    if (present.size > 0)
      batch = prepareBatch(
        batch.events.filter((e) => !present.has(e.id)),
        opts.batchSize,
      );
  }
  for (const chunk of batch.chunks) await insertEncoded(ch, chunk.body, dedupToken(chunk.ids));
  return { inserted: batch.events.length, skipped: events.length - batch.events.length, inserts: batch.chunks.length };
}

/** Events (each id once) as insert bodies of at most `batchSize` rows, ready to send. */
export interface PreparedBatch {
  events: readonly EventEnvelope[];
  chunks: Array<{ ids: string[]; body: string }>;
}

/**
 * Builds the rows and encodes them (JSONCompactEachRow) — all the JavaScript work of an insert,
 * so a rebuild can do it for the next page while the engine inserts the current one.
 */
export function prepareBatch(events: readonly EventEnvelope[], batchSize: number): PreparedBatch {
  const seen = new Set<string>();
  const unique: EventEnvelope[] = [];
  for (const e of events) {
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    unique.push(e);
  }
  const chunks: PreparedBatch['chunks'] = [];
  for (let i = 0; i < unique.length; i += batchSize) {
    const part = unique.slice(i, i + batchSize);
    let body = '';
    for (const e of part) body += `${JSON.stringify(toRow(e))}\n`;
    chunks.push({ ids: part.map((e) => e.id), body });
  }
  return { events: unique, chunks };
}

/**
 * Ids of these events already in events_raw. An event's global position never changes, so when
 * no row lies in the batch's range of positions (the usual case: one small primary-key read)
 * none of its events is there, and the ids need not be sent.
 */
export async function presentIds(ch: ClickHouse, events: readonly EventEnvelope[]): Promise<Set<string>> {
  if (events.length === 0) return new Set();
  let lo = Infinity;
  let hi = 0;
  for (const e of events) {
    lo = Math.min(lo, e.globalPosition);
    hi = Math.max(hi, e.globalPosition);
  }
  const [inRange] = await ch.query<{ n: string | number }>(
    `SELECT count() AS n FROM ${ch.table('events_raw')} WHERE global_position BETWEEN {lo:UInt64} AND {hi:UInt64}`,
    { lo, hi },
  );
  if (Number(inRange?.n ?? 0) === 0) return new Set();
  const rows = await ch.query<{ id: string }>(
    `SELECT id FROM ${ch.table('events_raw')}
     WHERE global_position BETWEEN {lo:UInt64} AND {hi:UInt64} AND id IN {ids:Array(UUID)}`,
    { lo, hi, ids: events.map((e) => e.id) },
  );
  return new Set(rows.map((r) => r.id));
}

/**
 * One INSERT into events_raw of rows already encoded as JSONCompactEachRow, sent as a byte stream
 * (`exec` with values: the client sends the body as it is). The token goes into the statement's
 * SETTINGS clause, never the client's settings: the embedded connection would apply those to its
 * whole session.
 */
export async function insertEncoded(ch: ClickHouse, body: string, token: string): Promise<void> {
  if (body.length === 0) return;
  if (!/^[0-9a-f]+$/.test(token)) throw new Error('deduplication token must be hex');
  const r = await ch.client.exec({
    query:
      `INSERT INTO ${ch.table('events_raw')} (${EVENTS_RAW_COLUMNS.join(', ')}) SETTINGS insert_deduplicate = 1, insert_deduplication_token = '${token}', ` +
      'deduplicate_blocks_in_dependent_materialized_views = 1, input_format_json_read_objects_as_strings = 1 FORMAT JSONCompactEachRow',
    values: Readable.from([body], { objectMode: false }),
  });
  // The (empty) response must be read for an HTTP connection to be released.
  for await (const _ of r.stream) void _;
}
