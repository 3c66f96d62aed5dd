import type pg from 'pg';
import type { HistoryWriter } from '../history/history';
import { toRun, type RunRow } from '../history/queries';

/**
 * Queued runs that may start now, oldest first: due (past their retry wait), not overlapping a
 * running run on the same partition and asset (two runs never write one partition at once), and
 * within their backfill's concurrency. Called under the claim lock, so two executors never pick
 * against the same picture.
 */
export async function claimable(w: HistoryWriter, s: string, opts: { limit: number; only?: readonly string[] }): Promise<RunRow[]> {
  await w.tx.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [`${s}:etl-claim`]);
  const res = await w.tx.query(
    `select q.* from ${s}.etl_runs q
     where q.status = 'queued' and (q.not_before is null or q.not_before <= clock_timestamp())
       and ($2::uuid[] is null or q.run_id = any($2))
       and not exists (select 1 from ${s}.etl_runs r where r.status = 'running' and r.partition_key = q.partition_key and r.assets && q.assets)
       and (q.backfill_id is null or (select count(*) from ${s}.etl_runs r where r.status = 'running' and r.backfill_id = q.backfill_id)
            < (select concurrency from ${s}.etl_backfills b where b.backfill_id = q.backfill_id))
     order by q.created_at, q.run_id limit $1`,
    [opts.limit * 4, opts.only ?? null],
  );
  // Two candidates may overlap each other: keep the first of each.
  const picked: RunRow[] = [];
  const perBackfill = new Map<string, number>();
  for (const row of res.rows.map(toRun)) {
    if (picked.some((p) => p.partition === row.partition && p.assets.some((a) => row.assets.includes(a)))) continue;
    if (row.backfillId) {
      const n = perBackfill.get(row.backfillId) ?? 0;
      if (n >= (await backfillRoom(w.tx, s, row.backfillId))) continue;
      perBackfill.set(row.backfillId, n + 1);
    }
    picked.push(row);
    if (picked.length >= opts.limit) break;
  }
  return picked;
}

async function backfillRoom(tx: pg.ClientBase, s: string, backfillId: string): Promise<number> {
  const res = await tx.query<{ room: string }>(
    `select b.concurrency - (select count(*) from ${s}.etl_runs r where r.status = 'running' and r.backfill_id = b.backfill_id) as room
     from ${s}.etl_backfills b where b.backfill_id = $1`,
    [backfillId],
  );
  return Number(res.rows[0]?.room ?? 0);
}

/** The session lock an executor holds while it runs a run: free means the executor is gone. */
export const runLockKey = (s: string, runId: string): string => `${s}:etl-run:${runId}`;
