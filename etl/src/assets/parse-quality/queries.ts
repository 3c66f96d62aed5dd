import type { ClickHouse } from '@napominalka/core/clickhouse';
import { chTime as t } from '../shared/ch-time';

/**
 * The day's parse figures from events_raw, per model version and in all (`*`), each a query over
 * the day's window. Values are bound as query parameters; only the table name is in the SQL.
 */
export interface QualityWindow {
  from: Date;
  to: Date;
}

/** Feedback and edits are traced back to the parse that made the reminder, up to this far back. */
export const LOOKBACK_DAYS = 14;
/** A reminder cancelled or edited this soon after it was made was probably misunderstood. */
export const IMPLICIT_ERROR_MS = 5 * 60_000;

const params = (w: QualityWindow) => ({ from: t(w.from), to: t(w.to), back: t(new Date(w.from.getTime() - LOOKBACK_DAYS * 86_400_000)) });
const inDayOf = (a: string) => `${a}occurred_at >= {from:DateTime64(3, 'UTC')} AND ${a}occurred_at < {to:DateTime64(3, 'UTC')}`;
const inDay = inDayOf('');
const n = (v: unknown) => Number(v ?? 0);
const ALL = '*';

export interface ParseRow {
  model_version: string;
  parsed: number;
  intents: Record<string, number>;
  langs: Record<string, number>;
  llm: number;
  rules: number;
  intent_q: number[];
  slot_q: number[];
  latency_q: number[];
}

/** MessageParsed of the day: counts by intent, language and parser; confidence and latency quantiles. */
export async function parsedFigures(ch: ClickHouse, w: QualityWindow): Promise<ParseRow[]> {
  const rows = await ch.query<Record<string, unknown>>(
    `SELECT if(grouping(model_version) = 1, '${ALL}', model_version) AS mv, count() AS parsed,
       sumMap(map(intent, toUInt64(1))) AS intents, sumMap(map(lang, toUInt64(1))) AS langs,
       countIf(parser = 'llm') AS llm, countIf(parser = 'rules') AS rules,
       quantilesExact(0.05, 0.25, 0.5, 0.75, 0.95)(confidence) AS intent_q,
       quantilesExact(0.05, 0.25, 0.5, 0.75, 0.95)(JSONExtractFloat(data, 'confidence', 'slots')) AS slot_q,
       quantilesExact(0.5, 0.95, 0.99)(latency_ms) AS latency_q
     FROM ${ch.table('events_raw')}
     WHERE type = 'MessageParsed' AND ${inDay}
     GROUP BY GROUPING SETS ((model_version), ())`,
    params(w),
  );
  return rows.map((r) => ({
    model_version: String(r.mv),
    parsed: n(r.parsed),
    intents: counts(r.intents),
    langs: counts(r.langs),
    llm: n(r.llm),
    rules: n(r.rules),
    intent_q: (r.intent_q as unknown[]).map(Number),
    slot_q: (r.slot_q as unknown[]).map(Number),
    latency_q: (r.latency_q as unknown[]).map(Number),
  }));
}

/** Counts per model version (and `*`) of one kind of outcome. */
type PerModel = Map<string, number>;

async function perModel(ch: ClickHouse, sql: string, w: QualityWindow): Promise<PerModel> {
  const rows = await ch.query<{ mv: string; n: string | number }>(sql, params(w));
  return new Map(rows.map((r) => [String(r.mv), n(r.n)]));
}

const grouped = (inner: string) => `SELECT if(grouping(v) = 1, '${ALL}', v) AS mv, count() AS n FROM (${inner}) GROUP BY GROUPING SETS ((v), ())`;

/** The model version of the parse an event points at (by causation or by reminder id), looked up this far back. */
const parsesBack = (ch: ClickHouse) =>
  `SELECT id, model_version FROM ${ch.table('events_raw')} WHERE type = 'MessageParsed' AND occurred_at >= {back:DateTime64(3, 'UTC')} AND occurred_at < {to:DateTime64(3, 'UTC')}`;

