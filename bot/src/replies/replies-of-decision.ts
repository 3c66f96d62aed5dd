import type { CursorEvent, DecidedEvent } from '@napominalka/core';
import type { Reply } from '../conversation/replies';
import { questionFollows } from './chat-facts';
import { repliesFor, type RepliedEvent } from './replies-for';
import { repliesStep, type RepliesState } from './replies-state';

export interface RepliesToEvent {
  /** The event answered: the outbox key is it and the reply's place. */
  event: RepliedEvent;
  replies: Reply[];
}

/**
 * What the bot says about one input and its decision, in stream order. Each event is answered
 * on the chat folded up to and including it and the facts of the events before it — as if
 * every event were answered on its own, in order:
 *
 * - the input itself (a command, a button, a parse: the list, "not understood" …);
 * - the question the parse worker appended with a parse (it comes right after it, same cause);
 * - each event the decider appended (confirmation, question, cancelled, done, snoozed), on the
 *   stream as it now stands plus the decided events before it.
 *
 * `tail` is the stream from the input on, `before` the fold before the input. Pure.
 */
export function repliesOfDecision(before: RepliesState, tail: readonly CursorEvent[], decided: readonly DecidedEvent[]): RepliesToEvent[] {
  const [input, ...after] = tail;
  if (!input) return [];
  const out: RepliesToEvent[] = [];
  const atInput = repliesStep(before, input);
  out.push({ event: input, replies: repliesFor(input, atInput.chat, { ...before.facts, questionFollows: questionFollows(input, after[0]) }) });
  const question = after[0];
  if (input.type === 'MessageParsed' && question && questionFollows(input, question)) {
    out.push({ event: question, replies: repliesFor(question, repliesStep(atInput, question).chat, { ...atInput.facts, questionFollows: false }) });
  }
  let s = after.reduce(repliesStep, atInput);
  for (const d of decided) {
    const next = repliesStep(s, d);
    out.push({ event: d, replies: repliesFor(d, next.chat, { ...s.facts, questionFollows: false }) });
    s = next;
  }
  return out;
}
