import type { ClickHouse } from './client';
import { DD, SKETCH_SCALE } from './migrations';

/**
 * Typed queries of the marts, one per mart. Values are query parameters (`{name:Type}`, bound by
 * the server), never part of the SQL text. A range is UTC: `from` inclusive, `to` exclusive for
 * hours, and whole UTC days `from`..`to` inclusive for the daily marts.
 */
export interface TimeRange {
  from: Date;
  to: Date;
}

/** Every day and hour there is: what `verify` compares. */
export const ALL_TIME: TimeRange = { from: new Date('1970-01-01T00:00:00Z'), to: new Date('2105-12-31T00:00:00Z') };

const day = (d: Date): string => d.toISOString().slice(0, 10);
const second = (d: Date): string => d.toISOString().slice(0, 19).replace('T', ' ');
const n = (v: unknown): number => Number(v);
/** An empty sketch yields NaN (JSON null): no value. */
const q = (v: unknown): number | null => (v === null || v === undefined || Number.isNaN(Number(v)) ? null : Number(v) / SKETCH_SCALE);
const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

export interface MessagesHour {
  /** Start of the UTC hour (or day, with `per: 'day'`), ISO. */
  hour: string;
  lang: string;
  intent: string;
  messages: number;
}

/**
 * Parsed messages per UTC hour by language and intent, optionally of one language or intent.
 * `per: 'day'` sums the hours of each UTC day: a year of hours is ~100,000 rows, which costs far
 * more to ship than to aggregate — ask for days over long ranges (as a dashboard would).
 */
export async function messagesPerHour(ch: ClickHouse, r: TimeRange & { lang?: string; intent?: string; per?: 'hour' | 'day' }): Promise<MessagesHour[]> {
  const bucket = r.per === 'day' ? 'toStartOfDay(hour)' : 'hour';
  const rows = await ch.query<{ hour_iso: string; lang: string; intent: string; messages: string | number }>(
    `SELECT formatDateTime(${bucket}, '%Y-%m-%dT%H:00:00Z') AS hour_iso, lang, intent, sum(messages) AS messages
     FROM ${ch.table('mart_messages_hourly')}
     WHERE hour >= {from:DateTime('UTC')} AND hour < {to:DateTime('UTC')}
       AND ({lang:String} = '' OR lang = {lang:String}) AND ({intent:String} = '' OR intent = {intent:String})
     GROUP BY ${bucket}, lang, intent ORDER BY ${bucket}, lang, intent`,
    { from: second(r.from), to: second(r.to), lang: r.lang ?? '', intent: r.intent ?? '' },
  );
  return rows.map((x) => ({ hour: x.hour_iso, lang: x.lang, intent: x.intent, messages: n(x.messages) }));
}

export interface ParseQualityDay {
  day: string;
  /** MessageParsed + ParseFailed: every message the parser finished with. */
  attempts: number;
  parsed: number;
  failed: number;
  clarifications: number;
  byParser: { model: number; llm: number; rules: number };
  /** Share of parsed messages the LLM answered. */
  llmShare: number | null;
  /** ParseFailed ÷ attempts. */
  failureRate: number | null;
  /** ClarificationRequested ÷ attempts. */
  clarificationRate: number | null;
  /** Intent confidence of parsed messages: count per tenth ([0, 0.1) … [0.9, 1]) and quantiles. */
  confidenceHistogram: number[];
  confidence: { p05: number | null; p25: number | null; p50: number | null; p75: number | null; p95: number | null };
  latencyMs: { p50: number | null; p95: number | null; p99: number | null };
}

/** Parse quality per UTC day (DDSketch quantiles: within 1 % of the exact value). */
export async function parseQualityDaily(ch: ClickHouse, r: TimeRange): Promise<ParseQualityDay[]> {
  const rows = await ch.query<Record<string, unknown>>(
    `SELECT toString(day) AS day_s,
       sumIf(events, outcome = 'MessageParsed') AS parsed,
       sumIf(events, outcome = 'ParseFailed') AS failed,
       sumIf(events, outcome = 'ClarificationRequested') AS clarifications,
       sumIf(events, outcome = 'MessageParsed' AND parser = 'model') AS by_model,
       sumIf(events, outcome = 'MessageParsed' AND parser = 'llm') AS by_llm,
       sumIf(events, outcome = 'MessageParsed' AND parser = 'rules') AS by_rules,
       sumMapIf(confidence_hist, outcome = 'MessageParsed') AS hist,
       ${DD.confidence.replace('(', 'MergeIf(')}(confidence_q, outcome = 'MessageParsed') AS conf_q,
       ${DD.latency.replace('(', 'MergeIf(')}(latency_q, outcome = 'MessageParsed') AS latency_q
     FROM ${ch.table('mart_parse_daily')}
     WHERE day BETWEEN {from:Date} AND {to:Date}
     GROUP BY day ORDER BY day`,
    { from: day(r.from), to: day(r.to) },
  );
  return rows.map((x) => {
    const parsed = n(x.parsed);
    const failed = n(x.failed);
    const clarifications = n(x.clarifications);
    const llm = n(x.by_llm);
    const attempts = parsed + failed;
    const [keys, counts] = x.hist as [number[], Array<number | string>];
    const histogram = Array.from({ length: 10 }, () => 0);
    keys.forEach((k, i) => (histogram[Number(k)] = n(counts[i])));
    const c = (x.conf_q as unknown[]).map((v) => (parsed > 0 ? q(v) : null));
    const l = (x.latency_q as unknown[]).map((v) => (parsed > 0 ? q(v) : null));
    return {
      day: String(x.day_s),
      attempts,
      parsed,
      failed,
      clarifications,
      byParser: { model: n(x.by_model), llm, rules: n(x.by_rules) },
      llmShare: ratio(llm, parsed),
      failureRate: ratio(failed, attempts),
      clarificationRate: ratio(clarifications, attempts),
      confidenceHistogram: histogram,
      confidence: { p05: c[0] ?? null, p25: c[1] ?? null, p50: c[2] ?? null, p75: c[3] ?? null, p95: c[4] ?? null },
      latencyMs: { p50: l[0] ?? null, p95: l[1] ?? null, p99: l[2] ?? null },
    };
  });
}

