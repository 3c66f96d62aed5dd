import { randomBytes } from 'node:crypto';
import { ident, type ClickHouse } from '@napominalka/core/clickhouse';

/**
 * Replaces one day of a day-partitioned table with `rows`, atomically: the rows go to a staging
 * table of their own, then `REPLACE PARTITION` swaps the day in one step. A crash before the swap
 * leaves the old day (and a staging table the next call's clean-up does not need); a retry writes
 * the same day again. Never a mix of old and new rows, never a double.
 */
export async function replaceDay(ch: ClickHouse, table: string, day: string, rows: readonly Record<string, unknown>[], signal?: AbortSignal): Promise<void> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`replaceDay: not a day: ${day}`);
  const id = day.replaceAll('-', '');
  // ClickHouse refuses REPLACE PARTITION from an empty source (it would drop the day silently):
  // an empty day is dropped in one statement, which is as atomic.
  if (rows.length === 0) return ch.command(`ALTER TABLE ${ch.table(table)} DROP PARTITION ID '${id}'`);
  const stage = `${table}_stage_${randomBytes(4).toString('hex')}`;
  await ch.command(`CREATE TABLE ${ch.table(stage)} AS ${ch.table(table)}`);
  try {
    await ch.client.insert({
      table: `${ident(ch.database)}.${ident(stage)}`,
      values: [...rows],
      format: 'JSONEachRow',
      ...(signal ? { abort_signal: signal } : {}),
    });
    // The partition id of a Date key is YYYYMMDD.
    await ch.command(`ALTER TABLE ${ch.table(table)} REPLACE PARTITION ID '${id}' FROM ${ch.table(stage)}`);
  } finally {
    await ch.command(`DROP TABLE IF EXISTS ${ch.table(stage)} SYNC`).catch(() => undefined);
  }
}
