import { randomUUID } from 'node:crypto';
import type { NewEvent } from '@napominalka/domain';

/** One event of a random chat history, with the index of its cause among the earlier ones. */
export interface HistoryStep {
  id: string;
  event: NewEvent;
  /** An earlier step, another stream's event (a random id), or none. */
  cause: number | 'elsewhere' | null;
}

const pickOf = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const instantAt = (i: number) => new Date(Date.UTC(2026, 10, 1) + i * 3_600_000).toISOString();

/**
 * A chat's stream of every kind the reminders fold reads, in random order and with random
 * causation (earlier events, another stream's, none): inputs, parses, decisions about reminders
 * that exist and that do not, deliveries, settings, questions. Valid against the catalog.
 */
export function randomChatHistory(rnd: () => number, chatId: number, n: number): HistoryStep[] {
  const steps: HistoryStep[] = [];
  const reminders: string[] = [];
  const idsOf = (type: string) => steps.flatMap((s, i) => (s.event.type === type ? [i] : []));
  const anyCause = (): HistoryStep['cause'] => (steps.length === 0 || rnd() < 0.1 ? (rnd() < 0.5 ? null : 'elsewhere') : Math.floor(rnd() * steps.length));
  const reminder = () => (reminders.length > 0 && rnd() < 0.9 ? pickOf(rnd, reminders) : `missing-${Math.floor(rnd() * 3)}`);
  for (let i = 0; i < n; i++) {
    const at = instantAt(i);
    const r = rnd();
    let event: NewEvent;
    let cause = anyCause();
    if (r < 0.2) {
      event = {
        type: 'MessageReceived',
        data: { chatId, updateId: i, messageId: 1000 + Math.floor(rnd() * (i + 1)), text: `msg ${i}`, edited: rnd() < 0.1, sentAt: at },
      };
      cause = null;
    } else if (r < 0.35) {
      const received = idsOf('MessageReceived');
      if (received.length > 0) cause = pickOf(rnd, received);
      const intent = pickOf(rnd, ['create', 'create', 'cancel', 'snooze', 'other']);
      event = {
        type: 'MessageParsed',
        data: {
          chatId,
          intent,
          slots: [],
          due: rnd() < 0.3 ? null : at,
          rrule: null,
          text: `text ${i}`,
          confidence: { intent: 0.9, slots: 0.9 },
          modelVersion: 'm',
          parser: 'model',
          latencyMs: 1,
          corrections: [],
          lang: 'ru',
        },
      };
    } else if (r < 0.5) {
      const id = `r${i}`;
      reminders.push(id);
      const source = typeof cause === 'number' ? steps[cause]!.id : randomUUID();
      event = {
        type: 'ReminderScheduled',
        data: {
          chatId,
          reminderId: rnd() < 0.05 && reminders.length > 1 ? reminders[0]! : id,
          text: `do ${i}`,
          due: at,
          rrule: rnd() < 0.3 ? 'FREQ=DAILY' : null,
          timezone: pickOf(rnd, ['Europe/Berlin', 'Asia/Tokyo']),
          sourceEventId: source,
        },
      };
    } else if (r < 0.6) {
      event = {
        type: 'ReminderRescheduled',
        data: {
          chatId,
          reminderId: reminder(),
          due: instantAt(i + 5),
          reason: pickOf(rnd, ['snooze', 'edit', 'next-occurrence', 'timezone-change', 'resume'] as const),
          ...(rnd() < 0.3 ? { text: `edited ${i}` } : {}),
        },
      };
    } else if (r < 0.67) {
      event = { type: 'ReminderCancelled', data: { chatId, reminderId: reminder(), reason: 'button' } };
    } else if (r < 0.74) {
      event = {
        type: 'ReminderCompleted',
        data: { chatId, reminderId: reminder(), scope: rnd() < 0.5 ? 'reminder' : 'occurrence', ...(rnd() < 0.5 ? { occurrence: Math.floor(rnd() * 3) } : {}) },
      };
    } else if (r < 0.84) {
      event = { type: 'ReminderDelivered', data: { chatId, reminderId: reminder(), occurrence: Math.floor(rnd() * 3), latenessMs: 100 } };
    } else if (r < 0.9) {
      event = {
        type: 'ChatSettingsChanged',
        data: {
          chatId,
          ...(rnd() < 0.5 ? { timezone: pickOf(rnd, ['Europe/Moscow', 'America/New_York']) } : {}),
          ...(rnd() < 0.3 ? { lang: pickOf(rnd, ['ru', 'en'] as const) } : {}),
          ...(rnd() < 0.3 ? { active: rnd() < 0.5 } : {}),
        },
      };
      cause = null;
    } else if (r < 0.96) {
      const kind = pickOf(rnd, ['question', 'time', 'cancel', 'no-match', 'correction'] as const);
      event = {
        type: 'ClarificationRequested',
        data: { chatId, question: '?', options: [], kind, candidates: reminders.length ? [{ reminderId: reminder(), text: 'x', due: at }] : [] },
      };
    } else {
      event = { type: 'FeedbackGiven', data: { chatId, reminderId: reminder(), kind: 'wrong-time' } };
    }
    steps.push({ id: randomUUID(), event: { ...event, occurredAt: new Date(at) }, cause });
  }
  return steps;
}

/** The steps as events to append, each caused by the step it names (or a random id for "elsewhere"). */
export function historyEvents(steps: readonly HistoryStep[]): NewEvent[] {
  return steps.map((s) => ({
    ...s.event,
    id: s.id,
    metadata: { causationId: typeof s.cause === 'number' ? steps[s.cause]!.id : s.cause === 'elsewhere' ? randomUUID() : null },
  }));
}
