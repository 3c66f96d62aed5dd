import type pg from 'pg';
import type { EventEnvelope } from '@napominalka/domain';
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

/** One stream to read: its snapshot at or before `snapshotAtMost` (a reader folding up to an earlier event cannot start from a later state), its events up to `to`. */
export interface TailRequest {
  streamId: string;
  snapshotAtMost?: number;
  to?: number;
}

const UUID = `'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'`;
const END = 2147483647;

/**
 * The snapshots and the events after them of several streams, in one statement (a consumer's
 * batch reads all its chats at once): per stream, the snapshot's row (if any) comes first, then
 * the events. `withCauses` looks up each event's cause position (the decider's fold needs it; a
 * plain fold does not pay for it).
 */
export async function readSnapshotTails<S>(
  store: EventStore,
  kind: Pick<SnapshotKind<S>, 'name' | 'version'>,
  requests: readonly TailRequest[],
  opts: { client?: pg.ClientBase; withCauses?: boolean } = {},
): Promise<Map<string, SnapshotTail<S>>> {
  const out = new Map<string, SnapshotTail<S>>(requests.map((r) => [r.streamId, { snapshot: null, events: [] }]));
  if (requests.length === 0) return out;
  const s = quoteIdent(store.schema);
  const res = await (opts.client ?? store.pool).query<EventRowWithCause & { snapshot: S | null; req_stream: string }>(
    `with req as (select * from unnest($1::text[], $2::int[], $3::int[]) as r(stream_id, at_most, upto)),
     snap as (
       select r.stream_id, s.stream_position, s.state from req r
       join ${s}.stream_snapshots s on s.stream_id = r.stream_id and s.kind = $4 and s.state_version = $5 and s.stream_position <= r.at_most
     )
     select snap.stream_id as req_stream, null::bigint as global_position, null::uuid as id, null::text as stream_id, stream_position, '' as type,
       null::integer as schema_version, null::jsonb as data, null::jsonb as metadata, null::timestamptz as occurred_at,
       null::timestamptz as recorded_at, null::text as transaction_id, null::integer as cause_position, state as snapshot
     from snap
     union all
     select r.stream_id, e.global_position, e.id, e.stream_id, e.stream_position, e.type, e.schema_version, e.data, e.metadata, e.occurred_at,
       e.recorded_at, e.transaction_id::text, c.stream_position, null
     from req r
     join ${s}.events e on e.stream_id = r.stream_id and e.stream_position <= r.upto
       and e.stream_position > coalesce((select stream_position from snap where snap.stream_id = r.stream_id), 0)
     left join ${s}.events c on $6 and e.metadata->>'causationId' ~ ${UUID} and c.id = (e.metadata->>'causationId')::uuid and c.stream_id = e.stream_id
     order by req_stream, stream_position, global_position nulls first`,
    [
      requests.map((r) => r.streamId),
      requests.map((r) => r.snapshotAtMost ?? r.to ?? END),
      requests.map((r) => r.to ?? END),
      kind.name,
      kind.version,
      opts.withCauses ?? false,
    ],
  );
  for (const r of res.rows) {
    const tail = out.get(r.req_stream)!;
    if (r.global_position === null) {
      if (tail.snapshot || tail.events.length > 0) throw new Error(`stream ${r.req_stream}: a second snapshot row`);
      tail.snapshot = { position: r.stream_position, state: r.snapshot as S };
      continue;
    }
    tail.events.push({ ...store.decode({ ...r, global_position: r.global_position }), causePosition: r.cause_position });
  }
  return out;
}

/** {@link readSnapshotTails} of one stream. */
export async function readSnapshotTail<S>(
  store: EventStore,
  kind: Pick<SnapshotKind<S>, 'name' | 'version'>,
  streamId: string,
  opts: { to?: number; snapshotAtMost?: number; client?: pg.ClientBase; withCauses?: boolean } = {},
): Promise<SnapshotTail<S>> {
  const { to, snapshotAtMost, ...rest } = opts;
  const tails = await readSnapshotTails(
    store,
    kind,
    [{ streamId, ...(to !== undefined ? { to } : {}), ...(snapshotAtMost !== undefined ? { snapshotAtMost } : {}) }],
    rest,
  );
  return tails.get(streamId)!;
}

/** A row of the events table with its cause's position; the snapshot's row has no global position. */
type EventRowWithCause = Omit<EventRow, 'global_position'> & { global_position: string | null; cause_position: number | null };
