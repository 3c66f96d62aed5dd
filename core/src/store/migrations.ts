import type pg from 'pg';
import { quoteIdent } from './sql';

/**
 * Versioned schema migrations. Never edit a released migration: add the next one.
 * `{s}` stands for the quoted schema name (identifiers cannot be bind parameters), `{name}` for
 * the bare name (a validated identifier).
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** A versioned list of migrations and the table that records which are applied. */
export interface MigrationSet {
  table: string;
  migrations: readonly Migration[];
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'event store',
    sql: `
      create table {s}.events (
        global_position bigint generated always as identity primary key,
        id uuid not null unique,
        stream_id text not null,
        stream_position integer not null check (stream_position > 0),
        type text not null,
        schema_version integer not null check (schema_version > 0),
        data jsonb not null,
        metadata jsonb not null,
        occurred_at timestamptz not null,
        recorded_at timestamptz not null default clock_timestamp(),
        transaction_id xid8 not null default pg_current_xact_id(),
        unique (stream_id, stream_position)
      );
      create index events_tx_order on {s}.events (transaction_id, global_position);
      create index events_type on {s}.events (type, global_position);
      create index events_recorded_at on {s}.events (recorded_at);
      create table {s}.idempotency_keys (
        key text primary key,
        stream_id text not null,
        first_stream_position integer not null,
        last_stream_position integer not null,
        global_positions bigint[] not null,
        created_at timestamptz not null default now()
      );
      create table {s}.checkpoints (
        name text primary key,
        transaction_id xid8 not null,
        global_position bigint not null,
        updated_at timestamptz not null default now()
      );
      create table {s}.consumer_streams (
        consumer text not null,
        stream_id text not null,
        stream_position integer not null,
        global_position bigint not null,
        updated_at timestamptz not null default now(),
        primary key (consumer, stream_id)
      );
    `,
  },
  {
    version: 2,
    name: 'append in one round trip',
    // The whole append runs server-side: one statement, so in autocommit it is its own short
    // transaction. The stream's advisory lock is taken first, before any write gives the
    // transaction an id, which keeps transaction-id order equal to stream order.
    sql: `
      create function {s}.append_events(
        p_stream text, p_expected integer, p_key text,
        p_ids uuid[], p_types text[], p_versions integer[], p_data jsonb[], p_metadata jsonb[], p_occurred timestamptz[]
      ) returns table (out_stream_id text, out_global_position bigint, out_stream_position integer, out_duplicate boolean)
      language plpgsql as $fn$
      declare
        v_actual integer;
        v_prior {s}.idempotency_keys%rowtype;
      begin
        perform pg_advisory_xact_lock(hashtextextended('{name}:' || p_stream, 0));
        if p_key is not null then
          select * into v_prior from {s}.idempotency_keys where key = p_key;
          if found then
            return query
              select v_prior.stream_id, u.g, (v_prior.first_stream_position + u.o - 1)::integer, true
              from unnest(v_prior.global_positions) with ordinality as u(g, o);
            return;
          end if;
        end if;
        select coalesce(max(stream_position), 0) into v_actual from {s}.events where stream_id = p_stream;
        -- p_expected: null = any version, -1 = the stream must not exist, n >= 0 = exactly n
        if p_expected is not null and ((p_expected = -1 and v_actual <> 0) or (p_expected >= 0 and p_expected <> v_actual)) then
          raise exception 'wrong expected version' using errcode = 'NE001', detail = v_actual::text;
        end if;
        return query
          insert into {s}.events as e (id, stream_id, stream_position, type, schema_version, data, metadata, occurred_at)
          select t.id, p_stream, v_actual + t.ord::integer, t.type, t.version, t.data, t.metadata, t.occurred_at
          from unnest(p_ids, p_types, p_versions, p_data, p_metadata, p_occurred) with ordinality
            as t(id, type, version, data, metadata, occurred_at, ord)
          order by t.ord
          returning e.stream_id, e.global_position, e.stream_position, false;
        if p_key is not null then
          insert into {s}.idempotency_keys (key, stream_id, first_stream_position, last_stream_position, global_positions)
          select p_key, p_stream, v_actual + 1, max(stream_position), array_agg(global_position order by stream_position)
          from {s}.events where stream_id = p_stream and stream_position > v_actual;
        end if;
      end
      $fn$;
    `,
  },
];

export const EVENT_STORE_MIGRATIONS: MigrationSet = { table: 'schema_migrations', migrations };

/**
 * Applies pending migrations of a set (the event store's by default; read models bring their
 * own). A transaction-scoped advisory lock makes concurrent starters wait for each other, so
 * several processes starting at once apply each migration exactly once.
 */
export async function migrate(pool: pg.Pool, schema: string, set: MigrationSet = EVENT_STORE_MIGRATIONS): Promise<number[]> {
  const s = quoteIdent(schema);
  const table = `${s}.${quoteIdent(set.table)}`;
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [`napominalka:migrate:${schema}:${set.table}`]);
    await client.query(`create schema if not exists ${s}`);
    await client.query(`create table if not exists ${table} (version integer primary key, name text not null, applied_at timestamptz not null default now())`);
    const done = new Set((await client.query<{ version: number }>(`select version from ${table}`)).rows.map((r) => r.version));
    const applied: number[] = [];
    for (const m of set.migrations) {
      if (done.has(m.version)) continue;
      await client.query(m.sql.replaceAll('{s}', s).replaceAll('{name}', schema));
      await client.query(`insert into ${table} (version, name) values ($1, $2)`, [m.version, m.name]);
      applied.push(m.version);
    }
    await client.query('commit');
    return applied;
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
