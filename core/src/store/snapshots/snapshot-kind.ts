import type { EventEnvelope } from '@napominalka/domain';

/**
 * A fold whose state can be kept per stream: the store saves it now and then, and a reader
 * folds only the events after the snapshot. The state must be plain JSON.
 */
export interface SnapshotKind<S> {
  /** One snapshot per stream and name; a fold that depends on a setting puts it in the name. */
  readonly name: string;
  /**
   * Bumped whenever `evolve` or the state's shape changes: snapshots of another version are
   * ignored (the stream is folded from its start) and replaced on the next save.
   */
  readonly version: number;
  initial(streamId: string): S;
  evolve(state: S, event: EventEnvelope): S;
  /** A new snapshot is written once this many events were folded past the last one. */
  readonly every: number;
}
