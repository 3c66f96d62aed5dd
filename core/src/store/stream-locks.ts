import type pg from 'pg';

/**
 * Takes, in `client`'s transaction, the lock every append to these streams takes first
 * (append_events' `'<schema>:' || stream` advisory lock), in one sorted order so two lockers never
 * deadlock: until the transaction ends no event can be appended to them.
 */
export async function lockStreams(client: pg.ClientBase, schema: string, streams: readonly string[]): Promise<void> {
  const sorted = [...new Set(streams)].sort();
  if (sorted.length === 0) return;
  await client.query('select pg_advisory_xact_lock(hashtextextended($1 || s, 0)) from unnest($2::text[]) as s', [`${schema}:`, sorted]);
}
