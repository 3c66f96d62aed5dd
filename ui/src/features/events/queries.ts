import type pg from 'pg';
import { catalog, chatStream, EventStore, quoteIdent } from '@napominalka/core';
import { buildTimeline, readTimelineEvents, type TimelineEntry } from '@napominalka/core/cli';
import type { EventsQuery } from './filters';

export const PAGE_SIZE = 50;

/** LIKE's wildcards in a stream prefix taken literally (the default backslash escape). */
const likeEscape = (s: string): string => s.replace(/[\\%_]/g, (ch) => `\\${ch}`);
/** As `pnpm replay timeline`'s default --limit. */
export const TIMELINE_LIMIT = 1000;

/** A chat's timeline as `pnpm replay timeline --chat <id>` builds it (first TIMELINE_LIMIT events). */
export async function loadTimeline(
  pool: pg.Pool,
  schema: string,
  chatId: string,
  defaultTimezone: string,
): Promise<{ entries: TimelineEntry[]; more: boolean }> {
  const store = new EventStore(pool, catalog, schema);
  const { events, more } = await readTimelineEvents(store, chatStream(chatId), { limit: TIMELINE_LIMIT });
  return { entries: buildTimeline(events, { defaultTimezone }), more };
}

export interface EventRow {
  globalPosition: number;
  id: string;
  streamId: string;
  streamPosition: number;
  type: string;
  occurredAt: Date;
  data: unknown;
  metadata: unknown;
}

/** Events matching the search, newest (highest global position) first, below the cursor. */
export async function searchEvents(pool: pg.Pool, schema: string, q: EventsQuery): Promise<{ rows: EventRow[]; more: boolean }> {
  const params: unknown[] = [];
  const where: string[] = [];
  const add = (sql: (p: string) => string, v: unknown) => {
    params.push(v);
    where.push(sql(`$${params.length}`));
  };
  if (q.type) add((p) => `type = ${p}`, q.type);
  if (q.stream) add((p) => `stream_id like ${p}`, `${likeEscape(q.stream)}%`);
  if (q.from) add((p) => `occurred_at >= ${p}`, q.from);
  if (q.to) add((p) => `occurred_at < ${p}`, q.to);
  if (q.before) add((p) => `global_position < ${p}`, q.before);
  params.push(PAGE_SIZE + 1);
  const res = await pool.query<EventRow & { globalPosition: string }>(
    `select global_position as "globalPosition", id, stream_id as "streamId", stream_position as "streamPosition", type,
       occurred_at as "occurredAt", data, metadata
     from ${quoteIdent(schema)}.events ${where.length ? `where ${where.join(' and ')}` : ''}
     order by global_position desc limit $${params.length}`,
    params,
  );
  const rows = res.rows.map((r) => ({ ...r, globalPosition: Number(r.globalPosition) }));
  return { rows: rows.slice(0, PAGE_SIZE), more: rows.length > PAGE_SIZE };
}
