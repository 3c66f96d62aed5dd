import type pg from 'pg';
import { quoteIdent } from './sql';
import { APPEND_REPORTS_WRONG_VERSION } from './migrations/append-reports-wrong-version';

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
  {
    version: 3,
    name: 'relay horizon over appenders only',
    // Appenders register with a shared transaction-level advisory lock, and each append's events
    // carry as transaction id the latest id completed when its stream lock was taken, or the
    // appender's own if higher. read_all's horizon is then the lowest id of a registered
    // transaction still running: a transaction that writes other tables but never appends no
    // longer holds the relay back. Per-stream order now equals (transaction id, position) order
    // also when a transaction wrote before it appended. lock_checkpoints reads consumer
    // checkpoints under advisory locks, so a batch takes no transaction id until it writes.
    sql: `
      create or replace function {s}.append_events(
        p_stream text, p_expected integer, p_key text,
        p_ids uuid[], p_types text[], p_versions integer[], p_data jsonb[], p_metadata jsonb[], p_occurred timestamptz[]
      ) returns table (out_stream_id text, out_global_position bigint, out_stream_position integer, out_duplicate boolean)
      language plpgsql as $fn$
      declare
        v_actual integer;
        v_prior {s}.idempotency_keys%rowtype;
        v_tid xid8;
      begin
        perform pg_advisory_xact_lock_shared(hashtext('{name}'), hashtext('appending'));
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
        if p_expected is not null and ((p_expected = -1 and v_actual <> 0) or (p_expected >= 0 and p_expected <> v_actual)) then
          raise exception 'wrong expected version' using errcode = 'NE001', detail = v_actual::text;
        end if;
        -- Its own statement, so its snapshot is taken after the locks above (read committed):
        -- the latest completed transaction id (xmax - 1), or this transaction's own if higher.
        select greatest(pg_current_xact_id(), (pg_snapshot_xmax(pg_current_snapshot())::text::numeric - 1)::text::xid8) into v_tid;
        return query
          insert into {s}.events as e (id, stream_id, stream_position, type, schema_version, data, metadata, occurred_at, transaction_id)
          select t.id, p_stream, v_actual + t.ord::integer, t.type, t.version, t.data, t.metadata, t.occurred_at, v_tid
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

      -- Separate statements on purpose, in this order: the last position allocated, then the
      -- snapshot with the registered appenders, then the events' own snapshot (so an appender
      -- that ended in between is visible). The horizon is a (transaction id, position) bound:
      -- before the lowest running appender's id, else up to the latest completed id; an append
      -- that registers later gets at least that id, and positions after the one read first.
      create function {s}.read_all(p_tid xid8, p_pos bigint, p_limit integer, p_types text[])
      returns setof {s}.events language plpgsql as $fn$
      declare
        v_pos bigint;
        v_running xid8;
        v_completed xid8;
      begin
        select case when is_called then last_value else 0 end into v_pos from {s}.events_global_position_seq;
        with l as materialized (
          select locktype, database, classid, objid, objsubid, virtualtransaction, transactionid, mode, granted from pg_locks
        ), appenders as (
          select t.transactionid::text::bigint as x
          from l a join l t on t.virtualtransaction = a.virtualtransaction
            and t.locktype = 'transactionid' and t.mode = 'ExclusiveLock' and t.granted
          where a.locktype = 'advisory' and a.objsubid = 2
            and a.classid = hashtext('{name}')::oid and a.objid = hashtext('appending')::oid
            and a.database = (select oid from pg_database where datname = current_database())
        )
        select (select min(x) from pg_snapshot_xip(snap) as x where x::text::bigint % 4294967296 in (select a.x from appenders a)),
               (pg_snapshot_xmax(snap)::text::numeric - 1)::text::xid8
        into v_running, v_completed
        from pg_current_snapshot() as snap;
        -- Plain bounds either way, so the index scan stops at the horizon.
        if v_running is null then
          return query
            select * from {s}.events e
            where (e.transaction_id, e.global_position) > (p_tid, p_pos) and (e.transaction_id, e.global_position) <= (v_completed, v_pos)
              and (p_types is null or e.type = any(p_types))
            order by e.transaction_id, e.global_position
            limit p_limit;
        else
          return query
            select * from {s}.events e
            where (e.transaction_id, e.global_position) > (p_tid, p_pos) and e.transaction_id < v_running
              and (p_types is null or e.type = any(p_types))
            order by e.transaction_id, e.global_position
            limit p_limit;
        end if;
      end
      $fn$;

      -- A raw insert (a restore, a manual fix) registers too, before its first row takes an id.
      create function {s}.register_appender() returns trigger language plpgsql as $fn$
      begin
        perform pg_advisory_xact_lock_shared(hashtext('{name}'), hashtext('appending'));
        return null;
      end
      $fn$;
      create trigger events_register_appender before insert on {s}.events
        for each statement execute function {s}.register_appender();

      create function {s}.lock_checkpoints(p_consumer text, p_streams text[])
      returns table (stream_id text, stream_position integer) language plpgsql as $fn$
      begin
        -- In the given (sorted) order, so two instances of a consumer never deadlock.
        perform pg_advisory_xact_lock(hashtextextended('{name}:checkpoint:' || p_consumer || ':' || u.s, 0))
        from unnest(p_streams) with ordinality as u(s, o) order by u.o;
        return query
          select u.s, coalesce(c.stream_position, 0)
          from unnest(p_streams) as u(s)
          left join {s}.consumer_streams c on c.consumer = p_consumer and c.stream_id = u.s;
      end
      $fn$;
    `,
  },
  APPEND_REPORTS_WRONG_VERSION,
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
