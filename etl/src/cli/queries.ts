import type pg from 'pg';
import { toRun } from '../framework';
import { partitionColumn } from '../framework/history/tables';
import type { LastRun } from './status-model';

/** Reads of the ETL read models the framework's queries do not have. `s` is the quoted schema. */

/** Per partition, the newest run that included `asset`, with its step of that asset. */
export async function lastRunsOf(db: pg.Pool, s: string, asset: string, keys: ReadonlyArray<string | null>): Promise<LastRun[]> {
  const res = await db.query(
    `select distinct on (r.partition_key) r.*, st.status as step_status, st.detail as step_detail
     from ${s}.etl_runs r left join ${s}.etl_steps st on st.run_id = r.run_id and st.asset = $1
     where $1 = any(r.assets) and r.partition_key = any($2)
     order by r.partition_key, r.created_at desc, r.run_id desc`,
    [asset, keys.map(partitionColumn)],
  );
  return res.rows.map((r: Record<string, unknown>) => ({
    run: toRun(r),
    step: r.step_status === null ? null : { status: String(r.step_status), skipReason: skipReasonOf(r.step_detail) },
  }));
}

const skipReasonOf = (detail: unknown): string | null =>
  typeof detail === 'object' && detail !== null && 'reason' in detail && typeof detail.reason === 'string' ? detail.reason : null;

/** The steps running now in the given runs: `asset partition`, for the progress line. */
export async function runningSteps(db: pg.Pool, s: string, runIds: readonly string[]): Promise<string[]> {
  if (runIds.length === 0) return [];
  const res = await db.query<{ asset: string; partition_key: string }>(
    `select st.asset, r.partition_key from ${s}.etl_steps st join ${s}.etl_runs r using (run_id)
     where st.run_id = any($1) and st.status = 'running' order by st.started_at`,
    [runIds],
  );
  return res.rows.map((r) => (r.partition_key ? `${r.asset} ${r.partition_key}` : r.asset));
}
