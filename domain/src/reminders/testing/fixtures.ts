import { expect } from 'vitest';
import type { DomainEvent } from '../events';
import { deciderSpecification, newId, type Input } from './decider-specification';

/** The chat of the decider tests, in Moscow unless a test says otherwise. */
export const CHAT = 42;
export const MSK = 'Europe/Moscow';
export const spec = deciderSpecification({ chatId: CHAT, timezone: MSK });
/** A chat in `timezone` with nothing in it yet. */
export const emptyChat = (timezone = MSK) => (timezone === MSK ? spec : deciderSpecification({ chatId: CHAT, timezone })).given([]);

/** Telegram's update and message ids: unique across a test file's inputs. */
let telegram = 0;

export const parsed = (
  at: string,
  p: { intent?: string; due?: string | null; rrule?: string | null; text?: string | null; timezone?: string; causationId?: string },
): Input => ({
  id: newId(),
  type: 'MessageParsed',
  occurredAt: at,
  metadata: { causationId: p.causationId ?? null },
  data: {
    chatId: CHAT,
    intent: p.intent ?? 'create',
    slots: [],
    due: p.due ?? null,
    rrule: p.rrule ?? null,
    text: p.text ?? null,
    confidence: { intent: 1, slots: 1 },
    modelVersion: 'test',
    parser: 'rules',
    latencyMs: 1,
    corrections: [],
    lang: 'ru',
    ...(p.timezone ? { timezone: p.timezone } : {}),
  },
});
export const message = (at: string, text: string): Input => ({
  id: newId(),
  type: 'MessageReceived',
  occurredAt: at,
  data: { chatId: CHAT, updateId: ++telegram, messageId: telegram, text, edited: false, sentAt: at },
});
/** The user's edit of `original`: a new MessageReceived with the same Telegram message id. */
export const editOf = (at: string, original: Input, text: string): Input => ({
  id: newId(),
  type: 'MessageReceived',
  occurredAt: at,
  data: { ...(original.data as object), updateId: ++telegram, text, edited: true, sentAt: at },
});
export const location = (at: string, latitude: number, longitude: number, edited = false): Input => ({
  id: newId(),
  type: 'MessageReceived',
  occurredAt: at,
  data: { chatId: CHAT, updateId: ++telegram, messageId: telegram, text: '', kind: 'location', location: { latitude, longitude }, edited, sentAt: at },
});
export const callback = (at: string, data: string): Input => ({
  id: newId(),
  type: 'CallbackReceived',
  occurredAt: at,
  data: { chatId: CHAT, updateId: ++telegram, callbackQueryId: `q${telegram}`, data },
});
export const delivered = (at: string, reminderId: string, occurrence: number): Input => ({
  id: newId(),
  type: 'ReminderDelivered',
  occurredAt: at,
  data: { chatId: CHAT, reminderId, occurrence, latenessMs: 0 },
});
export const failed = (at: string, reminderId: string, occurrence: number, permanent: boolean): Input => ({
  id: newId(),
  type: 'ReminderDeliveryFailed',
  occurredAt: at,
  data: { chatId: CHAT, reminderId, occurrence, error: permanent ? '403 blocked' : '502', permanent },
});

export const types = (evs: DomainEvent[]) => evs.map((e) => e.type);
/** The data of the first event of `type` among `evs`. */
export const dataOf = <T extends DomainEvent['type']>(evs: DomainEvent[], type: T) =>
  evs.find((e) => e.type === type)!.data as Extract<DomainEvent, { type: T }>['data'];
export const same = (a: string, b: string) => expect(Date.parse(a)).toBe(Date.parse(b));

/** A chat with one reminder created by a parse at `at`: the parse's id is the reminder's. */
export function withReminder(at: string, due: string, text: string, rrule: string | null = null, timezone = MSK) {
  const p = parsed(at, { due, text, rrule });
  return { chat: emptyChat(timezone).after(p), id: p.id };
}
