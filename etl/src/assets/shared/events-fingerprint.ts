import type { ClickHouse } from '@napominalka/core/clickhouse';
import { chTime } from './ch-time';

/**
 * What an asset's `observe` reports of its source: how many events (of `types`, or all) lie in
 * [from, to) and the newest global position among them. A late event (a redelivery, a catch-up)
 * changes it, so the partition runs again; an unchanged one is skipped.
 */
export async function eventsFingerprint(ch: ClickHouse, w: { from: Date; to: Date }, types?: readonly string[]): Promise<string> {
  const [r] = await ch.query<{ n: string; last: string }>(
    `SELECT count() AS n, max(global_position) AS last FROM ${ch.table('events_raw')}
     WHERE occurred_at >= {from:DateTime64(3, 'UTC')} AND occurred_at < {to:DateTime64(3, 'UTC')}${types ? ' AND type IN {types:Array(String)}' : ''}`,
    { from: chTime(w.from), to: chTime(w.to), ...(types ? { types: [...types] } : {}) },
  );
  return `${r?.n ?? 0}:${r?.last ?? 0}`;
}
