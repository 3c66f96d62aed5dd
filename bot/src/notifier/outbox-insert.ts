import type pg from 'pg';
import { quoteIdent } from '@napominalka/core';

/** A row for the sender, by kind (see OutboxKind): what each kind carries. */
export type OutboxInsert =
  | { kind: 'reminder'; chatId: number; eventId: string; reminderId: string; occurrence: number; due: string; text: string; markup: unknown }
  | { kind: 'reply'; chatId: number; eventId: string; seq: number; text: string; markup: unknown | null; editMessageId: number | null }
  | { kind: 'alert'; chatId: number; eventId: string; text: string };

/**
 * Writes rows into `bot_outbox` in the caller's transaction, in one statement. A row of an event
 * already written (same event and seq) is skipped: a redelivered event sends nothing twice.
 */
export async function insertOutbox(tx: pg.ClientBase, schema: string, rows: readonly OutboxInsert[]): Promise<void> {
  if (rows.length === 0) return;
  const col = <T>(pick: (r: OutboxInsert) => T) => rows.map(pick);
  await tx.query(
    `insert into ${quoteIdent(schema)}.bot_outbox (kind, chat_id, event_id, seq, text, reply_markup, edit_message_id, reminder_id, occurrence, due)
     select * from unnest($1::text[], $2::bigint[], $3::uuid[], $4::int[], $5::text[], $6::jsonb[], $7::bigint[], $8::text[], $9::int[], $10::timestamptz[])
     on conflict (event_id, seq) do nothing`,
    [
      col((r) => r.kind),
      col((r) => r.chatId),
      col((r) => r.eventId),
      col((r) => (r.kind === 'reply' ? r.seq : 0)),
      col((r) => r.text),
      col((r) => (r.kind === 'alert' || r.markup === null ? null : JSON.stringify(r.markup))),
      col((r) => (r.kind === 'reply' ? r.editMessageId : null)),
      col((r) => (r.kind === 'reminder' ? r.reminderId : null)),
      col((r) => (r.kind === 'reminder' ? r.occurrence : null)),
      col((r) => (r.kind === 'reminder' ? r.due : null)),
    ],
  );
}
