import type pg from 'pg';
import { quoteIdent } from '@napominalka/core';
import { Changes, type ChatProjection, type ChatRow, type ParseRow, type ReminderRow } from './project';

/** The consumer whose per-stream checkpoints say how far the Postgres read model is. */
export const PG_PROJECTION = 'projector-pg';

// The read model's tables are declared in core (the ui's tests create the same ones); the
// projector applies them under the name its callers know.
export { READ_MODEL_MIGRATIONS as PROJECTION_MIGRATIONS } from '@napominalka/core/read-model';

/**
 * Advisory lock between the live projection (shared, per batch), the scheduler (shared) and a
 * rebuild's swap (exclusive): the swap never races a batch writing into the tables it replaces.
 */
export const swapLockKey = (schema: string): string => `napominalka:projection-swap:${schema}`;

export async function lockShared(tx: pg.ClientBase, schema: string): Promise<void> {
  await tx.query('select pg_advisory_xact_lock_shared(hashtextextended($1, 0))', [swapLockKey(schema)]);
}

export async function lockExclusive(tx: pg.ClientBase, schema: string): Promise<void> {
  await tx.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [swapLockKey(schema)]);
}

/** The projections of these chats as stored, locked for this transaction. */
export async function loadChats(tx: pg.ClientBase, schema: string, chatIds: number[]): Promise<Map<number, ChatProjection>> {
  const res = await tx.query<{ chat_id: string; state: ChatProjection }>(
    `select chat_id, state from ${quoteIdent(schema)}.chats where chat_id = any($1::bigint[]) order by chat_id for update`,
    [chatIds],
  );
  return new Map(res.rows.map((r) => [Number(r.chat_id), r.state]));
}

const col = <T, K extends keyof T>(rows: T[], k: K) => rows.map((r) => r[k]);

/** The same rows in parts of at most `n` rows per table. */
function* chunks(c: Changes, n: number): Generator<Changes> {
  const chats = [...c.chats];
  const reminders = [...c.reminders];
  for (let i = 0; i < Math.max(chats.length, reminders.length, c.parses.length); i += n) {
    const part = new Changes();
    for (const [k, v] of chats.slice(i, i + n)) part.chats.set(k, v);
    for (const [k, v] of reminders.slice(i, i + n)) part.reminders.set(k, v);
    part.parses.push(...c.parses.slice(i, i + n));
    yield part;
  }
}

/**
 * Writes the changed rows with one statement per table (in chunks). `fresh`: the tables are new
 * and each row comes once (a rebuild's shadow tables) — plain inserts, no conflict handling.
 */
export async function writeChanges(tx: pg.ClientBase, schema: string, c: Changes, opts: { fresh?: boolean } = {}): Promise<void> {
  const s = quoteIdent(schema);
  const CHUNK = 5000;
  if (Math.max(c.chats.size, c.reminders.size, c.parses.length) > CHUNK) {
    for (const part of chunks(c, CHUNK)) await writeChanges(tx, schema, part, opts);
    return;
  }
  const onChat = opts.fresh
    ? ''
    : `on conflict (chat_id) do update set timezone = excluded.timezone, lang = excluded.lang, active = excluded.active,
         stream_position = excluded.stream_position, last_seen_at = excluded.last_seen_at, state = excluded.state`;
  const onReminder = opts.fresh
    ? ''
    : `on conflict (id) do update set text = excluded.text, status = excluded.status, due = excluded.due, rrule = excluded.rrule,
         timezone = excluded.timezone, occurrence = excluded.occurrence,
         fired_occurrence = greatest(${s}.reminders.fired_occurrence, excluded.fired_occurrence), updated_at = excluded.updated_at`;
  if (c.chats.size) {
    const rows: ChatRow[] = [...c.chats.values()].map((x) => x.row);
    const states = [...c.chats.values()].map((x) => JSON.stringify(x.state));
    await tx.query(
      `insert into ${s}.chats (chat_id, timezone, lang, active, stream_position, first_seen_at, last_seen_at, state)
       select * from unnest($1::bigint[], $2::text[], $3::text[], $4::boolean[], $5::integer[], $6::timestamptz[], $7::timestamptz[], $8::jsonb[])
       ${onChat}`,
      [
        col(rows, 'chatId'),
        col(rows, 'timezone'),
        col(rows, 'lang'),
        col(rows, 'active'),
        col(rows, 'streamPosition'),
        col(rows, 'firstSeenAt'),
        col(rows, 'lastSeenAt'),
        states,
      ],
    );
  }
  if (c.reminders.size) {
    const rows: ReminderRow[] = [...c.reminders.values()];
    await tx.query(
      `insert into ${s}.reminders (id, chat_id, text, status, due, rrule, timezone, occurrence, fired_occurrence, source_event_id, created_at, updated_at)
       select * from unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::integer[], $9::integer[], $10::uuid[], $11::timestamptz[], $12::timestamptz[])
       ${onReminder}`,
      [
        col(rows, 'id'),
        col(rows, 'chatId'),
        col(rows, 'text'),
        col(rows, 'status'),
        col(rows, 'due'),
        col(rows, 'rrule'),
        col(rows, 'timezone'),
        col(rows, 'occurrence'),
        col(rows, 'firedOccurrence'),
        col(rows, 'sourceEventId'),
        col(rows, 'createdAt'),
        col(rows, 'updatedAt'),
      ],
    );
  }
  if (c.parses.length) {
    const rows: ParseRow[] = c.parses;
    await tx.query(
      `insert into ${s}.parses (event_id, chat_id, message_event_id, message_text, outcome, intent, due, rrule, reminder_text,
         confidence_intent, confidence_slots, parser, model_version, latency_ms, lang, corrections, reason, occurred_at)
       select * from unnest($1::uuid[], $2::bigint[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::text[], $9::text[],
         $10::float8[], $11::float8[], $12::text[], $13::text[], $14::float8[], $15::text[], $16::jsonb[], $17::text[], $18::timestamptz[])
       ${opts.fresh ? '' : 'on conflict (event_id) do nothing'}`,
      [
        col(rows, 'eventId'),
        col(rows, 'chatId'),
        col(rows, 'messageEventId'),
        col(rows, 'messageText'),
        col(rows, 'outcome'),
        col(rows, 'intent'),
        col(rows, 'due'),
        col(rows, 'rrule'),
        col(rows, 'reminderText'),
        col(rows, 'confidenceIntent'),
        col(rows, 'confidenceSlots'),
        col(rows, 'parser'),
        col(rows, 'modelVersion'),
        col(rows, 'latencyMs'),
        col(rows, 'lang'),
        rows.map((r) => JSON.stringify(r.corrections)),
        col(rows, 'reason'),
        col(rows, 'occurredAt'),
      ],
    );
  }
}