export async function outcomeCounts(
  ch: ClickHouse,
  w: QualityWindow,
): Promise<{ failed: PerModel; clarifications: PerModel; wrong: PerModel; afterDelivery: PerModel; created: PerModel; implicit: PerModel; messages: number }> {
  const raw = ch.table('events_raw');
  const failed = await perModel(ch, grouped(`SELECT JSONExtractString(data, 'modelVersion') AS v FROM ${raw} WHERE type = 'ParseFailed' AND ${inDay}`), w);
  const clarifications = await perModel(
    ch,
    grouped(`SELECT p.model_version AS v FROM ${raw} AS c INNER JOIN (${parsesBack(ch)}) AS p ON toUUIDOrZero(c.causation_id) = p.id
             WHERE c.type = 'ClarificationRequested' AND ${inDayOf('c.')}`),
    w,
  );
  const wrong = await perModel(
    ch,
    grouped(`SELECT p.model_version AS v FROM ${raw} AS f INNER JOIN (${parsesBack(ch)}) AS p ON toUUIDOrZero(f.reminder_id) = p.id
             WHERE f.type = 'FeedbackGiven' AND f.kind IN ('wrong-time', 'wrong-text') AND ${inDayOf('f.')}`),
    w,
  );
  const afterDelivery = await perModel(
    ch,
    grouped(`SELECT p.model_version AS v FROM ${raw} AS f
             INNER JOIN (${parsesBack(ch)}) AS p ON toUUIDOrZero(f.reminder_id) = p.id
             INNER JOIN (SELECT reminder_id, min(occurred_at) AS delivered_at FROM ${raw}
                         WHERE type = 'ReminderDelivered' AND occurred_at >= {back:DateTime64(3, 'UTC')} AND occurred_at < {to:DateTime64(3, 'UTC')} GROUP BY reminder_id) AS d
               ON d.reminder_id = f.reminder_id
             WHERE f.type = 'FeedbackGiven' AND ${inDayOf('f.')} AND d.delivered_at < f.occurred_at`),
    w,
  );
  const createdSql = `SELECT s.reminder_id AS reminder_id, s.occurred_at AS created_at, p.model_version AS v FROM ${raw} AS s
    INNER JOIN (${parsesBack(ch)}) AS p ON toUUIDOrZero(s.reminder_id) = p.id
    WHERE s.type = 'ReminderScheduled' AND ${inDayOf('s.')}`;
  const created = await perModel(ch, grouped(createdSql), w);
  const implicit = await perModel(
    ch,
    grouped(`SELECT c.v AS v FROM (${createdSql}) AS c
             INNER JOIN (SELECT reminder_id, min(occurred_at) AS changed_at FROM ${raw}
                         WHERE (type = 'ReminderCancelled' OR (type = 'ReminderRescheduled' AND reason = 'edit'))
                           AND occurred_at >= {from:DateTime64(3, 'UTC')} AND occurred_at < {to:DateTime64(3, 'UTC')} + INTERVAL ${IMPLICIT_ERROR_MS / 1000} SECOND
                         GROUP BY reminder_id) AS x ON x.reminder_id = c.reminder_id
             WHERE x.changed_at >= c.created_at AND x.changed_at <= c.created_at + INTERVAL ${IMPLICIT_ERROR_MS / 1000} SECOND`),
    w,
  );
  const [m] = await ch.query<{ n: string }>(
    `SELECT count() AS n FROM ${raw} WHERE type = 'MessageReceived' AND kind = 'text' AND ${inDay} AND JSONExtractBool(data, 'throttled') = 0`,
    params(w),
  );
  return { failed, clarifications, wrong, afterDelivery, created, implicit, messages: n(m?.n) };
}

function counts(v: unknown): Record<string, number> {
  if (!v || typeof v !== 'object') return {};
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, Number(x)]));
}
