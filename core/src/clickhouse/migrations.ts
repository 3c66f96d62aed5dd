import { ident, type ClickHouse } from './client';

/**
 * Versioned ClickHouse migrations of the analytics projection. Never edit a released migration:
 * add the next one. `{db}` stands for the quoted database name (identifiers cannot be query
 * parameters in DDL); every statement is idempotent (`IF NOT EXISTS`), so a run interrupted half
 * way, or two processes migrating at once, end in the same schema.
 *
 * Why these tables (see also the benchmark, `pnpm bench:reminders`):
 *
 * - `events_raw` holds every event once. ReplacingMergeTree ordered by (global_position, id): the
 *   projection's "already present?" check is a primary-key range read of the batch's positions,
 *   and a duplicate that got in anyway collapses on merge. `non_replicated_deduplication_window`
 *   keeps the hashes of the last inserted blocks, so re-sending a block with the same
 *   `insert_deduplication_token` inserts nothing — and a block dropped there never reaches the
 *   materialized views. The extracted columns (lang, intent, …) are what the marts group by; their
 *   value is meaningful only for the event types that carry the field (0 / '' otherwise).
 * - Marts are materialized views into Summing/AggregatingMergeTree tables, filled as events are
 *   inserted: a mart query reads thousands of pre-aggregated rows instead of scanning millions of
 *   events, which keeps it far below 100 ms at 10 M events (query-time aggregation over events_raw
 *   is measured beside it in the benchmark). Every aggregate is chosen to be independent of how
 *   events were split into inserts and merged, so a rebuild equals the live projection exactly:
 *   counts (sums of integers), `uniqExact` states, and DDSketch quantiles (`quantilesDD`, 1 %
 *   relative accuracy; fixed buckets, so merging is addition — unlike t-digest, whose result
 *   depends on insertion order). No floating-point sums. Marts remember recent block tokens too
 *   (see DEDUP).
 * - A later migration that adds a view backfills its table from what is already there.
 * - Times are UTC; hours and days are UTC hours and days of `occurred_at`.
 */
export interface ClickHouseMigration {
  version: number;
  name: string;
  statements: string[];
}

/**
 * Blocks whose hashes (or insert_deduplication_token) each table remembers. Also on the marts:
 * with `deduplicate_blocks_in_dependent_materialized_views = 1` a view's block carries a token
 * derived from its source block's, and this is what stops a re-sent events_raw block from being
 * counted again — deduplicating events_raw alone still lets the views run on the dropped block.
 */
const DEDUP = 'non_replicated_deduplication_window = 10000';

/**
 * DDSketch relative accuracy and levels, part of the mart column types (queries must match).
 * Sketches hold values × {@link SKETCH_SCALE} (per mille of confidence, microseconds of time):
 * ClickHouse's DDSketch is ~0.1–0.5 % off above 1 but 2–3 % off below 1.
 */
export const SKETCH_SCALE = 1000;
export const DD = {
  confidence: 'quantilesDD(0.01, 0.05, 0.25, 0.5, 0.75, 0.95)',
  latency: 'quantilesDD(0.01, 0.5, 0.95, 0.99)',
} as const;

