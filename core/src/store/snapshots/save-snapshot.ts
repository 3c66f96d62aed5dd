import type pg from 'pg';
import { quoteIdent } from '../sql';
import type { SnapshotKind } from './snapshot-kind';

/**
 * Writes the state after the stream's events up to `position`, unless a snapshot of this kind
 * is already there for a later position (or of a newer version: a newer build is running).
 */
export async function saveSnapshot<S>(
  client: pg.ClientBase | pg.Pool,
  schema: string,
  kind: Pick<SnapshotKind<S>, 'name' | 'version'>,
  streamId: string,
  position: number,
  state: S,
): Promise<void> {
  const s = quoteIdent(schema);
  await client.query(
    `insert into ${s}.stream_snapshots (stream_id, kind, state_version, stream_position, state) values ($1, $2, $3, $4, $5)
     on conflict (stream_id, kind) do update set state_version = excluded.state_version, stream_position = excluded.stream_position,
       state = excluded.state, updated_at = now()
     where excluded.state_version > stream_snapshots.state_version
        or (excluded.state_version = stream_snapshots.state_version and excluded.stream_position > stream_snapshots.stream_position)`,
    [streamId, kind.name, kind.version, position, JSON.stringify(state)],
  );
}
