import type pg from 'pg';
import type { DecidedEvent } from './decided-event';
import type { SnapshotTail } from '../store/snapshots/read-snapshot-tail';
import { saveSnapshot } from '../store/snapshots/save-snapshot';
import type { SnapshotKind } from '../store/snapshots/snapshot-kind';

/** An event of the stream from an input on: as read, or decided earlier in the same batch (its cause is that input). */
export type CursorEvent = DecidedEvent & { causePosition: number | null };

/**
 * One chat's stream as a batch works through its inputs, in stream order: the snapshot and the
 * events read once for the batch, folded forward input by input, and the events the batch
 * decided for it, which no read has seen yet (the decider's; the parse worker decides none).
 */
export class ChatCursor<S> {
  private before: S;
  private at = 0;
  private readonly decided: CursorEvent[] = [];
  /** The position of the latest snapshot, read or saved. */
  private snapshotAt: number;

  constructor(
    private readonly kind: SnapshotKind<S>,
    private readonly streamId: string,
    private readonly read: SnapshotTail<S>,
  ) {
    this.before = read.snapshot?.state ?? kind.initial(streamId);
    this.snapshotAt = read.snapshot?.position ?? 0;
  }

  /** The fold before `position` and the stream from it on (an input's own event first). */
  from(position: number): { before: S; tail: CursorEvent[] } {
    return { before: this.foldTo(position), tail: [...this.read.events.slice(this.at), ...this.decided] };
  }

  /** The stream folded up to before `position`. */
  foldTo(position: number): S {
    const events = this.read.events;
    for (; this.at < events.length && events[this.at]!.streamPosition < position; this.at++) this.before = this.kind.evolve(this.before, events[this.at]!);
    return this.before;
  }

  /** Saves the fold before `position` as the stream's snapshot, in `tx`, once `every` events came after the last one. */
  async snapshotBefore(position: number, tx: pg.ClientBase, schema: string): Promise<void> {
    if (position - 1 - this.snapshotAt < this.kind.every) return;
    await saveSnapshot(tx, schema, this.kind, this.streamId, position - 1, this.foldTo(position));
    this.snapshotAt = position - 1;
  }

  /** The stream's version as this batch knows it. */
  get head(): number {
    return this.decided.at(-1)?.streamPosition ?? this.read.events.at(-1)?.streamPosition ?? this.snapshotAt;
  }

  /** Events this batch appended for an input at `inputPosition`. */
  appended(events: readonly DecidedEvent[], inputPosition: number): void {
    for (const e of events) this.decided.push({ ...e, causePosition: inputPosition });
  }
}
