import type { SnapshotKind } from '../store/snapshots/snapshot-kind';
import { chatIdOfStream, evolve, initialState, type ChatState } from '@napominalka/domain';

/**
 * Bump whenever `evolve` or `ChatState` changes: snapshots of an older version are then ignored
 * (the chat is folded from its first event once) and rewritten. 2: finished reminders bounded
 * (FINISHED_KEPT). 3: series that end (COUNT, UNTIL): countedBefore, and a completion without an
 * occurrence leaves the last delivery open to 💤.
 */
export const CHAT_STATE_VERSION = 3;

/** The chat of its stream: the kind folds chat streams only. */
function chatIdOf(streamId: string): number {
  const id = chatIdOfStream(streamId);
  if (id === null) throw new Error(`chat-state: ${streamId} is not a chat stream`);
  return id;
}

/**
 * The reminders domain's state of a chat as a snapshot kind. The default zone is part of the
 * name: the state of a chat that set none depends on it.
 */
export function chatStateKind(defaultTimezone: string, every = 50): SnapshotKind<ChatState> {
  return {
    name: `chat-state@${defaultTimezone}`,
    version: CHAT_STATE_VERSION,
    initial: (streamId) => initialState({ chatId: chatIdOf(streamId), timezone: defaultTimezone }),
    evolve,
    every,
  };
}
