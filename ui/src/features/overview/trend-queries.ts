import type pg from 'pg';
import { quoteIdent } from '@napominalka/core';
import type { ClickHouse } from '@napominalka/core/clickhouse';

/** The ETL per data day of the period: its runs by outcome, and the checks failing now. */
export interface EtlDay {
  day: string;
  succeeded: number;
  failed: number;
  failingChecks: number;
}

/** The drift report of each day of the period (its latest materialization). */
export interface DriftDay {
  day: string;
  driftShare: number;
  datasetDrift: boolean;
}

const isUndefinedTable = (e: unknown): boolean => (e as { code?: unknown }).code === '42P01';

/**
 * Runs and failing checks per partition day (the day the data is of, not when it ran: a backfill
 * of last week shows on last week). Unpartitioned runs have no day and are left out. null: the
 * ETL has not made its tables in this schema yet.
 */
export async function loadEtlDaily(pool: pg.Pool, schema: string, from: string, to: string): Promise<EtlDay[] | null> {
  const s = quoteIdent(schema);
  try {
    const res = await pool.query<{ day: string; succeeded: string; failed: string; failing: string }>(
      `WITH runs AS (
         SELECT partition_key AS day, count(*) FILTER (WHERE status = 'succeeded') AS succeeded, count(*) FILTER (WHERE status = 'failed') AS failed
         FROM ${s}.etl_runs WHERE partition_key BETWEEN $1 AND $2 GROUP BY partition_key
       ), checks AS (
         SELECT partition_key AS day, count(*) FILTER (WHERE NOT passed) AS failing FROM (
           SELECT DISTINCT ON (asset, partition_key, check_name) partition_key, passed
           FROM ${s}.etl_checks WHERE partition_key BETWEEN $1 AND $2 ORDER BY asset, partition_key, check_name, evaluated_at DESC
         ) latest GROUP BY partition_key
       )
       SELECT coalesce(r.day, c.day) AS day, coalesce(r.succeeded, 0) AS succeeded, coalesce(r.failed, 0) AS failed, coalesce(c.failing, 0) AS failing
       FROM runs r FULL JOIN checks c ON c.day = r.day ORDER BY 1`,
      [from, to],
    );
    return res.rows.map((r) => ({ day: r.day, succeeded: Number(r.succeeded), failed: Number(r.failed), failingChecks: Number(r.failing) }));
  } catch (e) {
    if (isUndefinedTable(e)) return null;
    throw e;
  }
}

/** Drift share per day of the period; empty without the ETL's table. */
export async function loadDriftDaily(ch: ClickHouse, from: string, to: string): Promise<DriftDay[]> {
  const [t] = await ch.query<{ n: string | number }>(`SELECT count() AS n FROM system.tables WHERE database = {db:String} AND name = 'etl_drift_summary'`, {
    db: ch.database,
  });
  if (Number(t?.n ?? 0) === 0) return [];
  const rows = await ch.query<{ day_s: string; share: number; drift: number }>(
    `SELECT toString(day) AS day_s, argMax(drift_share, materialized_at) AS share, argMax(dataset_drift, materialized_at) AS drift
     FROM ${ch.table('etl_drift_summary')} WHERE day BETWEEN {from:Date} AND {to:Date} GROUP BY day ORDER BY day`,
    { from, to },
  );
  return rows.map((r) => ({ day: r.day_s, driftShare: Number(r.share), datasetDrift: Number(r.drift) === 1 }));
}