export const migrations: readonly ClickHouseMigration[] = [
  {
    version: 1,
    name: 'events_raw and marts',
    statements: [
      `CREATE TABLE IF NOT EXISTS {db}.events_raw (
        id UUID,
        type LowCardinality(String),
        schema_version UInt16,
        stream_id String,
        stream_position UInt32,
        global_position UInt64,
        transaction_id UInt64,
        chat_id Int64,
        occurred_at DateTime64(3, 'UTC'),
        recorded_at DateTime64(3, 'UTC'),
        correlation_id String,
        causation_id String,
        data String,
        lang LowCardinality(String),
        intent LowCardinality(String),
        parser LowCardinality(String),
        model_version LowCardinality(String),
        confidence Float64,
        latency_ms Float64,
        reason LowCardinality(String),
        kind LowCardinality(String),
        lateness_ms Float64,
        reminder_id String,
        inserted_at DateTime64(3, 'UTC') DEFAULT now64(3),
        INDEX occurred_at_minmax occurred_at TYPE minmax GRANULARITY 1,
        INDEX type_set type TYPE set(64) GRANULARITY 1
      ) ENGINE = ReplacingMergeTree
      PARTITION BY toYYYYMM(occurred_at)
      ORDER BY (global_position, id)
      SETTINGS ${DEDUP}`,

      // Messages per UTC hour by language and intent (MessageParsed).
      `CREATE TABLE IF NOT EXISTS {db}.mart_messages_hourly (
        hour DateTime('UTC'),
        lang LowCardinality(String),
        intent LowCardinality(String),
        messages UInt64
      ) ENGINE = SummingMergeTree ORDER BY (hour, lang, intent) SETTINGS ${DEDUP}`,
      `CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.mv_messages_hourly TO {db}.mart_messages_hourly AS
        SELECT toStartOfHour(occurred_at) AS hour, lang, intent, count() AS messages
        FROM {db}.events_raw WHERE type = 'MessageParsed'
        GROUP BY hour, lang, intent`,

      // Parse quality per day: outcome counts by parser, confidence (histogram in tenths and
      // quantiles) and latency quantiles of MessageParsed.
      `CREATE TABLE IF NOT EXISTS {db}.mart_parse_daily (
        day Date,
        outcome LowCardinality(String),
        parser LowCardinality(String),
        events SimpleAggregateFunction(sum, UInt64),
        confidence_hist SimpleAggregateFunction(sumMap, Tuple(Array(UInt8), Array(UInt64))),
        confidence_q AggregateFunction(${DD.confidence}, Float64),
        latency_q AggregateFunction(${DD.latency}, Float64)
      ) ENGINE = AggregatingMergeTree ORDER BY (day, outcome, parser) SETTINGS ${DEDUP}`,
      `CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.mv_parse_daily TO {db}.mart_parse_daily AS
        SELECT toDate(occurred_at) AS day, type AS outcome, parser,
          count() AS events,
          sumMap([toUInt8(least(9, greatest(0, floor(confidence * 10))))], [toUInt64(1)]) AS confidence_hist,
          ${DD.confidence.replace('(', 'State(')}(confidence * ${SKETCH_SCALE}) AS confidence_q,
          ${DD.latency.replace('(', 'State(')}(latency_ms * ${SKETCH_SCALE}) AS latency_q
        FROM {db}.events_raw WHERE type IN ('MessageParsed', 'ParseFailed', 'ClarificationRequested')
        GROUP BY day, outcome, parser`,

      // Reminders per day: created, delivered, failed, cancelled, snoozed, completed, lateness.
      `CREATE TABLE IF NOT EXISTS {db}.mart_reminders_daily (
        day Date,
        created SimpleAggregateFunction(sum, UInt64),
        delivered SimpleAggregateFunction(sum, UInt64),
        delivery_failed SimpleAggregateFunction(sum, UInt64),
        cancelled SimpleAggregateFunction(sum, UInt64),
        snoozed SimpleAggregateFunction(sum, UInt64),
        rescheduled SimpleAggregateFunction(sum, UInt64),
        completed SimpleAggregateFunction(sum, UInt64),
        lateness_q AggregateFunction(${DD.latency}, Float64)
      ) ENGINE = AggregatingMergeTree ORDER BY day SETTINGS ${DEDUP}`,
      `CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.mv_reminders_daily TO {db}.mart_reminders_daily AS
        SELECT toDate(occurred_at) AS day,
          countIf(type = 'ReminderScheduled') AS created,
          countIf(type = 'ReminderDelivered') AS delivered,
          countIf(type = 'ReminderDeliveryFailed') AS delivery_failed,
          countIf(type = 'ReminderCancelled') AS cancelled,
          countIf(type = 'ReminderRescheduled' AND reason = 'snooze') AS snoozed,
          countIf(type = 'ReminderRescheduled') AS rescheduled,
          countIf(type = 'ReminderCompleted') AS completed,
          ${DD.latency.replace('(', 'StateIf(')}(lateness_ms * ${SKETCH_SCALE}, type = 'ReminderDelivered') AS lateness_q
        FROM {db}.events_raw
        WHERE type IN ('ReminderScheduled', 'ReminderDelivered', 'ReminderDeliveryFailed', 'ReminderCancelled', 'ReminderRescheduled', 'ReminderCompleted')
        GROUP BY day`,

      // Feedback per day by kind.
      `CREATE TABLE IF NOT EXISTS {db}.mart_feedback_daily (
        day Date,
        kind LowCardinality(String),
        feedback UInt64
      ) ENGINE = SummingMergeTree ORDER BY (day, kind) SETTINGS ${DEDUP}`,
      `CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.mv_feedback_daily TO {db}.mart_feedback_daily AS
        SELECT toDate(occurred_at) AS day, kind, count() AS feedback
        FROM {db}.events_raw WHERE type = 'FeedbackGiven'
        GROUP BY day, kind`,

      // Active chats: exact distinct chat ids with a MessageReceived per day; weeks are merged
      // from the days' states at query time (exact, not a sum of daily counts).
      `CREATE TABLE IF NOT EXISTS {db}.mart_active_chats_daily (
        day Date,
        messages SimpleAggregateFunction(sum, UInt64),
        chats AggregateFunction(uniqExact, Int64)
      ) ENGINE = AggregatingMergeTree ORDER BY day SETTINGS ${DEDUP}`,
      `CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.mv_active_chats_daily TO {db}.mart_active_chats_daily AS
        SELECT toDate(occurred_at) AS day, count() AS messages, uniqExactState(chat_id) AS chats
        FROM {db}.events_raw WHERE type = 'MessageReceived'
        GROUP BY day`,
    ],
  },
  {
    version: 2,
    name: 'active chats per week',
    // Weeks merged from 7 daily states at query time cost a year-long query ~7 M set entries;
    // one state per week is ~50 times fewer. The backfill reads the daily mart: an event the new
    // view already counted is counted again, which a distinct count (a set union) absorbs — so
    // the backfill may overlap live inserts, or run twice after an interrupted migration.
    statements: [
      `CREATE TABLE IF NOT EXISTS {db}.mart_active_chats_weekly (
        week Date,
        chats AggregateFunction(uniqExact, Int64)
      ) ENGINE = AggregatingMergeTree ORDER BY week SETTINGS ${DEDUP}`,
      `CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.mv_active_chats_weekly TO {db}.mart_active_chats_weekly AS
        SELECT toMonday(occurred_at) AS week, uniqExactState(chat_id) AS chats
        FROM {db}.events_raw WHERE type = 'MessageReceived'
        GROUP BY week`,
      `INSERT INTO {db}.mart_active_chats_weekly SELECT toMonday(day) AS week, uniqExactMergeState(chats) AS chats
        FROM {db}.mart_active_chats_daily GROUP BY week`,
    ],
  },
];

