import type pg from 'pg';
import { quoteIdent } from '@napominalka/core';
import type { HistoryFilters } from './filters';

export const PAGE_SIZE = 50;

export interface HistoryRow {
  eventId: string;
  chatId: string;
  messageText: string | null;
  outcome: string;
  intent: string | null;
  confidence: number | null;
  parser: string | null;
  modelVersion: string | null;
  lang: string | null;
  occurredAt: Date;
  /** occurred_at to the microsecond (a Date keeps milliseconds): the cursor must not skip or repeat rows. */
  cursorAt: string;
  timezone: string | null;
}

/** ILIKE's own wildcards taken literally (the escape character is the default backslash). */
export const likeEscape = (s: string): string => s.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/** One page of parses, newest first, strictly before the cursor; one extra row says whether more follow. */
export async function loadHistory(pool: pg.Pool, schema: string, f: HistoryFilters): Promise<{ rows: HistoryRow[]; more: boolean }> {
  const s = quoteIdent(schema);
  const params: unknown[] = [];
  const where: string[] = [];
  const add = (sql: (p: string) => string, v: unknown) => {
    params.push(v);
    where.push(sql(`$${params.length}`));
  };
  if (f.q) add((p) => `p.message_text ilike ${p}`, `%${likeEscape(f.q)}%`);
  if (f.intent) add((p) => `p.intent = ${p}`, f.intent);
  if (f.lang) add((p) => `p.lang = ${p}`, f.lang);
  if (f.model) add((p) => `p.model_version = ${p}`, f.model);
  if (f.cmin !== undefined) add((p) => `p.confidence_intent >= ${p}`, f.cmin);
  if (f.cmax !== undefined) add((p) => `p.confidence_intent <= ${p}`, f.cmax);
  // The read model has parsed/failed only; a clarification is the ClarificationRequested event this parse caused.
  if (f.outcome === 'clarification') {
    where.push(`exists (select 1 from ${s}.events e where e.stream_id = 'chat-' || p.chat_id::text and e.type = 'ClarificationRequested'
      and e.metadata->>'causationId' = p.event_id::text)`);
  } else if (f.outcome) add((p) => `p.outcome = ${p}`, f.outcome);
  // The reminder this parse made: its source event is the parse or its message.
  const madeBy = `r.chat_id = p.chat_id and r.source_event_id in (p.event_id, p.message_event_id)`;
  if (f.cancelled)
    where.push(`exists (select 1 from ${s}.reminders r where ${madeBy} and r.status = 'cancelled' and r.updated_at - r.created_at <= interval '5 minutes')`);
  if (f.feedback) {
    where.push(`exists (select 1 from ${s}.reminders r join ${s}.events e on e.stream_id = 'chat-' || p.chat_id::text and e.type = 'FeedbackGiven'
      and e.data->>'reminderId' = r.id where ${madeBy})`);
  }
  if (f.before) {
    params.push(f.before.at, f.before.id);
    where.push(`(p.occurred_at, p.event_id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(PAGE_SIZE + 1);
  const res = await pool.query<HistoryRow>(
    `select p.event_id as "eventId", p.chat_id::text as "chatId", p.message_text as "messageText", p.outcome, p.intent,
       p.confidence_intent as confidence, p.parser, p.model_version as "modelVersion", p.lang, p.occurred_at as "occurredAt",
       to_char(p.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "cursorAt", c.timezone
     from ${s}.parses p left join ${s}.chats c on c.chat_id = p.chat_id
     ${where.length ? `where ${where.join(' and ')}` : ''}
     order by p.occurred_at desc, p.event_id desc limit $${params.length}`,
    params,
  );
  return { rows: res.rows.slice(0, PAGE_SIZE), more: res.rows.length > PAGE_SIZE };
}