export interface RemindersDay {
  day: string;
  /** ReminderScheduled. */
  created: number;
  delivered: number;
  deliveryFailed: number;
  cancelled: number;
  /** ReminderRescheduled with reason snooze. */
  snoozed: number;
  /** ReminderRescheduled of any reason (snooze, edit, next occurrence, …). */
  rescheduled: number;
  completed: number;
  /** Delivery lateness (ReminderDelivered.latenessMs) quantiles; null on a day without deliveries. */
  latenessMs: { p50: number | null; p95: number | null; p99: number | null };
}

/** Reminders per UTC day. */
export async function remindersDaily(ch: ClickHouse, r: TimeRange): Promise<RemindersDay[]> {
  const rows = await ch.query<Record<string, unknown>>(
    `SELECT toString(day) AS day_s, sum(created) AS created, sum(delivered) AS delivered, sum(delivery_failed) AS delivery_failed,
       sum(cancelled) AS cancelled, sum(snoozed) AS snoozed, sum(rescheduled) AS rescheduled, sum(completed) AS completed,
       ${DD.latency.replace('(', 'Merge(')}(lateness_q) AS lateness_q
     FROM ${ch.table('mart_reminders_daily')}
     WHERE day BETWEEN {from:Date} AND {to:Date}
     GROUP BY day ORDER BY day`,
    { from: day(r.from), to: day(r.to) },
  );
  return rows.map((x) => {
    const delivered = n(x.delivered);
    const l = (x.lateness_q as unknown[]).map((v) => (delivered > 0 ? q(v) : null));
    return {
      day: String(x.day_s),
      created: n(x.created),
      delivered,
      deliveryFailed: n(x.delivery_failed),
      cancelled: n(x.cancelled),
      snoozed: n(x.snoozed),
      rescheduled: n(x.rescheduled),
      completed: n(x.completed),
      latenessMs: { p50: l[0] ?? null, p95: l[1] ?? null, p99: l[2] ?? null },
    };
  });
}

export interface FeedbackDay {
  day: string;
  kind: string;
  feedback: number;
  /** Feedback of this kind per parsed message that day (null on a day without parses). */
  perParsed: number | null;
}

/** Feedback per UTC day by kind, with the day's parsed messages as the rate's denominator. */
export async function feedbackDaily(ch: ClickHouse, r: TimeRange): Promise<FeedbackDay[]> {
  const rows = await ch.query<{ day_s: string; kind: string; feedback: number | string; parsed: number | string }>(
    `SELECT toString(f.day) AS day_s, f.kind AS kind, f.feedback AS feedback, p.parsed AS parsed
     FROM (
       SELECT day, kind, sum(feedback) AS feedback FROM ${ch.table('mart_feedback_daily')}
       WHERE day BETWEEN {from:Date} AND {to:Date} GROUP BY day, kind
     ) AS f
     LEFT JOIN (
       SELECT day, sum(events) AS parsed FROM ${ch.table('mart_parse_daily')}
       WHERE day BETWEEN {from:Date} AND {to:Date} AND outcome = 'MessageParsed' GROUP BY day
     ) AS p ON f.day = p.day
     ORDER BY f.day, f.kind`,
    { from: day(r.from), to: day(r.to) },
  );
  return rows.map((x) => ({ day: String(x.day_s), kind: x.kind, feedback: n(x.feedback), perParsed: ratio(n(x.feedback), n(x.parsed)) }));
}

export interface ActiveChats {
  /** The UTC day, or the Monday starting the ISO week. */
  period: string;
  chats: number;
  /** MessageReceived of the day (days only). */
  messages: number | null;
}

/**
 * Distinct chats that wrote (MessageReceived) per UTC day or per ISO week (Monday to Sunday; the
 * weeks whose Monday lies in the range, counted over the whole week). Exact: each is one merge of
 * set states, never a sum of daily counts.
 */
export async function activeChats(ch: ClickHouse, r: TimeRange & { per: 'day' | 'week' }): Promise<ActiveChats[]> {
  if (r.per === 'week') {
    const rows = await ch.query<{ period_s: string; chats: number | string }>(
      `SELECT toString(week) AS period_s, uniqExactMerge(chats) AS chats
       FROM ${ch.table('mart_active_chats_weekly')}
       WHERE week BETWEEN toMonday({from:Date}) AND {to:Date}
       GROUP BY week ORDER BY week`,
      { from: day(r.from), to: day(r.to) },
    );
    return rows.map((x) => ({ period: String(x.period_s), chats: n(x.chats), messages: null }));
  }
  const rows = await ch.query<{ period_s: string; chats: number | string; messages: number | string }>(
    `SELECT toString(day) AS period_s, uniqExactMerge(chats) AS chats, sum(messages) AS messages
     FROM ${ch.table('mart_active_chats_daily')}
     WHERE day BETWEEN {from:Date} AND {to:Date}
     GROUP BY day ORDER BY day`,
    { from: day(r.from), to: day(r.to) },
  );
  return rows.map((x) => ({ period: String(x.period_s), chats: n(x.chats), messages: n(x.messages) }));
}
