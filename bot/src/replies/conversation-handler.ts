import { deciderHandler, type BatchHandler } from '@napominalka/core';
import { insertOutbox } from '../notifier/outbox-insert';
import { repliesOfDecision } from './replies-of-decision';
import { repliesStateKind } from './replies-state';

/**
 * The conversation's consumer. Its name is the decider's of old: the checkpoints it took over
 * are the decider's, so nothing is decided twice when it moved here from the inference service.
 */
export const CONVERSATION_CONSUMER = 'reminders';

/**
 * Decides on each input of a chat (the reminders domain) and writes what the bot says about it
 * into the outbox, in one consumer transaction: the confirmation of a reminder is queued with
 * the decision that made it, without a hop through the relay and a consumer of its own. The
 * outbox key is the event answered and the reply's place, so each reply is sent once however
 * often the input is delivered.
 */
export function conversationHandler(opts: { schema: string; defaultTimezone: string }): BatchHandler {
  return deciderHandler({
    kind: repliesStateKind(opts.defaultTimezone),
    chatOf: (s) => s.chat,
    async after(decisions, ctx) {
      // One insert for the whole batch.
      const rows = decisions.flatMap(({ input, before, tail, decided }) => {
        const chatId = (input.data as { chatId: number }).chatId;
        return repliesOfDecision(before, tail, decided).flatMap(({ event, replies }) =>
          replies.map((r, seq) => ({
            kind: 'reply' as const,
            chatId,
            eventId: event.id,
            seq,
            text: r.text,
            markup: r.markup ?? null,
            editMessageId: r.editMessageId ?? null,
          })),
        );
      });
      await insertOutbox(ctx.tx, opts.schema, rows);
    },
  });
}
