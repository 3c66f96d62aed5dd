import type pg from 'pg';
import type { EventEnvelope } from '../../events/envelope';
import type { EventRow, EventStore } from '../event-store';
import { quoteIdent } from '../sql';
import type { SnapshotKind } from './snapshot-kind';

/** An event after the snapshot, with the stream position of its cause when that is in the same stream (asked with `withCauses`). */
export type TailEvent = EventEnvelope & { causePosition: number | null };

export interface SnapshotTail<S> {
  /** The snapshot read (null: none of this kind and version at or before `snapshotAtMost`). */
  snapshot: { position: number; state: S } | null;
  /** The stream's events after the snapshot (up to `to`), in stream order. */
  events: TailEvent[];
}

const UUID = `'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'`;

/**
 * The snapshot and the events after it, in one statement: the first row carries the snapshot
 * (if any), the others the events. `snapshotAtMost` keeps the snapshot at or before a position
 * (a reader folding up to an earlier event cannot start from a later state). `withCauses` looks
 * up each event's cause position (the decider's fold needs it; a plain fold does not pay for it).
 */
export async function readSnapshotTail<S>(
  store: EventStore,
  kind: Pick<SnapshotKind<S>, 'name' | 'version'>,
  streamId: string,
  opts: { to?: number; snapshotAtMost?: number; client?: pg.ClientBase; withCauses?: boolean } = {},
): Promise<SnapshotTail<S>> {
  const s = quoteIdent(store.schema);
  const to = opts.to ?? 2147483647;
  const res = await (opts.client ?? store.pool).query<EventRowWithCause & { snapshot: S | null }>(
    `with snap as (
       select stream_position, state from ${s}.stream_snapshots
       where stream_id = $1 and kind = $2 and state_version = $3 and stream_position <= $4
     )
     select null::bigint as global_position, null::uuid as id, null::text as stream_id, stream_position, '' as type,
       null::integer as schema_version, null::jsonb as data, null::jsonb as metadata, null::timestamptz as occurred_at,
       null::timestamptz as recorded_at, null::text as transaction_id, null::integer as cause_position, state as snapshot
     from snap
     union all
     select e.global_position, e.id, e.stream_id, e.stream_position, e.type, e.schema_version, e.data, e.metadata, e.occurred_at,
       e.recorded_at, e.transaction_id::text, c.stream_position, null
     from ${s}.events e
     left join ${s}.events c on $6 and e.metadata->>'causationId' ~ ${UUID} and c.id = (e.metadata->>'causationId')::uuid and c.stream_id = e.stream_id
     where e.stream_id = $1 and e.stream_position > coalesce((select stream_position from snap), 0) and e.stream_position <= $5
     order by stream_position, global_position nulls first`,
    [streamId, kind.name, kind.version, opts.snapshotAtMost ?? to, to, opts.withCauses ?? false],
  );
  const rows = res.rows;
  const first = rows[0];
  const snapshot = first && first.global_position === null ? { position: first.stream_position, state: first.snapshot as S } : null;
  const events = (snapshot ? rows.slice(1) : rows).map((r): TailEvent => {
    if (r.global_position === null) throw new Error(`stream ${streamId}: a second snapshot row`);
    return { ...store.decode({ ...r, global_position: r.global_position }), causePosition: r.cause_position };
  });
  return { snapshot, events };
}

/** A row of the events table with its cause's position; the snapshot's row has no global position. */
type EventRowWithCause = Omit<EventRow, 'global_position'> & { global_position: string | null; cause_position: number | null };
