import type { MigrationSet } from '@napominalka/core';

/**
 * The ETL's read models, kept inline: each is updated in the transaction that appends the event it
 * derives from (history/project.ts), so the executor reads them consistently, and every one can be
 * rebuilt from the events (history/rebuild.ts). Unpartitioned assets use the partition key ''.
 */
export const ETL_MIGRATIONS: MigrationSet = {
  table: 'etl_schema_migrations',
  migrations: [
    {
      version: 1,
      name: 'etl runs, steps, partitions, checks, ticks, cursors',
      sql: `
        create table {s}.etl_runs (
          run_id uuid primary key,
          assets text[] not null,
          partition_key text not null,
          reason text not null,
          origin text not null,
          backfill_id uuid,
          status text not null,
          attempt integer not null default 0,
          max_attempts integer not null,
          force boolean not null default false,
          not_before timestamptz,
          cancel_requested boolean not null default false,
          executor text,
          failure jsonb,
          created_at timestamptz not null,
          started_at timestamptz,
          finished_at timestamptz,
          duration_ms double precision
        );
        create index etl_runs_queued on {s}.etl_runs (created_at) where status = 'queued';
        create index etl_runs_running on {s}.etl_runs (run_id) where status = 'running';
        create index etl_runs_by_time on {s}.etl_runs (created_at desc);
        create index etl_runs_backfill on {s}.etl_runs (backfill_id) where backfill_id is not null;
        create table {s}.etl_steps (
          run_id uuid not null,
          asset text not null,
          attempt integer not null,
          status text not null,
          data_version text,
          started_at timestamptz,
          finished_at timestamptz,
          duration_ms double precision,
          detail jsonb,
          primary key (run_id, asset)
        );
        create table {s}.etl_partitions (
          asset text not null,
          partition_key text not null,
          data_version text not null,
          run_id uuid not null,
          metadata jsonb not null,
          materialized_at timestamptz not null,
          position bigint not null,
          materializations integer not null default 1,
          primary key (asset, partition_key)
        );
        create table {s}.etl_checks (
          asset text not null,
          partition_key text not null,
          check_name text not null,
          severity text not null,
          passed boolean not null,
          run_id uuid not null,
          description text not null,
          metadata jsonb not null,
          evaluated_at timestamptz not null,
          primary key (asset, partition_key, check_name)
        );
        create table {s}.etl_schedule_ticks (
          schedule text primary key,
          last_tick_at timestamptz not null,
          ticks integer not null default 1
        );
        create table {s}.etl_sensor_cursors (
          sensor text primary key,
          cursor text,
          updated_at timestamptz not null
        );
        create table {s}.etl_backfills (
          backfill_id uuid primary key,
          assets text[] not null,
          partitions integer not null,
          concurrency integer not null,
          created_at timestamptz not null
        );
      `,
    },
  ],
};

/** Every read-model table, what a rebuild empties. */
export const ETL_TABLES = ['etl_runs', 'etl_steps', 'etl_partitions', 'etl_checks', 'etl_schedule_ticks', 'etl_sensor_cursors', 'etl_backfills'] as const;

/** The partition key column's value for a partition (null = unpartitioned). */
export const partitionColumn = (p: string | null): string => p ?? '';
export const partitionOf = (column: string): string | null => (column === '' ? null : column);
