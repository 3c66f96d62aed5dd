import type pg from 'pg';
import type { EventEnvelope } from '@napominalka/domain';
import type { EventStore } from '../event-store';
import { readSnapshotTail } from './read-snapshot-tail';
import { saveSnapshot } from './save-snapshot';
import type { SnapshotKind } from './snapshot-kind';

export interface StreamState<S> {
  state: S;
  /** The position of the last event folded (0: none). */
  position: number;
  /** The events folded after the snapshot (all of them without one). */
  events: EventEnvelope[];
}

/**
 * The stream folded up to `to` (its end by default): the latest snapshot at or before it and the
 * events after that, read in one statement. Given a transaction, a new snapshot is written in it
 * once `kind.every` events were folded past the old one.
 */
export async function readState<S>(
  store: EventStore,
  kind: SnapshotKind<S>,
  streamId: string,
  opts: { to?: number; client?: pg.ClientBase } = {},
): Promise<StreamState<S>> {
  const { snapshot, events } = await readSnapshotTail<S>(store, kind, streamId, opts);
  let state = snapshot ? snapshot.state : kind.initial(streamId);
  for (const e of events) state = kind.evolve(state, e);
  const position = events.at(-1)?.streamPosition ?? snapshot?.position ?? 0;
  if (opts.client && events.length >= kind.every) await saveSnapshot(opts.client, store.schema, kind, streamId, position, state);
  return { state, position, events };
}
