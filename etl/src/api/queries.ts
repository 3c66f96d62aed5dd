import type pg from 'pg';
import { toRun, type RunRow } from '../framework';

/** The latest runs, newest first, created before `before` when given (a page of the list). */
export async function runsPage(db: pg.Pool, s: string, limit: number, before: Date | null): Promise<RunRow[]> {
  const res = await db.query(`select * from ${s}.etl_runs where ($1::timestamptz is null or created_at < $1) order by created_at desc limit $2`, [
    before,
    limit,
  ]);
  return res.rows.map(toRun);
}
