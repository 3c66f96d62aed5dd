import type { ClickHouse } from '../core/src/clickhouse/index';
import { IMPLICIT_ERROR_MS, LOOKBACK_DAYS } from '../etl/src/assets/parse-quality/queries';
import { REFERENCE_DAYS } from '../etl/src/assets/drift-report/reference';

/**
 * The ceilings of the ETL benchmark: what the same machine does with the same data without the
 * framework and the assets' code. Each is one statement, its parameters bound by the engine.
 *
 * - `parseQualitySql`: every aggregate parse_quality computes (parsed figures per model version
 *   and in all, failures, clarifications, ✏️ feedback, corrections after delivery, reminders
 *   created, implicit errors, messages), as ONE query that reads the day once and joins the
 *   outcomes to the 14-day parse lookback once — where the asset runs eight queries.
 * - `scanSql`: a raw scan, `count()` over every column a set of rows is read for (`ignore()`
 *   keeps them read): the I/O and decompression floor of whatever reads them.
 */
export interface DayWindow {
  from: Date;
  to: Date;
}

const t = (d: Date) => d.toISOString().slice(0, 23).replace('T', ' ');
const DT = "DateTime64(3, 'UTC')";
export const windowParams = (w: DayWindow) => ({
  from: t(w.from),
  to: t(w.to),
  back: t(new Date(w.from.getTime() - LOOKBACK_DAYS * 86_400_000)),
  refFrom: t(new Date(w.from.getTime() - REFERENCE_DAYS * 86_400_000)),
  refFromMinus: t(new Date(w.from.getTime() - REFERENCE_DAYS * 86_400_000 - 60_000)),
  toPlus: t(new Date(w.to.getTime() + 60_000)),
});

/** The parse_quality aggregates of the day in one statement; one row per model version and `*`. */
export function parseQualitySql(ch: ClickHouse): string {
  const raw = ch.table('events_raw');
  const inDay = `occurred_at >= {from:${DT}} AND occurred_at < {to:${DT}}`;
  const inBack = `occurred_at >= {back:${DT}} AND occurred_at < {to:${DT}}`;
  const q = '0.05, 0.25, 0.5, 0.75, 0.95';
  const implicitS = IMPLICIT_ERROR_MS / 1000;
  return `SELECT if(grouping(v) = 1, '*', v) AS mv,
    countIf(k = 1) AS parsed, sumMapIf(map(intent, toUInt64(1)), k = 1) AS intents, sumMapIf(map(lang, toUInt64(1)), k = 1) AS langs,
    countIf(k = 1 AND parser = 'llm') AS llm, countIf(k = 1 AND parser = 'rules') AS rules,
    quantilesExactIf(${q})(ci, k = 1) AS intent_q, quantilesExactIf(${q})(cs, k = 1) AS slot_q, quantilesExactIf(0.5, 0.95, 0.99)(latency, k = 1) AS latency_q,
    countIf(k = 2) AS failed,
    countIf(k = 3 AND type = 'ClarificationRequested') AS clarifications,
    countIf(k = 3 AND type = 'FeedbackGiven' AND kind IN ('wrong-time', 'wrong-text')) AS wrong,
    countIf(k = 3 AND type = 'FeedbackGiven' AND delivered_at IS NOT NULL AND delivered_at < at) AS after_delivery,
    countIf(k = 3 AND type = 'ReminderScheduled') AS created,
    countIf(k = 3 AND type = 'ReminderScheduled' AND changed_at IS NOT NULL AND changed_at >= at AND changed_at <= at + INTERVAL ${implicitS} SECOND) AS implicit,
    any(messages) AS messages
  FROM (
    SELECT if(type = 'MessageParsed', 1, 2) AS k, if(type = 'MessageParsed', toString(model_version), JSONExtractString(data, 'modelVersion')) AS v, type, kind, intent, lang, parser, confidence AS ci, JSONExtractFloat(data, 'confidence', 'slots') AS cs, latency_ms AS latency,
      occurred_at AS at, CAST(NULL AS Nullable(${DT})) AS delivered_at, CAST(NULL AS Nullable(${DT})) AS changed_at
    FROM ${raw} WHERE type IN ('MessageParsed', 'ParseFailed') AND ${inDay}
    UNION ALL
    SELECT 3, p.model_version, o.type, o.kind, '', '', '', 0, 0, 0, o.occurred_at, d.delivered_at, x.changed_at
    FROM (SELECT type, kind, occurred_at, reminder_id, toUUIDOrZero(if(type = 'ClarificationRequested', causation_id, reminder_id)) AS pid FROM ${raw}
          WHERE type IN ('ClarificationRequested', 'FeedbackGiven', 'ReminderScheduled') AND ${inDay}) AS o
    INNER JOIN (SELECT id, model_version FROM ${raw} WHERE type = 'MessageParsed' AND ${inBack}) AS p ON o.pid = p.id
    LEFT JOIN (SELECT reminder_id, toNullable(min(occurred_at)) AS delivered_at FROM ${raw} WHERE type = 'ReminderDelivered' AND ${inBack} GROUP BY reminder_id) AS d
      ON d.reminder_id = o.reminder_id
    LEFT JOIN (SELECT reminder_id, toNullable(min(occurred_at)) AS changed_at FROM ${raw}
               WHERE (type = 'ReminderCancelled' OR (type = 'ReminderRescheduled' AND reason = 'edit'))
                 AND occurred_at >= {from:${DT}} AND occurred_at < {to:${DT}} + INTERVAL ${implicitS} SECOND GROUP BY reminder_id) AS x
      ON x.reminder_id = o.reminder_id
  ) AS u
  CROSS JOIN (SELECT count() AS messages FROM ${raw} WHERE type = 'MessageReceived' AND kind = 'text' AND ${inDay} AND JSONExtractBool(data, 'throttled') = 0) AS m
  GROUP BY GROUPING SETS ((v), ())
  SETTINGS join_use_nulls = 0`;
}

/** Which rows a scan reads, and their columns. */
export type ScanKind = 'day' | 'drift';

/**
 * `day`: the day's rows, every column parse_quality reads of them. `drift`: what drift_report
 * reads — the day's and the 28 reference days' MessageParsed (and MessageReceived a minute
 * around each window) and every ChatSettingsChanged before the day's end — with its columns.
 */
export function scanSql(ch: ClickHouse, kind: ScanKind): string {
  const raw = ch.table('events_raw');
  if (kind === 'day') {
    return `SELECT count() AS n FROM ${raw} WHERE occurred_at >= {from:${DT}} AND occurred_at < {to:${DT}}
      AND NOT ignore(type, id, causation_id, reminder_id, model_version, intent, lang, parser, confidence, latency_ms, kind, reason, data, global_position)`;
  }
  return `SELECT count() AS n FROM ${raw}
    WHERE ((type IN ('MessageParsed', 'MessageReceived') AND occurred_at >= {refFromMinus:${DT}} AND occurred_at < {toPlus:${DT}})
       OR (type = 'ChatSettingsChanged' AND occurred_at < {to:${DT}}))
      AND NOT ignore(id, chat_id, occurred_at, causation_id, lang, intent, parser, confidence, data, global_position)`;
}
