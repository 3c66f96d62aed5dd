import { etlStreams } from '@napominalka/core';
import type { EtlHistory } from './history';

/**
 * Deletes the streams (and read-model rows) of runs that finished more than `days` ago. Their
 * materializations and check results live in the assets' streams and stay, so partition status
 * outlives the runs that made it. Deletes in batches; returns the runs removed.
 */
export async function applyRunRetention(history: EtlHistory, days: number, batch = 500): Promise<number> {
  let removed = 0;
  for (;;) {
    const n = await history.transaction(async (w) => {
      const res = await w.tx.query<{ run_id: string }>(
        `select run_id from ${history.s}.etl_runs where status in ('succeeded', 'failed', 'cancelled') and finished_at < now() - make_interval(days => $1)
         order by finished_at limit $2 for update skip locked`,
        [days, batch],
      );
      const ids = res.rows.map((r) => r.run_id);
      if (ids.length === 0) return 0;
      await history.store.deleteStreams(ids.map(etlStreams.run), { client: w.tx });
      await w.tx.query(`delete from ${history.s}.etl_steps where run_id = any($1)`, [ids]);
      await w.tx.query(`delete from ${history.s}.etl_runs where run_id = any($1)`, [ids]);
      return ids.length;
    });
    removed += n;
    if (n < batch) return removed;
  }
}
