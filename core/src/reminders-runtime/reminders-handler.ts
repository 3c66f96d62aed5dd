import type { Handler, HandlerContext } from '../bus/consumer';
import type { EventEnvelope } from '../events/envelope';
import { newEventId } from '../events/uuid';
import { WrongExpectedVersionError } from '../store/event-store';
import { readSnapshotTail, type TailEvent } from '../store/snapshots/read-snapshot-tail';
import { saveSnapshot } from '../store/snapshots/save-snapshot';
import type { SnapshotKind } from '../store/snapshots/snapshot-kind';
import { chatStateKind, commandFor, decide, REMINDER_INPUT_TYPES, stateForTail, type ChatState } from '../domain/index';

/** An event the decider appended, as it was stored (position, id, time and metadata given by the handler). */
export type DecidedEvent = Pick<EventEnvelope, 'id' | 'type' | 'data' | 'occurredAt' | 'streamId' | 'streamPosition' | 'metadata'>;

/** What one input came to, handed to `after` in the same transaction. */
export interface Decision<S> {
  /** The input event. */
  input: EventEnvelope;
  /** The kind's state of the stream before the input (its snapshot and the events before it). */
  before: S;
  /** The stream from the input on, as read (the input first, then what was appended after it). */
  tail: TailEvent[];
  /** What the decider appended for the input, in stream order (empty: nothing). */
  decided: DecidedEvent[];
}

export interface DeciderHandlerOptions<S> {
  /** The fold read and snapshotted per chat; `chatOf` is the domain's state in it. */
  kind: SnapshotKind<S>;
  chatOf(state: S): ChatState;
  /** Decide-and-append attempts when another writer got to the stream first. */
  maxAttempts?: number;
  /** Runs after the decision in the same transaction (the bot renders its replies into the outbox here). */
  after?(decision: Decision<S>, ctx: HandlerContext): Promise<void>;
}

const INPUTS: ReadonlySet<string> = new Set(REMINDER_INPUT_TYPES);

/**
 * The reminders domain as a consumer handler. For an input event of a chat stream, inside the
 * consumer's transaction: reads the chat's latest snapshot before the event and the stream from
 * there on in one statement, folds the state the event is decided on (`stateForTail`: the chat as
 * it stood, with what was already decided about earlier inputs), maps the event to a command,
 * decides, and appends the events with the stream version it read as the expected version and
 * `decide:<eventId>` as idempotency key, caused by the event; then `after` sees the decision in
 * the same transaction. A concurrent writer (WrongExpectedVersionError) rolls back to a savepoint
 * and the decision is made again on the new state. A redelivered event finds its decision in the
 * state: nothing new is appended.
 */
export function deciderHandler<S>(opts: DeciderHandlerOptions<S>): Handler {
  const { kind, chatOf, after } = opts;
  const maxAttempts = opts.maxAttempts ?? 5;
  return async (e, ctx) => {
    if (!INPUTS.has(e.type)) return;
    if (typeof (e.data as { chatId?: unknown }).chatId !== 'number') return;
    for (let attempt = 1; ; attempt++) {
      const { snapshot, events } = await readSnapshotTail<S>(ctx.store, kind, e.streamId, {
        snapshotAtMost: e.streamPosition - 1,
        client: ctx.tx,
        withCauses: true,
      });
      let before = snapshot?.state ?? kind.initial(e.streamId);
      let at = 0;
      for (; at < events.length && events[at]!.streamPosition < e.streamPosition; at++) before = kind.evolve(before, events[at]!);
      const tail = events.slice(at);
      const head = events.at(-1)?.streamPosition ?? snapshot?.position ?? 0;
      const from = snapshot?.position ?? 0;
      if (attempt === 1 && e.streamPosition - 1 - from >= kind.every)
        await saveSnapshot(ctx.tx, ctx.store.schema, kind, e.streamId, e.streamPosition - 1, before);
      const { state } = stateForTail(tail, e, chatOf(before));
      const command = commandFor(e, state);
      const decided = stamp(e, head, command ? decide(command, state) : []);
      if (decided.length > 0 && !(await appended(e, ctx, head, decided, attempt >= maxAttempts))) continue;
      if (decided.length > 0) ctx.log.debug({ eventId: e.id, command: command?.type, appended: decided.map((d) => d.type) }, 'decided');
      if (after) await after({ input: e, before, tail, decided }, ctx);
      return;
    }
  };
}

/** The decider's own handler over the domain's state alone (no `after`). */
export const remindersHandler = (opts: { defaultTimezone: string; maxAttempts?: number }): Handler =>
  deciderHandler({ kind: chatStateKind(opts.defaultTimezone), chatOf: (s) => s, ...(opts.maxAttempts ? { maxAttempts: opts.maxAttempts } : {}) });

/** The decided events with the ids, positions and time they are appended with. */
function stamp(e: EventEnvelope, head: number, events: ReadonlyArray<{ type: string; data: unknown }>): DecidedEvent[] {
  const occurredAt = new Date().toISOString();
  return events.map((d, i) => ({
    ...d,
    id: newEventId(),
    occurredAt,
    streamId: e.streamId,
    streamPosition: head + 1 + i,
    metadata: { correlationId: e.metadata.correlationId, causationId: e.id },
  }));
}

/** Appends at the version read; false when another writer got there first (try again), unless attempts are used up. */
async function appended(e: EventEnvelope, ctx: HandlerContext, head: number, decided: DecidedEvent[], last: boolean): Promise<boolean> {
  await ctx.tx.query('savepoint reminders_decide');
  try {
    await ctx.append(
      e.streamId,
      decided.map((d) => ({ id: d.id, type: d.type, data: d.data, occurredAt: new Date(d.occurredAt), metadata: d.metadata })),
      { expectedVersion: head, idempotencyKey: `decide:${e.id}` },
    );
    await ctx.tx.query('release savepoint reminders_decide');
    return true;
  } catch (err) {
    await ctx.tx.query('rollback to savepoint reminders_decide');
    if (!(err instanceof WrongExpectedVersionError) || last) throw err;
    ctx.log.info({ eventId: e.id, stream: e.streamId }, 'stream moved on: deciding again');
    return false;
  }
}
