import type pg from 'pg';
import type { MigrationSet } from '@napominalka/core';
import { partitionColumn } from '../../framework/history/tables';

/**
 * Reports the assets produce (a drift report's JSON and its HTML page), kept in Postgres where
 * the web UI serves them from; one per asset, partition and format, replaced by a re-run.
 */
export const REPORTS_MIGRATIONS: MigrationSet = {
  table: 'etl_reports_migrations',
  migrations: [
    {
      version: 1,
      name: 'etl reports',
      sql: `
        create table {s}.etl_reports (
          asset text not null,
          partition_key text not null,
          format text not null check (format in ('json', 'html')),
          body text not null,
          run_id uuid not null,
          created_at timestamptz not null default now(),
          primary key (asset, partition_key, format)
        );
      `,
    },
  ],
};

export type ReportFormat = 'json' | 'html';

export async function saveReport(
  db: pg.Pool,
  s: string,
  r: { asset: string; partition: string | null; format: ReportFormat; body: string; runId: string },
): Promise<void> {
  await db.query(
    `insert into ${s}.etl_reports (asset, partition_key, format, body, run_id) values ($1, $2, $3, $4, $5)
     on conflict (asset, partition_key, format) do update set body = excluded.body, run_id = excluded.run_id, created_at = now()`,
    [r.asset, partitionColumn(r.partition), r.format, r.body, r.runId],
  );
}

export async function loadReport(db: pg.Pool, s: string, asset: string, partition: string | null, format: ReportFormat): Promise<string | null> {
  const res = await db.query<{ body: string }>(`select body from ${s}.etl_reports where asset = $1 and partition_key = $2 and format = $3`, [
    asset,
    partitionColumn(partition),
    format,
  ]);
  return res.rows[0]?.body ?? null;
}

/** Where the UI serves a report (the link a materialization records). */
export const reportPath = (asset: string, partition: string | null, format: ReportFormat): string => `/reports/${asset}/${partition ?? 'latest'}.${format}`;
