import type { DecidedEvent } from './decided-event';
import type { SnapshotTail } from '../store/snapshots/read-snapshot-tail';
import type { SnapshotKind } from '../store/snapshots/snapshot-kind';

/** An event of the stream from an input on: as read, or decided earlier in the same batch (its cause is that input). */
export type CursorEvent = DecidedEvent & { causePosition: number | null };

/**
 * One chat's stream as a batch works through its inputs, in stream order: the snapshot and the
 * events read once for the batch, folded forward input by input, and the events the batch
 * decided for it, which no read has seen yet.
 */
export class ChatCursor<S> {
  private before: S;
  private at = 0;
  private readonly decided: CursorEvent[] = [];
  /** The position of the latest snapshot, read or saved. */
  snapshotAt: number;

  constructor(
    private readonly kind: SnapshotKind<S>,
    streamId: string,
    private readonly read: SnapshotTail<S>,
  ) {
    this.before = read.snapshot?.state ?? kind.initial(streamId);
    this.snapshotAt = read.snapshot?.position ?? 0;
  }

  /** The fold before `position` and the stream from it on (an input's own event first). */
  from(position: number): { before: S; tail: CursorEvent[] } {
    const events = this.read.events;
    for (; this.at < events.length && events[this.at]!.streamPosition < position; this.at++) this.before = this.kind.evolve(this.before, events[this.at]!);
    return { before: this.before, tail: [...events.slice(this.at), ...this.decided] };
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
