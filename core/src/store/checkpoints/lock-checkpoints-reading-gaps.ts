import type pg from 'pg';
import type { EventEnvelope } from '@napominalka/domain';
import type { EventRow, EventStore } from '../event-store';
import { quoteIdent } from '../sql';

export interface CheckpointsAndGaps {
  /** Per stream of the batch: the position the consumer applied up to. */
  applied: Map<string, number>;
  /** Per stream: the events of the consumer's types after its checkpoint and before the batch's last delivery of it that the batch lacks, in order. */
  stored: Map<string, EventEnvelope[]>;
}

/**
 * In one statement: locks the consumer's checkpoint of each stream (advisory, in sorted order, no
 * write: a batch takes no transaction id until it writes) and reads it, and reads the stream's
 * events of the consumer's types between that checkpoint and the batch's last delivery of it
 * that were not delivered in the batch. A
 * delivery ahead of its checkpoint is applied after the stored events it skipped (the broker
 * notifies, the store is the truth); reading them for every stream at once, and only when a
 * stream has moved past the checkpoint, saves a statement per stream and batch.
 */
export async function lockCheckpointsReadingGaps(
  tx: pg.ClientBase,
  store: EventStore,
  consumer: string,
  delivered: ReadonlyArray<{ streamId: string; streamPosition: number }>,
  types: readonly string[] | null,
): Promise<CheckpointsAndGaps> {
  const s = quoteIdent(store.schema);
  const upTo = new Map<string, number>();
  for (const d of delivered) upTo.set(d.streamId, Math.max(upTo.get(d.streamId) ?? 0, d.streamPosition));
  const streams = [...upTo.keys()].sort();
  const res = await tx.query<Omit<EventRow, 'global_position'> & { global_position: string | null; checkpoint_stream: string; checkpoint: number }>(
    `with cp as materialized (select * from ${s}.lock_checkpoints($1, $2::text[])),
     req as (select * from unnest($2::text[], $3::int[]) as r(stream_id, upto))
     select cp.stream_id as checkpoint_stream, cp.stream_position as checkpoint, 0 as row_kind, null::bigint as global_position, null::uuid as id,
       null::text as stream_id, null::integer as stream_position, null::text as type, null::integer as schema_version, null::jsonb as data,
       null::jsonb as metadata, null::timestamptz as occurred_at, null::timestamptz as recorded_at, null::text as transaction_id
     from cp
     union all
     select cp.stream_id, cp.stream_position, 1, e.global_position, e.id, e.stream_id, e.stream_position, e.type, e.schema_version, e.data,
       e.metadata, e.occurred_at, e.recorded_at, e.transaction_id::text
     from cp join req r on r.stream_id = cp.stream_id
     join ${s}.events e on e.stream_id = cp.stream_id and e.stream_position > cp.stream_position and e.stream_position < r.upto
       and ($4::text[] is null or e.type = any($4::text[]))
       and not exists (select 1 from unnest($5::text[], $6::int[]) as d(s, p) where d.s = e.stream_id and d.p = e.stream_position)
     order by checkpoint_stream, row_kind, stream_position`,
    [consumer, streams, streams.map((id) => upTo.get(id)!), types, delivered.map((d) => d.streamId), delivered.map((d) => d.streamPosition)],
  );
  const applied = new Map<string, number>();
  const stored = new Map<string, EventEnvelope[]>();
  for (const r of res.rows) {
    if (r.global_position === null) {
      applied.set(r.checkpoint_stream, r.checkpoint);
      continue;
    }
    const list = stored.get(r.checkpoint_stream) ?? [];
    list.push(store.decode({ ...r, global_position: r.global_position }));
    stored.set(r.checkpoint_stream, list);
  }
  return { applied, stored };
}