/** Every object the migrations create, views first: what a rebuild drops. */
export const PROJECTION_OBJECTS = [
  'mv_messages_hourly',
  'mv_parse_daily',
  'mv_reminders_daily',
  'mv_feedback_daily',
  'mv_active_chats_daily',
  'mv_active_chats_weekly',
  'mart_messages_hourly',
  'mart_parse_daily',
  'mart_reminders_daily',
  'mart_feedback_daily',
  'mart_active_chats_daily',
  'mart_active_chats_weekly',
  'events_raw',
  'schema_migrations',
] as const;

/** Applies pending migrations in order, each once; returns the versions applied now. */
export async function migrateClickHouse(ch: ClickHouse): Promise<number[]> {
  const db = ident(ch.database);
  await ch.command(`CREATE DATABASE IF NOT EXISTS ${db}`);
  await ch.command(
    `CREATE TABLE IF NOT EXISTS ${db}.schema_migrations (version UInt32, name String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3))
     ENGINE = ReplacingMergeTree ORDER BY version`,
  );
  const done = new Set((await ch.query<{ version: number | string }>(`SELECT DISTINCT version FROM ${db}.schema_migrations`)).map((r) => Number(r.version)));
  const applied: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (done.has(m.version)) continue;
    for (const sql of m.statements) await ch.command(sql.replaceAll('{db}', db));
    await ch.command(`INSERT INTO ${db}.schema_migrations (version, name) SELECT {version:UInt32}, {name:String}`, { version: m.version, name: m.name });
    applied.push(m.version);
  }
  return applied;
}

/** Drops every table and view of the projection in its database (the database itself stays). */
export async function dropProjection(ch: ClickHouse): Promise<void> {
  for (const name of PROJECTION_OBJECTS) await ch.command(`DROP TABLE IF EXISTS ${ch.table(name)} SYNC`);
}
