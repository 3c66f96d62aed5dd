import { CHATS_CTE, ch, when, type DashboardSpec } from './panels';

/**
 * Model: how the parser does, per model version. Live figures come from events_raw (filtered by
 * language, model version and zone) and mart_parse_daily; the ETL's daily verdicts from
 * etl_parse_quality (one row per day and model version, '*' for all) and etl_drift_summary.
 */
const parsedFilter = `${when('lang', 'e.lang')} AND ${when('model_version', 'e.model_version')} AND ${when('zone', 'c.chat_zone')}`;
const parsed = (select: string, groupBy: string) => `WITH ${CHATS_CTE}
SELECT ${select}
FROM events_raw AS e
INNER JOIN chats AS c ON c.chat_id = e.chat_id
WHERE e.type = 'MessageParsed' AND $__timeFilter(e.occurred_at) AND ${parsedFilter}
GROUP BY ${groupBy}`;

/** One rate of etl_parse_quality per day and model version. */
const etlRate = (title: string, column: string, description: string) =>
  ch({
    title,
    type: 'timeseries',
    w: 6,
    unit: 'percentunit',
    description: `${description} (ETL parse_quality, per model version; '*' is all versions).`,
    sql: `SELECT toDateTime(day) AS time, model_version, ${column}
FROM etl_parse_quality
WHERE $__dateFilter(day) AND ${when('model_version', 'model_version')}
ORDER BY time`,
  });

