import {
  chatStateKind,
  chatStream,
  evolve,
  readSnapshotTail,
  saveSnapshot,
  type ChatState,
  type EventEnvelope,
  type Handler,
  type SnapshotKind,
} from '@napominalka/core';
import { factStep, NO_FACTS, questionFollows, type ChatFacts, type FoldedFacts } from './chat-facts';

/** What the replies fold: the domain's state of the chat and the facts of its events. */
export interface RepliesState {
  chat: ChatState;
  facts: FoldedFacts;
}

/** Bump when factStep or FoldedFacts change (the chat part follows the domain's version). */
const FACTS_VERSION = 1;

export function repliesStateKind(defaultTimezone: string, every = 50): SnapshotKind<RepliesState> {
  const chat = chatStateKind(defaultTimezone, every);
  return {
    name: `replies@${defaultTimezone}`,
    version: chat.version * 1000 + FACTS_VERSION,
    initial: (streamId) => ({ chat: chat.initial(streamId), facts: NO_FACTS }),
    evolve: (s, e) => ({ chat: evolve(s.chat, e), facts: factStep(s.facts, e) }),
    every,
  };
}

type Ctx = Parameters<Handler>[1];

/**
 * The state folded up to and including `e`, and the facts of the events before it: the latest
 * snapshot before `e` and the stream after it up to one past `e` (a parse and its question are
 * appended together, see ChatFacts), in one statement. The fold before `e` is saved as the next
 * snapshot once `every` events came after the last.
 */
export async function readRepliesInput(
  ctx: Ctx,
  kind: SnapshotKind<RepliesState>,
  chatId: number,
  e: EventEnvelope,
): Promise<{ state: ChatState; facts: ChatFacts }> {
  const stream = chatStream(chatId);
  const { snapshot, events } = await readSnapshotTail<RepliesState>(ctx.store, kind, stream, {
    to: e.streamPosition + 1,
    snapshotAtMost: e.streamPosition - 1,
    client: ctx.tx,
  });
  let before = snapshot?.state ?? kind.initial(stream);
  let self: EventEnvelope | undefined;
  let next: EventEnvelope | undefined;
  for (const x of events) {
    if (x.streamPosition < e.streamPosition) before = kind.evolve(before, x);
    else if (x.streamPosition === e.streamPosition) self = x;
    else next = x;
  }
  const from = snapshot?.position ?? 0;
  if (e.streamPosition - 1 - from >= kind.every) await saveSnapshot(ctx.tx, ctx.store.schema, kind, stream, e.streamPosition - 1, before);
  return { state: evolve(before.chat, self ?? e), facts: { ...before.facts, questionFollows: questionFollows(e, next) } };
}
