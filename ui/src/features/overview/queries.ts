import type pg from 'pg';
import { quoteIdent } from '@napominalka/core';
import {
  activeChats,
  feedbackDaily,
  messagesPerHour,
  parseQualityDaily,
  remindersDaily,
  type ActiveChats,
  type FeedbackDay,
  type MessagesHour,
  type ParseQualityDay,
  type RemindersDay,
} from '@napominalka/core/clickhouse';
import type { ClickHouse } from '@napominalka/core/clickhouse';
import { daysBetween, HOURLY_MAX_DAYS, type OverviewFilters } from './filters';
import { zonedMidnight } from './zone-time';

export interface MartData {
  messages: MessagesHour[];
  /** 'hour' for short ranges, 'day' (UTC days) for long ones. */
  messagesPer: 'hour' | 'day';
  chats: ActiveChats[];
  reminders: RemindersDay[];
  parse: ParseQualityDay[];
  feedback: FeedbackDay[];
}

const nextDay = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * The marts for the period. Messages honour lang and intent (the mart's dimensions) and the
 * zone's day boundaries; the daily marts are whole UTC days and have none of those dimensions.
 */
export async function loadMarts(ch: ClickHouse, f: OverviewFilters): Promise<MartData> {
  const zone = f.zone ?? 'UTC';
  const per = daysBetween(f.from, f.to) <= HOURLY_MAX_DAYS ? 'hour' : 'day';
  // Whole UTC days over long ranges: per-day buckets of the mart are UTC days.
  const hours =
    per === 'hour'
      ? { from: zonedMidnight(f.from, zone), to: zonedMidnight(nextDay(f.to), zone) }
      : { from: new Date(`${f.from}T00:00:00Z`), to: new Date(`${nextDay(f.to)}T00:00:00Z`) };
  const days = { from: new Date(`${f.from}T00:00:00Z`), to: new Date(`${f.to}T00:00:00Z`) };
  const [messages, chats, reminders, parse, feedback] = await Promise.all([
    messagesPerHour(ch, { ...hours, lang: f.lang, intent: f.intent, per }),
    activeChats(ch, { ...days, per: 'day' }),
    remindersDaily(ch, days),
    parseQualityDaily(ch, days),
    feedbackDaily(ch, days),
  ]);
  return { messages, messagesPer: per, chats, reminders, parse, feedback };
}

export interface EtlRun {
  runId: string;
  assets: string[];
  partitionKey: string | null;
  status: string;
  createdAt: Date;
  durationMs: number | null;
}
export interface FailingCheck {
  asset: string;
  partitionKey: string | null;
  checkName: string;
  severity: string;
  evaluatedAt: Date;
}
/** null: the ETL has not migrated its tables in this schema yet. */
export type EtlHistory = { runs: EtlRun[]; failing: FailingCheck[] } | null;

const isUndefinedTable = (e: unknown): boolean => (e as { code?: unknown }).code === '42P01';

/** The latest runs, and the checks whose latest evaluation failed. */
export async function loadEtl(pool: pg.Pool, schema: string): Promise<EtlHistory> {
  const s = quoteIdent(schema);
  try {
    const runs = await pool.query<{
      run_id: string;
      assets: string[];
      partition_key: string | null;
      status: string;
      created_at: Date;
      duration_ms: string | number | null;
    }>(`SELECT run_id, assets, partition_key, status, created_at, duration_ms FROM ${s}.etl_runs ORDER BY created_at DESC LIMIT $1`, [10]);
    const checks = await pool.query<{ asset: string; partition_key: string | null; check_name: string; severity: string; evaluated_at: Date }>(
      `SELECT asset, partition_key, check_name, severity, evaluated_at FROM (
         SELECT DISTINCT ON (asset, partition_key, check_name) asset, partition_key, check_name, severity, passed, evaluated_at
         FROM ${s}.etl_checks ORDER BY asset, partition_key, check_name, evaluated_at DESC
       ) latest WHERE NOT passed ORDER BY evaluated_at DESC LIMIT $1`,
      [20],
    );
    return {
      runs: runs.rows.map((r) => ({
        runId: r.run_id,
        assets: r.assets,
        partitionKey: r.partition_key,
        status: r.status,
        createdAt: r.created_at,
        durationMs: r.duration_ms === null ? null : Number(r.duration_ms),
      })),
      failing: checks.rows.map((r) => ({
        asset: r.asset,
        partitionKey: r.partition_key,
        checkName: r.check_name,
        severity: r.severity,
        evaluatedAt: r.evaluated_at,
      })),
    };
  } catch (e) {
    if (isUndefinedTable(e)) return null;
    throw e;
  }
}

export interface DriftStatus {
  day: string;
  reference: string;
  driftShare: number;
  datasetDrift: boolean;
  textDrift: boolean | null;
  drifted: string[];
}

/** The latest drift summary on or before `to`; null without the table (the ETL wrote none) or rows. */
export async function loadDrift(ch: ClickHouse, to: string): Promise<DriftStatus | null> {
  const [t] = await ch.query<{ n: string | number }>(`SELECT count() AS n FROM system.tables WHERE database = {db:String} AND name = 'etl_drift_summary'`, {
    db: ch.database,
  });
  if (Number(t?.n ?? 0) === 0) return null;
  const rows = await ch.query<{ day_s: string; reference: string; drift_share: number; dataset_drift: number; text_drift: number | null; drifted: string[] }>(
    `SELECT toString(day) AS day_s, reference, drift_share, dataset_drift, text_drift, drifted FROM ${ch.table('etl_drift_summary')}
     WHERE day <= {to:Date} ORDER BY day DESC, materialized_at DESC LIMIT 1`,
    { to },
  );
  const r = rows[0];
  if (!r) return null;
  return {
    day: r.day_s,
    reference: r.reference,
    driftShare: Number(r.drift_share),
    datasetDrift: Number(r.dataset_drift) === 1,
    textDrift: r.text_drift === null ? null : Number(r.text_drift) === 1,
    drifted: r.drifted,
  };
}
