import type pg from 'pg';
import { quoteIdent } from '@napominalka/core';

/**
 * For tests: the projector's read-model tables (chats, reminders, parses) as its migration 1 makes
 * them. The ui may not import the projector, and createUiWorld does not run its migrations; keep
 * these columns in step with projector/src/pg/tables.ts.
 */
export async function createReadModelTables(pool: pg.Pool, schema: string): Promise<void> {
  const s = quoteIdent(schema);
  await pool.query(`
    create table if not exists ${s}.chats (chat_id bigint primary key, timezone text not null, lang text, active boolean not null,
      stream_position integer not null, first_seen_at timestamptz not null, last_seen_at timestamptz not null, state jsonb not null);
    create table if not exists ${s}.reminders (id text primary key, chat_id bigint not null, text text not null, status text not null,
      due timestamptz not null, rrule text, timezone text not null, occurrence integer not null, fired_occurrence integer,
      source_event_id uuid, created_at timestamptz not null, updated_at timestamptz not null);
    create table if not exists ${s}.parses (event_id uuid primary key, chat_id bigint not null, message_event_id uuid, message_text text,
      outcome text not null, intent text, due timestamptz, rrule text, reminder_text text, confidence_intent double precision,
      confidence_slots double precision, parser text, model_version text, latency_ms double precision, lang text,
      corrections jsonb not null, reason text, occurred_at timestamptz not null);
  `);
}
