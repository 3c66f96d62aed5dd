import type { StreamEvent } from './events';
import { evolve } from './evolve';
import type { ChatState } from './state';

/**
 * The state to decide `target` on: every event of the stream up to and including it, then the
 * later events that follow from those (by causation, transitively) — the decisions already made
 * on earlier inputs and what the services did about them — but never a later input (a message,
 * callback or setting that came after `target`): the chat as it stood when `target` happened,
 * with everything already decided about it. Events in stream order.
 */
export function stateFor(
  events: readonly (StreamEvent & { id: string; streamPosition: number })[],
  target: { streamPosition: number },
  initial: ChatState,
): ChatState {
  const known = new Set<string>();
  let s = initial;
  for (const e of events) {
    const cause = e.metadata?.causationId;
    if (e.streamPosition <= target.streamPosition || (cause && known.has(cause))) {
      known.add(e.id);
      s = evolve(s, e);
    }
  }
  return s;
}

/**
 * `stateFor` over a snapshot: `base` is the stream folded up to a position at or before
 * `target`, `events` the ones after it, each with its cause's position in the stream (when the
 * cause is in it). An event past `target` is folded when its cause is at or before `target`
 * (folded, in the snapshot or the tail) or is such a later event itself. Also returns the stream
 * folded up to `target` alone: the next snapshot.
 */
export function stateForTail(
  events: readonly (StreamEvent & { id: string; streamPosition: number; causePosition: number | null })[],
  target: { streamPosition: number },
  base: ChatState,
): { state: ChatState; atTarget: ChatState } {
  const known = new Set<string>();
  let s = base;
  let atTarget = base;
  for (const e of events) {
    const cause = e.metadata?.causationId;
    if (e.streamPosition <= target.streamPosition) {
      s = evolve(s, e);
      atTarget = s;
    } else if ((e.causePosition !== null && e.causePosition <= target.streamPosition) || (cause && known.has(cause))) {
      known.add(e.id);
      s = evolve(s, e);
    }
  }
  return { state: s, atTarget };
}
