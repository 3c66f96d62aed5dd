import { v7 } from 'uuid';
import { chatStream, type EventData, type EventTypeName } from '@napominalka/core';
import type { HistoryEvent } from './parse-history';

/**
 * Stories of single reminders as the bot records them, for the model loop's tests: a message,
 * its parse (slots given by the caller: hand-made, or the real parser's in an e2e), the
 * reminder it made, and what the user did next — ✅ after delivery, ✏️ with a new time and/or
 * text, an edit of the message, a cancel within minutes.
 */
export interface Parsed {
  intent: string;
  due: string | null;
  rrule: string | null;
  text: string | null;
  slots: Array<{ tag: string; text: string; start: number; end: number }>;
  lang: 'ru' | 'en' | 'mixed';
}

export type Outcome =
  | { kind: 'confirmed' }
  | { kind: 'quick-cancel' }
  | { kind: 'correction'; message: string; parsed: Parsed; due?: string; text?: string }
  | { kind: 'edit'; message: string; parsed: Parsed };

export class StoryWriter {
  readonly events: HistoryEvent[] = [];
  private positions = new Map<string, number>();

  constructor(private readonly model = 'test-model') {}

  private push<T extends EventTypeName>(stream: string, type: T, data: EventData<T>, at: number, causationId: string | null): HistoryEvent {
    const pos = (this.positions.get(stream) ?? 0) + 1;
    this.positions.set(stream, pos);
    const id = v7({ msecs: at });
    const e: HistoryEvent = {
      id,
      type,
      streamId: stream,
      streamPosition: pos,
      occurredAt: new Date(at).toISOString(),
      causationId,
      correlationId: id,
      data: data as Record<string, unknown>,
    };
    this.events.push(e);
    return e;
  }

  private message(stream: string, chatId: number, text: string, at: number, edited = false): HistoryEvent {
    return this.push(
      stream,
      'MessageReceived',
      { chatId, updateId: at % 1e9, messageId: 1, text, edited, sentAt: new Date(at).toISOString(), kind: 'text' },
      at,
      null,
    );
  }

  private parse(stream: string, chatId: number, p: Parsed, at: number, causation: string): HistoryEvent {
    return this.push(
      stream,
      'MessageParsed',
      { chatId, ...p, confidence: { intent: 0.9, slots: 0.9 }, modelVersion: this.model, parser: 'model', latencyMs: 1, corrections: [] },
      at,
      causation,
    );
  }

  /** One reminder from `text` at `sentAt` in `timezone`, then `outcome`. Returns the reminder id. */
  story(o: { chatId: number; text: string; sentAt: Date; timezone: string; parsed: Parsed; outcome: Outcome }): string {
    const stream = chatStream(o.chatId);
    const t = o.sentAt.getTime();
    const msg = this.message(stream, o.chatId, o.text, t);
    const parse = this.parse(stream, o.chatId, o.parsed, t + 50, msg.id);
    const reminderId = parse.id;
    const due = o.parsed.due ?? new Date(t + 3_600_000).toISOString();
    this.push(
      stream,
      'ReminderScheduled',
      { chatId: o.chatId, reminderId, text: o.parsed.text ?? o.text, due, rrule: o.parsed.rrule, timezone: o.timezone, sourceEventId: parse.id },
      t + 80,
      parse.id,
    );
    const out = o.outcome;
    switch (out.kind) {
      case 'confirmed': {
        const fired = Math.max(Date.parse(due), t + 60_000);
        this.push(stream, 'ReminderDelivered', { chatId: o.chatId, reminderId, occurrence: 0, latenessMs: 200 }, fired, null);
        this.push(stream, 'ReminderCompleted', { chatId: o.chatId, reminderId, scope: 'reminder' }, fired + 30_000, null);
        break;
      }
      case 'quick-cancel':
        this.push(stream, 'ReminderCancelled', { chatId: o.chatId, reminderId, reason: 'user' }, t + 90_000, null);
        break;
      case 'correction': {
        const m = this.message(stream, o.chatId, out.message, t + 120_000);
        const p = this.parse(stream, o.chatId, out.parsed, t + 120_050, m.id);
        this.push(
          stream,
          'ReminderRescheduled',
          { chatId: o.chatId, reminderId, due: out.due ?? due, reason: 'edit', ...(out.text ? { text: out.text } : {}) },
          t + 120_080,
          p.id,
        );
        if (out.due)
          this.push(stream, 'FeedbackGiven', { chatId: o.chatId, reminderId, kind: 'wrong-time', comment: `${due} → ${out.due}` }, t + 120_081, p.id);
        if (out.text)
          this.push(
            stream,
            'FeedbackGiven',
            { chatId: o.chatId, reminderId, kind: 'wrong-text', comment: `${o.parsed.text ?? ''} → ${out.text}` },
            t + 120_082,
            p.id,
          );
        break;
      }
      case 'edit': {
        const m = this.message(stream, o.chatId, out.message, t + 100_000, true);
        const p = this.parse(stream, o.chatId, out.parsed, t + 100_050, m.id);
        this.push(
          stream,
          'ReminderRescheduled',
          { chatId: o.chatId, reminderId, due: out.parsed.due ?? due, reason: 'edit', ...(out.parsed.text ? { text: out.parsed.text } : {}) },
          t + 100_080,
          p.id,
        );
        break;
      }
    }
    return reminderId;
  }
}
