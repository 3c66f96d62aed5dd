import type { MigrationSet } from '../migrations';

/**
 * Per-stream snapshots of a fold: the state after the stream's events up to `stream_position`,
 * for one kind of fold at one `state_version`. A reader folds only the events after it.
 */
export const SNAPSHOT_MIGRATIONS: MigrationSet = {
  table: 'snapshot_migrations',
  migrations: [
    {
      version: 1,
      name: 'stream snapshots',
      sql: `
        create table {s}.stream_snapshots (
          stream_id text not null,
          kind text not null,
          state_version integer not null,
          stream_position integer not null,
          state jsonb not null,
          updated_at timestamptz not null default now(),
          primary key (stream_id, kind)
        );
      `,
    },
  ],
};
