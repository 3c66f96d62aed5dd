import type pg from 'pg';
import { quoteIdent } from './sql';

/**
 * Versioned schema migrations. Never edit a released migration: add the next one.
 * `{s}` stands for the quoted schema name (identifiers cannot be bind parameters).
 */
export const migrations: ReadonlyArray<{ version: number; name: string; sql: string }> = [
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
];

/**
 * Applies pending migrations. A transaction-scoped advisory lock makes concurrent starters
 * wait for each other, so several processes starting at once apply each migration exactly once.
 */
export async function migrate(pool: pg.Pool, schema: string): Promise<number[]> {
  const s = quoteIdent(schema);
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [`napominalka:migrate:${schema}`]);
    await client.query(`create schema if not exists ${s}`);
    await client.query(
      `create table if not exists ${s}.schema_migrations (version integer primary key, name text not null, applied_at timestamptz not null default now())`,
    );
    const done = new Set(
      (await client.query<{ version: number }>(`select version from ${s}.schema_migrations`)).rows.map((r) => r.version),
    );
    const applied: number[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await client.query(m.sql.replaceAll('{s}', s));
      await client.query(`insert into ${s}.schema_migrations (version, name) values ($1, $2)`, [m.version, m.name]);
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
