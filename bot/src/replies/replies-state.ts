import { chatStateKind, evolve, type ChatState, type SnapshotKind } from '@napominalka/core';
import { factStep, NO_FACTS, type FoldedFacts } from './chat-facts';
import type { RepliedEvent } from './replies-for';

/** What the conversation folds per chat: the domain's state and the facts of its events. */
export interface RepliesState {
  chat: ChatState;
  facts: FoldedFacts;
}

/** Bump when factStep or FoldedFacts change (the chat part follows the domain's version). */
const FACTS_VERSION = 1;

/** One event folded into both parts. Pure. */
export const repliesStep = (s: RepliesState, e: RepliedEvent): RepliesState => ({ chat: evolve(s.chat, e), facts: factStep(s.facts, e) });

export function repliesStateKind(defaultTimezone: string, every = 50): SnapshotKind<RepliesState> {
  const chat = chatStateKind(defaultTimezone, every);
  return {
    name: `replies@${defaultTimezone}`,
    version: chat.version * 1000 + FACTS_VERSION,
    initial: (streamId) => ({ chat: chat.initial(streamId), facts: NO_FACTS }),
    evolve: repliesStep,
    every,
  };
}
