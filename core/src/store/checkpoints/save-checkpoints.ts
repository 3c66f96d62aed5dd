import type pg from 'pg';
import { quoteIdent } from '../sql';

/** A stream's checkpoint after a batch: applied up to `position` (global `globalPosition`), having read `read` when the batch began. */
export interface CheckpointMove {
  streamId: string;
  position: number;
  globalPosition: number;
  read: number;
}

/**
 * Moves a consumer's checkpoints in its batch's transaction, only if none moved since the batch
 * read them (a rebuild's swap does): then nothing is written and false comes back — the caller
 * rolls the batch back and retries it, so nothing is ever applied twice.
 */
export async function saveCheckpoints(tx: pg.ClientBase, schema: string, consumer: string, moves: readonly CheckpointMove[]): Promise<boolean> {
  if (moves.length === 0) return true;
  const table = `${quoteIdent(schema)}.consumer_streams`;
  const res = await tx.query(
    `with u as (select * from unnest($2::text[], $3::int[], $4::bigint[], $5::int[]) as u(s, p, g, r)),
     moved as (select 1 from u left join ${table} c on c.consumer = $1 and c.stream_id = u.s where coalesce(c.stream_position, 0) <> u.r)
     insert into ${table} as c (consumer, stream_id, stream_position, global_position)
     select $1, u.s, u.p, u.g from u where not exists (select 1 from moved)
     on conflict (consumer, stream_id) do update set stream_position = excluded.stream_position, global_position = excluded.global_position, updated_at = now()`,
    [consumer, moves.map((m) => m.streamId), moves.map((m) => m.position), moves.map((m) => m.globalPosition), moves.map((m) => m.read)],
  );
  return res.rowCount === moves.length;
}
