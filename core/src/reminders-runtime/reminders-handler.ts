import type { BatchHandler, HandlerContext } from '../bus/consumer';
import { type ChatState, commandFor, decide, type EventEnvelope, REMINDER_INPUT_TYPES, stateForTail } from '@napominalka/domain';
import { WrongExpectedVersionError } from '../store/event-store';
import { readSnapshotTail, readSnapshotTails } from '../store/snapshots/read-snapshot-tail';
import type { SnapshotKind } from '../store/snapshots/snapshot-kind';
import { ChatCursor, type CursorEvent } from './chat-cursor';
import { stampDecided, type DecidedEvent } from './decided-event';
import { chatStateKind } from './chat-state-kind';

export type { DecidedEvent } from './decided-event';
export { ChatCursor, type CursorEvent } from './chat-cursor';

/** What one input came to, handed to `after` in the same transaction. */
export interface Decision<S> {
  /** The input event. */
  input: EventEnvelope;
  /** The kind's state of the stream before the input (its snapshot and the events before it). */
  before: S;
  /** The stream from the input on (the input first, then what was appended after it). */
  tail: CursorEvent[];
  /** What the decider appended for the input, in stream order (empty: nothing). */
  decided: DecidedEvent[];
}

export interface DeciderHandlerOptions<S> {
  /** The fold read and snapshotted per chat; `chatOf` is the domain's state in it. */
  kind: SnapshotKind<S>;
  chatOf(state: S): ChatState;
  /** Decide-and-append attempts when another writer got to the stream first. */
  maxAttempts?: number;
  /** Runs once per batch after its decisions, in the same transaction (the bot renders its replies into the outbox here). */
  after?(decisions: Decision<S>[], ctx: HandlerContext): Promise<void>;
}

const INPUTS: ReadonlySet<string> = new Set(REMINDER_INPUT_TYPES);
const isInput = (e: EventEnvelope) => INPUTS.has(e.type) && typeof (e.data as { chatId?: unknown }).chatId === 'number';

/**
 * The reminders domain as a consumer's batch handler, inside the consumer's transaction. The
 * batch's chats are read in one statement (each chat's latest snapshot before its first input
 * and the stream from there on); then, input by input in stream order: the state the input is
 * decided on (`stateForTail`: the chat as it stood, with what was already decided about earlier
 * inputs), the command, the decision, appended with the stream version known as the expected
 * version and `decide:<eventId>` as idempotency key, caused by the input; `after` sees all the
 * decisions. A concurrent writer makes the append answer a wrong version (nothing appended, the
 * transaction intact, no savepoint): the chat is read again and the input decided again. A
 * redelivered input finds its decision in the state: nothing new is appended.
 */
export function deciderHandler<S>(opts: DeciderHandlerOptions<S>): BatchHandler {
  const { kind, after } = opts;
  return async (batch, ctx) => {
    // Chat by chat in sorted order (each chat's inputs in stream order): every writer of several
    // streams in one transaction takes their append locks in that order, so none deadlocks another.
    const inputs = byStream(batch.filter(isInput));
    if (inputs.length === 0) return;
    const first = new Map<string, number>();
    for (const e of inputs) if (!first.has(e.streamId)) first.set(e.streamId, e.streamPosition);
    const read = await readSnapshotTails<S>(
      ctx.store,
      kind,
      [...first].map(([streamId, p]) => ({ streamId, snapshotAtMost: p - 1 })),
      {
        client: ctx.tx,
        withCauses: true,
      },
    );
    const cursors = new Map([...read].map(([streamId, tail]) => [streamId, new ChatCursor(kind, streamId, tail)]));
    const decisions: Decision<S>[] = [];
    for (const e of inputs) decisions.push(await decideInput(opts, e, cursors, ctx));
    if (after) await after(decisions, ctx);
  };
}

/** One input: decided on its chat's cursor, appended; the chat read again when another writer got there first. */
async function decideInput<S>(
  opts: DeciderHandlerOptions<S>,
  e: EventEnvelope,
  cursors: Map<string, ChatCursor<S>>,
  ctx: HandlerContext,
): Promise<Decision<S>> {
  const { kind, chatOf } = opts;
  const maxAttempts = opts.maxAttempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    const cursor = cursors.get(e.streamId)!;
    await cursor.snapshotBefore(e.streamPosition, ctx.tx, ctx.store.schema);
    const { before, tail } = cursor.from(e.streamPosition);
    const { state } = stateForTail(tail, e, chatOf(before));
    const command = commandFor(e, state);
    const decided = stampDecided(e, cursor.head, command ? decide(command, state) : []);
    if (decided.length === 0) return { input: e, before, tail, decided };
    const r = await ctx.tryAppend(
      e.streamId,
      decided.map((d) => ({ id: d.id, type: d.type, data: d.data, occurredAt: new Date(d.occurredAt), metadata: d.metadata })),
      { expectedVersion: cursor.head, idempotencyKey: `decide:${e.id}` },
    );
    if (!r.ok) {
      // Another writer got to the chat after the batch's read: nothing was appended, the transaction is intact.
      if (attempt >= maxAttempts) throw new WrongExpectedVersionError(e.streamId, cursor.head, r.actualVersion);
      ctx.log.info({ eventId: e.id, correlationId: e.metadata.correlationId, attempt, stream: e.streamId }, 'stream moved on: deciding again');
      const again = await readSnapshotTail<S>(ctx.store, kind, e.streamId, { snapshotAtMost: e.streamPosition - 1, client: ctx.tx, withCauses: true });
      cursors.set(e.streamId, new ChatCursor(kind, e.streamId, again));
      continue;
    }
    cursor.appended(decided, e.streamPosition);
    ctx.log.debug({ eventId: e.id, correlationId: e.metadata.correlationId, command: command?.type, appended: decided.map((d) => d.type) }, 'decided');
    return { input: e, before, tail, decided };
  }
}

/** Events grouped by stream in sorted stream order, each stream's in the order given (stable). */
export const byStream = <E extends { streamId: string }>(events: readonly E[]): E[] =>
  events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (a.e.streamId < b.e.streamId ? -1 : a.e.streamId > b.e.streamId ? 1 : a.i - b.i))
    .map((x) => x.e);

/** The decider's own handler over the domain's state alone (no `after`). */
export const remindersHandler = (opts: { defaultTimezone: string; maxAttempts?: number }): BatchHandler =>
  deciderHandler({ kind: chatStateKind(opts.defaultTimezone), chatOf: (s) => s, ...(opts.maxAttempts ? { maxAttempts: opts.maxAttempts } : {}) });
