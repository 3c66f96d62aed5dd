import { createHash } from 'node:crypto';
import type { MigrationSet } from '@napominalka/core';

/**
 * The bot's tables (BOT_MIGRATIONS): the outbox below, and the unreadable updates ingress keeps.
 *
 * The notifier's outbox: one row per `ReminderDue` to deliver (`event_id` is that event's id, so
 * a redelivered event adds nothing). The handler writes a row in the consumer's transaction; the
 * sender takes `pending` rows in id order and turns each into `sent` (with the Telegram message
 * id) or `failed` (with the error), together with the event that records it.
 */
export const BOT_MIGRATIONS: MigrationSet = {
  table: 'bot_migrations',
  migrations: [
    {
      version: 1,
      name: 'notifier outbox',
      sql: `
        create table {s}.bot_outbox (
          id bigserial primary key,
          chat_id bigint not null,
          event_id uuid not null unique,
          reminder_id text not null,
          occurrence integer not null,
          due timestamptz not null,
          text text not null,
          reply_markup jsonb,
          state text not null default 'pending' check (state in ('pending', 'sent', 'failed')),
          attempts integer not null default 0,
          sent_message_id bigint,
          sent_at timestamptz,
          error text,
          created_at timestamptz not null default now()
        );
        create index bot_outbox_pending on {s}.bot_outbox (id) where state = 'pending';
      `,
    },
    {
      version: 2,
      name: 'replies in the outbox',
      // A reply is a row without a reminder; one event may cause several (seq).
      sql: `
        alter table {s}.bot_outbox
          add column kind text not null default 'reminder' check (kind in ('reminder', 'reply')),
          add column seq integer not null default 0,
          alter column reminder_id drop not null,
          alter column occurrence drop not null,
          alter column due drop not null,
          drop constraint bot_outbox_event_id_key,
          add constraint bot_outbox_event_seq unique (event_id, seq);
      `,
    },
    {
      version: 3,
      name: 'wake the sender on commit',
      // One notification per inserting transaction, delivered when it commits (NOTIFY folds
      // duplicates); the sender listens on its lock session and scans at once instead of at its
      // next poll. The channel is per schema: see outboxChannel().
      sql: `
        create function {s}.bot_outbox_notify() returns trigger language plpgsql as $f$
        begin
          perform pg_notify('bot_outbox_' || left(md5(tg_table_schema), 16), '');
          return null;
        end
        $f$;
        create trigger bot_outbox_notify after insert on {s}.bot_outbox for each statement execute function {s}.bot_outbox_notify();
      `,
    },
    {
      version: 4,
      name: 'replies that edit a message',
      // A reply that replaces one of the bot's messages (a /list page turned) instead of sending one.
      sql: `alter table {s}.bot_outbox add column edit_message_id bigint;`,
    },
    {
      version: 5,
      name: 'unreadable updates',
      // Updates that carry an update_id but make no valid event: kept for operators, not lost.
      sql: `
        create table {s}.bot_unreadable_updates (
          update_id bigint primary key,
          body jsonb not null,
          error text not null,
          received_at timestamptz not null default now()
        );
      `,
    },
    {
      version: 6,
      name: 'operators alerts in the outbox',
      // An alert for ADMIN_CHAT_ID (bot-alerts): like a reply, a row without a reminder.
      sql: `
        alter table {s}.bot_outbox
          drop constraint bot_outbox_kind_check,
          add constraint bot_outbox_kind_check check (kind in ('reminder', 'reply', 'alert'));
      `,
    },
  ],
};

/** Sent and failed rows are kept this long (for operators' questions), then deleted by the sender. */
export const OUTBOX_RETENTION_DAYS = 7;

/** The LISTEN channel on which a commit that inserted outbox rows of `schema` is announced. */
export const outboxChannel = (schema: string): string => `bot_outbox_${createHash('md5').update(schema).digest('hex').slice(0, 16)}`;

export type OutboxState = 'pending' | 'sent' | 'failed';

/**
 * What a row is: a reminder (its delivery is recorded in the chat's stream, and a permanent
 * failure pauses the chat), a reply, or an operators' alert (only the row's state is recorded).
 * Also the `kind` label of napominalka_bot_messages_total.
 */
export type OutboxKind = 'reminder' | 'reply' | 'alert';

export interface OutboxRow {
  id: number;
  chatId: number;
  eventId: string;
  reminderId: string;
  occurrence: number;
  due: Date;
  text: string;
  replyMarkup: unknown;
  state: OutboxState;
  attempts: number;
}
