import type pg from 'pg';
import { z } from 'zod';
import { quoteIdent } from '@napominalka/core';
import type { ClickHouse } from '@napominalka/core/clickhouse';

/** The drift reports the ETL's drift_report asset keeps in Postgres (etl_reports), read only. */
const ASSET = 'drift_report';
const reportJson = z.object({ dataset: z.object({ drifted: z.boolean() }).passthrough(), drifted: z.array(z.string()).default([]) }).passthrough();

export interface DriftDay {
  day: string;
  createdAt: Date;
  datasetDrift: boolean | null;
  drifted: string[];
  hasHtml: boolean;
}

async function tableExists(pool: pg.Pool, schema: string, table: string): Promise<boolean> {
  const r = await pool.query(`select 1 from information_schema.tables where table_schema = $1 and table_name = $2`, [schema, table]);
  return (r.rowCount ?? 0) > 0;
}

/** The days with a report, newest first; null when the table does not exist yet. */
export async function listReports(pool: pg.Pool, schema: string, limit = 90): Promise<DriftDay[] | null> {
  if (!(await tableExists(pool, schema, 'etl_reports'))) return null;
  const r = await pool.query<{ partition_key: string; created_at: Date; json: string | null; has_html: boolean }>(
    `select partition_key, max(created_at) as created_at, max(body) filter (where format = 'json') as json, bool_or(format = 'html') as has_html
     from ${quoteIdent(schema)}.etl_reports where asset = $1 group by partition_key order by partition_key desc limit $2`,
    [ASSET, limit],
  );
  return r.rows.map((row) => {
    const parsed = row.json ? reportJson.safeParse(safeJson(row.json)) : null;
    return {
      day: row.partition_key,
      createdAt: row.created_at,
      datasetDrift: parsed?.success ? parsed.data.dataset.drifted : null,
      drifted: parsed?.success ? parsed.data.drifted : [],
      hasHtml: row.has_html,
    };
  });
}

const safeJson = (s: string): unknown => {
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return null;
  }
};

/** One report's HTML page; null when there is none (or no table). */
export async function reportHtml(pool: pg.Pool, schema: string, day: string): Promise<string | null> {
  if (!(await tableExists(pool, schema, 'etl_reports'))) return null;
  const r = await pool.query<{ body: string }>(
    `select body from ${quoteIdent(schema)}.etl_reports where asset = $1 and partition_key = $2 and format = 'html'`,
    [ASSET, day],
  );
  return r.rows[0]?.body ?? null;
}

export interface FeatureHistory {
  days: string[];
  /** Feature → the days it drifted. */
  features: Map<string, Set<string>>;
}

/** Per-feature drift flags by day from ClickHouse etl_drift_summary (its `drifted` list); null without the table. */
export async function featureHistory(ch: ClickHouse, limitDays = 30): Promise<FeatureHistory | null> {
  const [t] = await ch.query<{ n: string | number }>(`SELECT count() AS n FROM system.tables WHERE database = {db:String} AND name = 'etl_drift_summary'`, {
    db: ch.database,
  });
  if (Number(t?.n ?? 0) === 0) return null;
  const rows = await ch.query<{ day_s: string; drifted: string[] }>(
    `SELECT toString(day) AS day_s, argMax(drifted, materialized_at) AS drifted FROM ${ch.table('etl_drift_summary')} GROUP BY day ORDER BY day DESC LIMIT {n:UInt32}`,
    { n: limitDays },
  );
  const features = new Map<string, Set<string>>();
  for (const r of rows) for (const f of r.drifted) (features.get(f) ?? features.set(f, new Set()).get(f)!).add(r.day_s);
  return { days: rows.map((r) => r.day_s).reverse(), features };
}
