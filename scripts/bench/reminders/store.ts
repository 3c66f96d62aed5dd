import { EventStore } from '../../../core/src/store/event-store';
import { catalog, newEventId } from '@napominalka/domain';
import { syntheticSessions } from '../../../projector/src/synthetic-history';
import { fmt, fmtInt, progress, progressBar } from '../common/progress';
import type { Ctx } from './section';

/** The synthetic event store both rebuild sections read, and the raw read ceiling of its pages. */
const GENERATOR_VERSION = 1;

/** The synthetic store: reused when a previous run left one of the same size and generator. */
export async function ensureStore(ctx: Ctx): Promise<{ store: EventStore; schema: string; reused: boolean; seconds: number; events: number }> {
  const { pool, settings: s } = ctx;
  const schema = `bench_reminders_${s.events}`;
  const store = new EventStore(pool, catalog, schema);
  const t0 = performance.now();
  if (!ctx.args.regenerate) {
    const meta = await pool
      .query<{ version: number; events: string }>(`select version, events from "${schema}".bench_meta`)
      .then((r) => r.rows[0])
      .catch(() => undefined);
    if (meta && meta.version === GENERATOR_VERSION && Number(meta.events) === s.events) {
      progress(`store: reusing ${fmtInt(s.events)} events in schema ${schema}`);
      return { store, schema, reused: true, seconds: 0, events: s.events };
    }
  }
  progress(`store: generating ${fmtInt(s.events)} events into schema ${schema} (kept for the next run)`);
  await pool.query(`drop schema if exists "${schema}" cascade`);
  await store.migrate();
  const bar = progressBar('store');
  let done = 0;
  let batch: Array<{ id: string; stream: string; pos: number; type: string; data: string; meta: string; at: string }> = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await pool.query(
      `insert into "${schema}".events (id, stream_id, stream_position, type, schema_version, data, metadata, occurred_at, recorded_at)
       select id, stream_id, pos, type, 1, data, meta, at, at + interval '3 milliseconds'
       from unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::jsonb[], $6::jsonb[], $7::timestamptz[]) as u(id, stream_id, pos, type, data, meta, at)`,
      [
        batch.map((b) => b.id),
        batch.map((b) => b.stream),
        batch.map((b) => b.pos),
        batch.map((b) => b.type),
        batch.map((b) => b.data),
        batch.map((b) => b.meta),
        batch.map((b) => b.at),
      ],
    );
    done += batch.length;
    batch = [];
    bar(done, s.events, done / ((performance.now() - t0) / 1000));
  };
  outer: for (const session of syntheticSessions(s.events, { seed: 5, chats: 20_000, days: 180 })) {
    const correlationId = newEventId();
    let causationId: string | null = null;
    for (const e of session) {
      if (done + batch.length >= s.events) break outer;
      const id = newEventId();
      batch.push({
        id,
        stream: e.streamId,
        pos: e.streamPosition,
        type: e.type,
        data: JSON.stringify(e.data),
        meta: JSON.stringify({ correlationId, causationId }),
        at: e.occurredAt.toISOString(),
      });
      causationId = id;
      if (batch.length >= s.insertRowsPerBatch) await flush();
    }
  }
  await flush();
  await pool.query(`analyze "${schema}".events`);
  await pool.query(`create table "${schema}".bench_meta (version int not null, events bigint not null, created_at timestamptz not null default now())`);
  await pool.query(`insert into "${schema}".bench_meta (version, events) values ($1, $2)`, [GENERATOR_VERSION, done]);
  const seconds = (performance.now() - t0) / 1000;
  progress(`store: ${fmtInt(done)} events in ${fmt(seconds, 1)} s (${fmtInt(done / seconds)} events/s with batched inserts)`);
  return { store, schema, reused: false, seconds, events: done };
}

/** The page query of EventStore.readByType, without decoding: what Postgres and the driver deliver. */
export async function pgReadCeiling(store: EventStore, pageSize: number): Promise<{ events: number; seconds: number; eventsPerSec: number }> {
  const types = Object.keys(store.catalog);
  const t0 = performance.now();
  let after = 0;
  let events = 0;
  for (;;) {
    const r = await store.pool.query<{ global_position: string }>(
      `select global_position, id, stream_id, stream_position, type, schema_version, data, metadata, occurred_at, recorded_at, transaction_id::text as transaction_id
       from "${store.schema}".events where type = any($1) and global_position > $2 order by global_position limit $3`,
      [types, after, pageSize],
    );
    if (r.rows.length === 0) break;
    events += r.rows.length;
    after = Number(r.rows.at(-1)!.global_position);
  }
  const seconds = (performance.now() - t0) / 1000;
  return { events, seconds, eventsPerSec: events / seconds };
}

/** The store (made or reused) and, measured on it, the raw Postgres read ceiling: what both rebuilds start from. */
export async function storeWithReadCeiling(ctx: Ctx) {
  const st = await ensureStore(ctx);
  progress('ceiling: raw Postgres page reads (no decoding)');
  return { st, pgCeil: await pgReadCeiling(st.store, ctx.settings.pageSize) };
}
