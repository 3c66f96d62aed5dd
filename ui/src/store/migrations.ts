import type { MigrationSet } from '@napominalka/core';

/** The UI's own tables in the service schema: its users and their sessions. */
export const UI_MIGRATIONS: MigrationSet = {
  table: 'ui_migrations',
  migrations: [
    {
      version: 1,
      name: 'ui users and sessions',
      sql: `
        create table {s}.ui_users (
          username text primary key,
          password_hash text not null,
          role text not null check (role in ('viewer', 'admin')),
          created_at timestamptz not null default now(),
          password_changed_at timestamptz not null default now()
        );
        -- The cookie holds a random token; only its sha256 is stored, so a read of this table
        -- does not hand out sessions.
        create table {s}.ui_sessions (
          token_sha256 text primary key,
          username text not null references {s}.ui_users (username) on delete cascade,
          csrf text not null,
          created_at timestamptz not null default now(),
          expires_at timestamptz not null
        );
        create index on {s}.ui_sessions (expires_at);
      `,
    },
  ],
};
