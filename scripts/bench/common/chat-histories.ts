/**
 * Long chat histories for the benchmarks that ask what a long history costs (bench:chat-history,
 * bench:bot's history section): the events a chat gathers over years, as the services write them.
 * Pure; every event valid against the catalog.
 */
import { randomUUID } from 'node:crypto';
import type { NewEvent } from '../../../core/src/index';

export const HISTORY_ZONE = 'Europe/Moscow';

/** What the parser writes for "remind me at `due` to `text`". */
export const createParsed = (chatId: number, due: string, text: string) => ({
  chatId,
  intent: 'create',
  slots: [],
  due,
  rrule: null,
  text,
  confidence: { intent: 0.99, slots: 0.99 },
  modelVersion: 'bench',
  parser: 'model' as const,
  latencyMs: 1,
  corrections: [],
  lang: 'ru' as const,
});

/**
 * The user the issue names: one daily reminder delivered and moved to the next day for years, a
 * /list now and then. About three events a day: 3,000 events are some 2.7 years.
 */
export function dailyHistory(chatId: number, events: number): NewEvent[] {
  const day = (k: number) => new Date(Date.UTC(2025, 0, 1, 6) + k * 86_400_000).toISOString();
  const out: NewEvent[] = [
    { type: 'ReminderScheduled', data: { chatId, reminderId: 'daily', text: 'выпить таблетку', due: day(0), rrule: 'FREQ=DAILY', timezone: HISTORY_ZONE } },
  ];
  for (let k = 0; out.length < events; k++) {
    out.push({ type: 'ReminderDue', data: { chatId, reminderId: 'daily', occurrence: k, due: day(k), firedAt: day(k) } });
    out.push({ type: 'ReminderDelivered', data: { chatId, reminderId: 'daily', occurrence: k, latenessMs: 200 } });
    out.push({ type: 'ReminderRescheduled', data: { chatId, reminderId: 'daily', due: day(k + 1), reason: 'next-occurrence', occurrence: k + 1 } });
    if (k % 10 === 0) out.push({ type: 'MessageReceived', data: { chatId, updateId: k, messageId: k, text: '/list', sentAt: day(k) } });
  }
  return out.slice(0, events);
}

/** Reminder after reminder, each asked for, scheduled, delivered and done: six events each. */
export function busyHistory(chatId: number, events: number): NewEvent[] {
  const out: NewEvent[] = [];
  for (let k = 0; out.length < events; k++) {
    const at = new Date(Date.UTC(2025, 0, 1) + k * 8 * 3_600_000).toISOString();
    const [msg, parse, sched] = [randomUUID(), randomUUID(), `busy-${k}`];
    out.push({ id: msg, type: 'MessageReceived', data: { chatId, updateId: k, messageId: k, text: `напомни через час дело ${k}`, sentAt: at } });
    out.push({ id: parse, type: 'MessageParsed', data: createParsed(chatId, at, `дело ${k}`), metadata: { causationId: msg } });
    out.push({
      type: 'ReminderScheduled',
      data: { chatId, reminderId: sched, text: `дело ${k}`, due: at, rrule: null, timezone: HISTORY_ZONE, sourceEventId: parse },
      metadata: { causationId: parse },
    });
    out.push({ type: 'ReminderDue', data: { chatId, reminderId: sched, occurrence: 0, due: at, firedAt: at } });
    out.push({ type: 'ReminderDelivered', data: { chatId, reminderId: sched, occurrence: 0, latenessMs: 200 } });
    out.push({ type: 'ReminderCompleted', data: { chatId, reminderId: sched, scope: 'reminder', occurrence: 0 } });
  }
  return out.slice(0, events);
}