export const model: DashboardSpec = {
  uid: 'napominalka-model',
  title: 'Napominalka — model',
  description: 'Intent mix, confidence, clarification / failure / fallback / feedback rates, parse latency and drift, per model version.',
  tags: ['napominalka', 'model', 'clickhouse'],
  time: { from: 'now-30d', to: 'now' },
  refresh: '5m',
  variables: ['lang', 'model_version', 'zone'],
  panels: [
    ch({
      title: 'Drift (latest report in range)',
      type: 'stat',
      w: 8,
      h: 4,
      description: 'The drift_report asset of the last day in the range (etl_drift_summary): 1 = dataset drift.',
      sql: `SELECT argMax(dataset_drift, day) AS dataset_drift, argMax(drifted_features, day) AS drifted_features, argMax(drift_share, day) AS drift_share
FROM etl_drift_summary
WHERE $__dateFilter(day)`,
    }),
    ch({
      title: 'Parses in range',
      type: 'stat',
      w: 16,
      h: 4,
      sql: parsed(
        `uniqExact(e.id) AS parsed, round(avg(e.confidence), 3) AS mean_confidence, round(quantile(0.99)(e.latency_ms), 2) AS latency_p99_ms`,
        'tuple()',
      ),
    }),
    ch({
      title: 'Intent mix',
      type: 'timeseries',
      stacked: true,
      description: 'MessageParsed per interval by intent; filtered by $lang, $model_version and $zone.',
      sql: `${parsed('$__timeInterval(e.occurred_at) AS time, e.intent AS intent, uniqExact(e.id) AS messages', 'time, intent')}
ORDER BY time`,
    }),
    ch({
      title: 'Intent share by model version',
      type: 'table',
      sql: `${parsed(
        'e.model_version AS model_version, e.intent AS intent, uniqExact(e.id) AS messages, round(messages / sum(messages) OVER (PARTITION BY model_version), 4) AS share',
        'model_version, intent',
      )}
ORDER BY model_version, messages DESC`,
    }),
    ch({
      title: 'Intent confidence distribution',
      type: 'barchart',
      description: 'Parsed messages per tenth of intent confidence; filtered by $lang, $model_version and $zone.',
      sql: `${parsed(
        "concat(toString(least(9, toUInt8(floor(e.confidence * 10))) / 10), '–', toString((least(9, toUInt8(floor(e.confidence * 10))) + 1) / 10)) AS confidence, uniqExact(e.id) AS messages",
        'confidence',
      )}
ORDER BY confidence`,
    }),
    ch({
      title: 'Confidence p50 by model version',
      type: 'timeseries',
      description: 'Median intent and slot confidence per interval.',
      sql: `${parsed(
        "$__timeInterval(e.occurred_at) AS time, e.model_version AS model_version, quantile(0.5)(e.confidence) AS intent_p50, quantile(0.5)(JSONExtractFloat(e.data, 'confidence', 'slots')) AS slots_p50",
        'time, model_version',
      )}
ORDER BY time`,
    }),
    ch({
      title: 'Intent confidence quantiles per day',
      type: 'timeseries',
      description: 'DDSketch quantiles of every MessageParsed (mart_parse_daily, values × 1000; all versions).',
      // quantilesDD's first parameter is the sketch's relative accuracy, not a level.
      sql: `SELECT time, q[1] / 1000 AS p05, q[2] / 1000 AS p25, q[3] / 1000 AS p50, q[4] / 1000 AS p75, q[5] / 1000 AS p95
FROM (
  SELECT toDateTime(day) AS time, quantilesDDMerge(0.01, 0.05, 0.25, 0.5, 0.75, 0.95)(confidence_q) AS q
  FROM mart_parse_daily
  WHERE outcome = 'MessageParsed' AND $__dateFilter(day)
  GROUP BY day
)
ORDER BY time`,
    }),
    ch({
      title: 'Outcomes and fallback per day',
      type: 'timeseries',
      unit: 'percentunit',
      description: 'Live rates from mart_parse_daily (all versions): failures and clarifications per attempt, LLM and rules answers per parse.',
      sql: `SELECT toDateTime(day) AS time,
  sumIf(events, outcome = 'ParseFailed') / nullIf(sumIf(events, outcome IN ('MessageParsed', 'ParseFailed')), 0) AS failure_rate,
  sumIf(events, outcome = 'ClarificationRequested') / nullIf(sumIf(events, outcome IN ('MessageParsed', 'ParseFailed')), 0) AS clarification_rate,
  sumIf(events, outcome = 'MessageParsed' AND parser != 'model') / nullIf(sumIf(events, outcome = 'MessageParsed'), 0) AS fallback_rate
FROM mart_parse_daily
WHERE $__dateFilter(day)
GROUP BY day
ORDER BY time`,
    }),
    etlRate('Clarification rate', 'clarification_rate', 'ClarificationRequested per parse attempt'),
    etlRate('Failure rate', 'failure_rate', 'ParseFailed per parse attempt'),
    etlRate('Fallback rate (LLM + rules)', 'llm_rate + rules_rate AS fallback_rate', 'Parses answered by the LLM or the rules instead of the model'),
    etlRate('✏️ Feedback rate', 'wrong_feedback_rate', 'FeedbackGiven per parse'),
    ch({
      title: 'Parse latency by model version',
      type: 'timeseries',
      unit: 'ms',
      sql: `${parsed(
        '$__timeInterval(e.occurred_at) AS time, e.model_version AS model_version, quantile(0.5)(e.latency_ms) AS p50, quantile(0.99)(e.latency_ms) AS p99',
        'time, model_version',
      )}
ORDER BY time`,
    }),
    ch({
      title: 'Parse latency p99 per day (ETL)',
      type: 'timeseries',
      unit: 'ms',
      description: 'etl_parse_quality.latency_ms_q = [p50, p95, p99], per model version.',
      sql: `SELECT toDateTime(day) AS time, model_version, latency_ms_q[3] AS p99
FROM etl_parse_quality
WHERE $__dateFilter(day) AND notEmpty(latency_ms_q) AND ${when('model_version', 'model_version')}
ORDER BY time`,
    }),
    ch({
      title: 'Parser per day',
      type: 'timeseries',
      bars: true,
      stacked: true,
      description: 'Which parser answered (mart_parse_daily): model, llm (fallback) or rules.',
      sql: `SELECT toDateTime(day) AS time, parser, sum(events) AS parses
FROM mart_parse_daily
WHERE outcome = 'MessageParsed' AND $__dateFilter(day)
GROUP BY day, parser
ORDER BY time`,
    }),
    ch({
      title: 'Feedback per day',
      type: 'timeseries',
      bars: true,
      stacked: true,
      sql: `SELECT toDateTime(day) AS time, kind, sum(feedback) AS feedback
FROM mart_feedback_daily
WHERE $__dateFilter(day)
GROUP BY day, kind
ORDER BY time`,
    }),
    ch({
      title: 'Drift share per day',
      type: 'timeseries',
      unit: 'percentunit',
      description: 'Share of drifted features (etl_drift_summary), by reference; dataset drift when it passes the threshold.',
      sql: `SELECT toDateTime(day) AS time, reference, drift_share, dataset_drift
FROM etl_drift_summary
WHERE $__dateFilter(day)
ORDER BY time`,
    }),
    ch({
      title: 'Drifting features',
      type: 'barchart',
      description: 'Days in the range on which each feature drifted.',
      sql: `SELECT feature, count() AS days_drifted
FROM etl_drift_summary
ARRAY JOIN drifted AS feature
WHERE $__dateFilter(day)
GROUP BY feature
ORDER BY days_drifted DESC, feature`,
    }),
    ch({
      title: 'Drift reports',
      type: 'table',
      w: 24,
      sql: `SELECT day, reference, dataset_drift, round(drift_share, 3) AS drift_share, drifted_features, features, text_drift,
  round(text_roc_auc, 3) AS text_roc_auc, arrayStringConcat(drifted, ', ') AS drifted, reference_rows, current_rows
FROM etl_drift_summary
WHERE $__dateFilter(day)
ORDER BY day DESC`,
    }),
    ch({
      title: 'Model promotions',
      type: 'table',
      description: 'ModelPromoted to or from the selected versions.',
      w: 24,
      h: 6,
      sql: `SELECT occurred_at AS time, model_version AS version, JSONExtractString(data, 'previous') AS previous,
  JSONExtractString(data, 'reason') AS reason, JSONExtractString(data, 'actor') AS actor, JSONExtractString(data, 'note') AS note
FROM events_raw
WHERE type = 'ModelPromoted' AND $__timeFilter(occurred_at)
  AND (${when('model_version', 'model_version')} OR ${when('model_version', "JSONExtractString(data, 'previous')")})
ORDER BY time DESC`,
    }),
  ],
};
