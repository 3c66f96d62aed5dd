import type pg from 'pg';
import { migrate, type MigrationSet } from '../store/migrations';

/**
 * The Postgres read model: chats, reminders (with the scheduler's due index) and parses (the
 * prediction history). The projector writes it; the ui reads it and its tests create it with
 * these same migrations. Never edit a released migration: add the next one.
 */
export const READ_MODEL_MIGRATIONS: MigrationSet = {
  table: 'projection_migrations',
  migrations: [
    {
      version: 1,
      name: 'chats, reminders, parses',
      sql: `
        create table {s}.chats (
          chat_id bigint primary key,
          timezone text not null,
          lang text,
          active boolean not null,
          stream_position integer not null,
          first_seen_at timestamptz not null,
          last_seen_at timestamptz not null,
          state jsonb not null
        );
        create table {s}.reminders (
          id text primary key,
          chat_id bigint not null,
          text text not null,
          status text not null,
          due timestamptz not null,
          rrule text,
          timezone text not null,
          occurrence integer not null,
          fired_occurrence integer,
          source_event_id uuid,
          created_at timestamptz not null,
          updated_at timestamptz not null
        );
        -- the scheduler's "due before now" scan: pending reminders only, in due order
        create index reminders_due on {s}.reminders (due) where status = 'pending';
        create index reminders_chat on {s}.reminders (chat_id, status, due);
        create table {s}.parses (
          event_id uuid primary key,
          chat_id bigint not null,
          message_event_id uuid,
          message_text text,
          outcome text not null,
          intent text,
          due timestamptz,
          rrule text,
          reminder_text text,
          confidence_intent double precision,
          confidence_slots double precision,
          parser text,
          model_version text,
          latency_ms double precision,
          lang text,
          corrections jsonb not null,
          reason text,
          occurred_at timestamptz not null
        );
        create index parses_chat on {s}.parses (chat_id, occurred_at desc);
        create index parses_time on {s}.parses (occurred_at desc);
        create index parses_model on {s}.parses (model_version, occurred_at desc);
      `,
    },
    {
      version: 2,
      name: 'parses: trigram index for the history search',
      // The ui's history searches message_text with ILIKE '%word%', which only a trigram index serves.
      // pg_trgm is per database and trusted (PG 13+: CREATE on the database suffices, no superuser);
      // the lock keeps schemas migrating at once from racing on creating it.
      sql: `
        select pg_advisory_xact_lock(hashtextextended('napominalka:create-extension:pg_trgm', 0));
        create extension if not exists pg_trgm;
        create index parses_text_trgm on {s}.parses using gin (message_text gin_trgm_ops);
      `,
    },
    {
      version: 3,
      name: 'parses: intent and intent+language indexes, their statistics, for the history filters',
      // A rare intent (cancel, timezone), or a rare intent in one language, filtered newest first
      // walked the time index through most of the table before it found a page (250 ms over
      // 1,000,000 parses). Intent and language are correlated: without their joint statistics the
      // planner takes cancel+en for 5 % of the rows and still picks the time index.
      sql: `
        create index parses_intent on {s}.parses (intent, occurred_at desc);
        create index parses_intent_lang on {s}.parses (intent, lang, occurred_at desc);
        create statistics {s}.parses_intent_lang_stats (mcv, dependencies) on intent, lang from {s}.parses;
      `,
    },
  ],
};

/** Creates or updates the read model's tables in `schema`; the versions applied now. */
export const migrateReadModel = (pool: pg.Pool, schema: string): Promise<number[]> => migrate(pool, schema, READ_MODEL_MIGRATIONS);
