import type { Handler } from '../bus/consumer';
import { WrongExpectedVersionError } from '../store/event-store';
import { commandFor, REMINDER_INPUT_TYPES } from './command-for';
import { decide } from './reminders/decide';
import { readSnapshotTail } from '../store/snapshots/read-snapshot-tail';
import { saveSnapshot } from '../store/snapshots/save-snapshot';
import { chatStateKind } from './chat-state-kind';
import { stateForTail } from './fold';
import type { ChatState } from './reminders/state';

export interface RemindersHandlerOptions {
  /** Zone of a chat that has not chosen one. */
  defaultTimezone: string;
  /** Decide-and-append attempts when another writer got to the stream first. */
  maxAttempts?: number;
}

const INPUTS: ReadonlySet<string> = new Set(REMINDER_INPUT_TYPES);

/**
 * The reminders domain as a consumer handler. For an event of a chat stream, inside the consumer's
 * transaction: reads the chat's latest snapshot at or before the event and the stream after it, folds
 * the state the event is decided on (`stateForTail`, the same as `stateFor` over the whole stream), maps the
 * event to a command, decides, and appends the events with the stream version it read as the
 * expected version and `decide:<eventId>` as idempotency key, caused by the event. A concurrent
 * writer (WrongExpectedVersionError) rolls back to a savepoint and the decision is made again on
 * the new state. A redelivered event finds its decision in the state (and its key used): nothing
 * new is appended.
 */
export function remindersHandler(opts: RemindersHandlerOptions): Handler {
  const maxAttempts = opts.maxAttempts ?? 5;
  const kind = chatStateKind(opts.defaultTimezone);
  return async (e, ctx) => {
    if (!INPUTS.has(e.type)) return;
    const chatId = (e.data as { chatId?: unknown }).chatId;
    if (typeof chatId !== 'number') return;
    const key = `decide:${e.id}`;
    for (let attempt = 1; ; attempt++) {
      // The snapshot at or before the event and the stream after it, in one statement.
      const { snapshot, events } = await readSnapshotTail<ChatState>(ctx.store, kind, e.streamId, {
        snapshotAtMost: e.streamPosition,
        client: ctx.tx,
        withCauses: true,
      });
      const version = events.at(-1)?.streamPosition ?? snapshot?.position ?? 0;
      const { state, atTarget } = stateForTail(events, e, snapshot?.state ?? kind.initial(e.streamId));
      const from = snapshot?.position ?? 0;
      if (attempt === 1 && e.streamPosition - from >= kind.every) await saveSnapshot(ctx.tx, ctx.store.schema, kind, e.streamId, e.streamPosition, atTarget);
      const command = commandFor(e, state);
      if (!command) return;
      const decided = decide(command, state);
      if (decided.length === 0) return;
      await ctx.tx.query('savepoint reminders_decide');
      try {
        await ctx.append(e.streamId, decided, {
          expectedVersion: version,
          idempotencyKey: key,
          metadata: { correlationId: e.metadata.correlationId, causationId: e.id },
        });
        await ctx.tx.query('release savepoint reminders_decide');
        ctx.log.debug({ eventId: e.id, command: command.type, appended: decided.map((d) => d.type) }, 'decided');
        return;
      } catch (err) {
        await ctx.tx.query('rollback to savepoint reminders_decide');
        if (!(err instanceof WrongExpectedVersionError) || attempt >= maxAttempts) throw err;
        ctx.log.info({ eventId: e.id, attempt, stream: e.streamId }, 'stream moved on: deciding again');
      }
    }
  };
}
