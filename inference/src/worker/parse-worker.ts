import {
  botCommand,
  byStream,
  ChatCursor,
  chatStateKind,
  readSnapshotTails,
  type BatchHandler,
  type ChatState,
  type EventData,
  type EventEnvelope,
  type HandlerContext,
  type SnapshotKind,
} from '@napominalka/core';
import type { ReminderParser } from '../parse/result';

export interface ParseWorkerOptions {
  parser: () => ReminderParser;
  /** Zone of a chat that has not set one yet. */
  defaultTimezone: string;
}

/** Voice, stickers, photos, locations: nothing to parse (the bot answers them itself); a flood past the chat's limit is recorded but not parsed; bot commands (/tz, /list, /cancel …) are read by the domain and the bot exactly, never by the model. */
function parseable(e: EventEnvelope): boolean {
  if (e.type !== 'MessageReceived') return false;
  const msg = e.data as EventData<'MessageReceived'>;
  return msg.kind === 'text' && !msg.throttled && botCommand(msg.text) === null;
}

/**
 * The inference worker's handler: each MessageReceived becomes a MessageParsed (or ParseFailed),
 * appended to the same chat stream in the consumer's transaction, caused by the message and keyed
 * by it, so a redelivered message appends nothing new. The chat's zone is read from the store as of
 * the message's position, so a replay parses exactly as the live run did; the chats of a batch are
 * read in one statement and folded forward message by message.
 */
export function parseWorker(opts: ParseWorkerOptions): BatchHandler {
  const kind = chatStateKind(opts.defaultTimezone);
  return async (batch, ctx) => {
    // Chat by chat in sorted order, as every writer of several streams appends (no deadlocks).
    const messages = byStream(batch.filter(parseable));
    if (messages.length === 0) return;
    const chats = await readChats(ctx, kind, messages);
    for (const e of messages) await parseOne(opts, e, (await chats.before(e)).settings, ctx);
  };
}

async function parseOne(opts: ParseWorkerOptions, e: EventEnvelope, settings: ChatState['settings'], ctx: HandlerContext): Promise<void> {
  const msg = e.data as EventData<'MessageReceived'>;
  const meta = { correlationId: e.metadata.correlationId, causationId: e.id };
  const key = `parse:${e.id}`;
  const parser = opts.parser();
  let result;
  try {
    result = await parser.parse({ text: msg.text, timezone: settings.timezone, now: msg.sentAt, ...(settings.lang ? { lang: settings.lang } : {}) });
  } catch (err) {
    ctx.log.error({ err: (err as Error).message, eventId: e.id, correlationId: e.metadata.correlationId }, 'parse failed');
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
        // A list's period (rule 20): the bot lists only those days.
        listFrom: result.listFrom,
        listTo: result.listTo,
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
}

/**
 * The batch's chats, read once: each from its snapshot before its first message up to its last
 * message. Every event before a message of the batch is in that read (the message was stored
 * after them), and what the batch appends comes after the messages, so folding forward gives each
 * message the chat as it stood. A snapshot is saved once `every` events were folded past the last.
 */
async function readChats(ctx: HandlerContext, kind: SnapshotKind<ChatState>, messages: readonly EventEnvelope[]) {
  const span = new Map<string, { first: number; last: number }>();
  for (const e of messages) span.set(e.streamId, { first: span.get(e.streamId)?.first ?? e.streamPosition, last: e.streamPosition });
  const tails = await readSnapshotTails<ChatState>(
    ctx.store,
    kind,
    [...span].map(([streamId, s]) => ({ streamId, snapshotAtMost: s.first - 1, to: s.last - 1 })),
    { client: ctx.tx },
  );
  const cursors = new Map([...tails].map(([streamId, t]) => [streamId, new ChatCursor(kind, streamId, t)]));
  return {
    async before(e: EventEnvelope): Promise<ChatState> {
      const cursor = cursors.get(e.streamId)!;
      await cursor.snapshotBefore(e.streamPosition, ctx.tx, ctx.store.schema);
      return cursor.foldTo(e.streamPosition);
    },
  };
}
