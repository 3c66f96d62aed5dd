import { ident, type ClickHouse } from '@napominalka/core/clickhouse';

/**
 * The ETL's output tables in ClickHouse (beside events_raw and the marts), read by the web UI and
 * Grafana. Each is partitioned by its day, so a materialization replaces its day whole and
 * atomically (shared/replace-partition.ts): a re-run never leaves a stale or a double row. Every
 * statement is idempotent.
 */
export const ETL_CLICKHOUSE_TABLES: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS {db}.etl_parse_quality (
    day Date,
    model_version LowCardinality(String),
    messages UInt64,
    attempts UInt64,
    parsed UInt64,
    failed UInt64,
    clarifications UInt64,
    intent_share Map(String, Float64),
    lang_share Map(String, Float64),
    clarification_rate Nullable(Float64),
    failure_rate Nullable(Float64),
    llm_rate Nullable(Float64),
    rules_rate Nullable(Float64),
    wrong_feedback_rate Nullable(Float64),
    corrections_after_delivery UInt64,
    reminders_created UInt64,
    implicit_error_rate Nullable(Float64),
    intent_confidence_q Array(Float64),
    slot_confidence_q Array(Float64),
    latency_ms_q Array(Float64),
    run_id String,
    materialized_at DateTime64(3, 'UTC')
  ) ENGINE = MergeTree PARTITION BY day ORDER BY (day, model_version)`,
  `CREATE TABLE IF NOT EXISTS {db}.etl_drift_summary (
    day Date,
    reference LowCardinality(String),
    reference_rows UInt64,
    current_rows UInt64,
    features UInt32,
    drifted_features UInt32,
    drift_share Float64,
    dataset_drift UInt8,
    text_drift Nullable(UInt8),
    text_roc_auc Nullable(Float64),
    drifted Array(String),
    run_id String,
    materialized_at DateTime64(3, 'UTC')
  ) ENGINE = MergeTree PARTITION BY day ORDER BY day`,
  // Labelled examples from production (feedback_labels): the corpus-format label as JSON, with
  // provenance. User text stays here and in the registry folder's training sets.
  `CREATE TABLE IF NOT EXISTS {db}.etl_feedback_labels (
    day Date,
    id String,
    source LowCardinality(String),
    use LowCardinality(String),
    lang LowCardinality(String),
    model_version LowCardinality(String),
    chat_id Int64,
    label String,
    run_id String,
    materialized_at DateTime64(3, 'UTC')
  ) ENGINE = MergeTree PARTITION BY day ORDER BY (day, id)`,
];

export async function migrateEtlTables(ch: ClickHouse): Promise<void> {
  await ch.command(`CREATE DATABASE IF NOT EXISTS ${ident(ch.database)}`);
  for (const sql of ETL_CLICKHOUSE_TABLES) await ch.command(sql.replaceAll('{db}', ident(ch.database)));
}
