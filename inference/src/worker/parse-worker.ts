import { botCommand, chatStateKind, readState, type EventData, type Handler } from '@napominalka/core';
import type { ReminderParser } from '../parse/result';

export interface ParseWorkerOptions {
  parser: () => ReminderParser;
  /** Zone of a chat that has not set one yet. */
  defaultTimezone: string;
}

/**
 * The inference worker's handler: each MessageReceived becomes a MessageParsed (or ParseFailed),
 * appended to the same chat stream in the consumer's transaction, caused by the message and keyed
 * by it, so a redelivered message appends nothing new. The chat's zone is read from the store as of
 * the message's position, so a replay parses exactly as the live run did.
 */
export function parseWorker(opts: ParseWorkerOptions): Handler {
  const kind = chatStateKind(opts.defaultTimezone);
  return async (e, ctx) => {
    if (e.type !== 'MessageReceived') return;
    const msg = e.data as EventData<'MessageReceived'>;
    // Voice, stickers, photos, locations: nothing to parse (the bot answers them itself); a flood
    // past the chat's limit is recorded but not parsed; bot commands (/tz, /list, /cancel …) are
    // read by the domain and the bot exactly, never by the model.
    if (msg.kind !== 'text' || msg.throttled || botCommand(msg.text) !== null) return;
    // The chat as of the message, from its snapshot (the same fold the decider reads).
    const { settings } = (await readState(ctx.store, kind, e.streamId, { to: e.streamPosition - 1, client: ctx.tx })).state;
    const meta = { correlationId: e.metadata.correlationId, causationId: e.id };
    const key = `parse:${e.id}`;
    const parser = opts.parser();
    let result;
    try {
      result = await parser.parse({ text: msg.text, timezone: settings.timezone, now: msg.sentAt, ...(settings.lang ? { lang: settings.lang } : {}) });
    } catch (err) {
      ctx.log.error({ err: (err as Error).message }, 'parse failed');
      await ctx.append(
        e.streamId,
        [{ type: 'ParseFailed', data: { chatId: msg.chatId, reason: (err as Error).message.slice(0, 500), modelVersion: parser.version } }],
        { idempotencyKey: key, metadata: meta },
      );
      return;
    }
    const events = [
      {
        type: 'MessageParsed',
        data: {
          chatId: msg.chatId,
          intent: result.intent,
          slots: result.slots,
          due: result.due,
          rrule: result.rrule,
          text: result.text,
          confidence: result.confidence,
          modelVersion: result.modelVersion,
          parser: result.parser,
          latencyMs: result.latencyMs,
          corrections: result.corrections,
          lang: result.lang,
          timezone: result.timezone,
        },
      },
      ...(result.clarification
        ? [
            {
              type: 'ClarificationRequested',
              data: { chatId: msg.chatId, question: result.clarification.reason, options: result.clarification.options, reason: result.clarification.reason },
            },
          ]
        : []),
    ];
    await ctx.append(e.streamId, events, { idempotencyKey: key, metadata: meta });
  };
}
