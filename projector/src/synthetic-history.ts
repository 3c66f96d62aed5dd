import type { z } from 'zod';
import { chatStream, type AppCatalog, type EventTypeName } from '@napominalka/core';
import { seededRandom } from '@napominalka/core/seeded-random';

/** What a writer passes for an event type (defaults not yet applied). */
type EventData<T extends EventTypeName> = z.input<AppCatalog[T]['schema']>;

/**
 * A realistic, seeded synthetic history of the bot for tests and benchmarks: chats write
 * messages, the parser answers (sometimes failing, asking back, or falling back to the LLM),
 * reminders are scheduled, fire, are delivered late by a little, snoozed, completed, cancelled,
 * and users give feedback; now and then a model is promoted. Every event is valid under the
 * catalog, so the store decodes it like any other.
 */
export interface SyntheticEvent<T extends EventTypeName = EventTypeName> {
  streamId: string;
  streamPosition: number;
  type: T;
  data: EventData<T>;
  occurredAt: Date;
}

export interface SyntheticOptions {
  seed?: number;
  chats?: number;
  /** First instant of the history. */
  start?: Date;
  /** Length of the history in days. */
  days?: number;
}

const TEXTS_RU = ['позвонить маме', 'купить хлеб', 'отчёт по проекту', 'выпить таблетку', 'забрать посылку', 'оплатить интернет', 'встреча с Олегом'];
const TEXTS_EN = ['call mom', 'check the oven', 'send the report', 'water the plants', 'pay rent', 'team standup', 'pick up the kids'];

/**
 * Yields whole sessions (the events one incoming message leads to, all in one chat stream, in
 * stream order), with time moving forward evenly over the history. Stops after `maxEvents`.
 */
export function* syntheticSessions(maxEvents: number, opts: SyntheticOptions = {}): Generator<SyntheticEvent[]> {
  const rnd = seededRandom(opts.seed ?? 42);
  const chats = opts.chats ?? 2000;
  const start = (opts.start ?? new Date('2026-01-01T00:00:00Z')).getTime();
  const spanMs = (opts.days ?? 180) * 86_400_000;
  const versions = new Map<string, number>();
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const weighted = <T extends string>(w: Record<T, number>): T => {
    let r = rnd() * Object.values<number>(w).reduce((a, b) => a + b, 0);
    for (const [k, v] of Object.entries<number>(w)) if ((r -= v) < 0) return k as T;
    return Object.keys(w)[0] as T;
  };
  // Sessions average about 6.5 events: spread them so the last one lands near the end.
  const sessionsExpected = Math.max(1, maxEvents / 6.5);
  let emitted = 0;
  let session = 0;
  let model = 1;
  while (emitted < maxEvents) {
    const t0 = start + Math.floor((session / sessionsExpected) * spanMs) + Math.floor(rnd() * 60_000);
    session++;
    const out: SyntheticEvent[] = [];
    const push = <T extends EventTypeName>(streamId: string, type: T, data: EventData<T>, at: number) => {
      const v = (versions.get(streamId) ?? 0) + 1;
      versions.set(streamId, v);
      out.push({ streamId, streamPosition: v, type, data, occurredAt: new Date(at) } as SyntheticEvent);
    };
    if (rnd() < 0.0005) {
      model++;
      push('models', 'ModelPromoted', { version: `2026-01-01.${model}`, previous: `2026-01-01.${model - 1}`, metrics: { f1: 0.9 + rnd() * 0.05 } }, t0);
      emitted += out.length;
      yield out;
      continue;
    }
    // Chat activity is skewed: a few chats write a lot.
    const chatId = 100_000 + Math.floor(chats * rnd() ** 2);
    const stream = chatStream(chatId);
    const en = rnd() < 0.27;
    let t = t0;
    if (!versions.has(stream)) {
      push(stream, 'ChatSettingsChanged', { chatId, timezone: en ? 'Europe/London' : 'Europe/Moscow', lang: en ? 'en' : 'ru', active: true }, t);
    }
    const text = pick(en ? TEXTS_EN : TEXTS_RU);
    const updateId = session;
    push(
      stream,
      'MessageReceived',
      {
        chatId,
        updateId,
        messageId: updateId,
        text: en ? `remind me tomorrow at 9 to ${text}` : `напомни завтра в 9 ${text}`,
        edited: false,
        sentAt: new Date(t).toISOString(),
      },
      t,
    );
    t += 5 + Math.floor(rnd() * 40);
    if (rnd() < 0.03) {
      push(stream, 'ParseFailed', { chatId, reason: 'model output could not be resolved', modelVersion: `2026-01-01.${model}` }, t);
      emitted += out.length;
      yield out;
      continue;
    }
    const parser = weighted({ model: 86, llm: 9, rules: 5 });
    const intent = weighted({ create: 58, list: 12, cancel: 8, snooze: 7, timezone: 2, other: 13 });
    const confidence = parser === 'llm' ? 0.3 + rnd() * 0.3 : Math.min(1, 0.55 + 0.45 * Math.sqrt(rnd()));
    const latencyMs = parser === 'llm' ? 300 + Math.exp(rnd() * 7) : 3 + Math.exp(rnd() * 3);
    const due = new Date(t + 3_600_000 + Math.floor(rnd() * 86_400_000));
    push(
      stream,
      'MessageParsed',
      {
        chatId,
        intent,
        slots: [
          { tag: 'time', text: en ? 'tomorrow at 9' : 'завтра в 9', start: en ? 12 : 8, end: en ? 25 : 18 },
          { tag: 'text', text, start: en ? 29 : 19, end: (en ? 29 : 19) + text.length },
        ],
        due: intent === 'create' ? due.toISOString() : null,
        rrule: intent === 'create' && rnd() < 0.1 ? 'FREQ=WEEKLY;BYDAY=MO' : null,
        text: intent === 'create' ? text : null,
        confidence: { intent: Math.round(confidence * 1e4) / 1e4, slots: Math.round(Math.min(1, confidence + 0.05) * 1e4) / 1e4 },
        modelVersion: `2026-01-01.${model}`,
        parser,
        latencyMs: Math.round(latencyMs * 100) / 100,
        corrections: rnd() < 0.05 ? [{ from: en ? 'tomorow' : 'зафтра', to: en ? 'tomorrow' : 'завтра' }] : [],
        lang: rnd() < 0.04 ? 'mixed' : en ? 'en' : 'ru',
      },
      t + Math.round(latencyMs),
    );
    t += Math.round(latencyMs) + 1;
    if (confidence < 0.45 && rnd() < 0.6) {
      push(stream, 'ClarificationRequested', { chatId, question: en ? 'When should I remind you?' : 'Когда напомнить?', options: [] }, t);
      emitted += out.length;
      yield out;
      continue;
    }
    if (intent === 'create') {
      const reminderId = `r-${chatId}-${session}`;
      push(
        stream,
        'ReminderScheduled',
        { chatId, reminderId, text, due: due.toISOString(), rrule: null, timezone: en ? 'Europe/London' : 'Europe/Moscow' },
        t + 2,
      );
      let at = due.getTime();
      if (rnd() < 0.07) {
        push(stream, 'ReminderCancelled', { chatId, reminderId, reason: 'user' }, t + 60_000);
      } else {
        for (let occurrence = 0; occurrence < 3; occurrence++) {
          push(stream, 'ReminderDue', { chatId, reminderId, occurrence, due: new Date(at).toISOString(), firedAt: new Date(at + 20).toISOString() }, at + 20);
          if (rnd() < 0.02) {
            push(
              stream,
              'ReminderDeliveryFailed',
              { chatId, reminderId, occurrence, error: 'Forbidden: bot was blocked by the user', permanent: true },
              at + 60,
            );
            break;
          }
          const latenessMs = Math.round(40 + Math.exp(rnd() * 7.5));
          push(stream, 'ReminderDelivered', { chatId, reminderId, occurrence, latenessMs, messageId: updateId + occurrence + 1 }, at + latenessMs);
          const r = rnd();
          if (r < 0.18 && occurrence < 2) {
            const pressed = at + latenessMs + 30_000;
            at = pressed + (rnd() < 0.5 ? 600_000 : rnd() < 0.6 ? 3_600_000 : 86_400_000);
            push(stream, 'ReminderRescheduled', { chatId, reminderId, due: new Date(at).toISOString(), reason: 'snooze' }, pressed);
            continue;
          }
          if (r < 0.6) push(stream, 'ReminderCompleted', { chatId, reminderId }, at + latenessMs + 5_000);
          break;
        }
        if (rnd() < 0.04) {
          push(stream, 'FeedbackGiven', { chatId, reminderId, kind: weighted({ 'wrong-time': 5, 'wrong-text': 3, other: 2 }) }, at + 30_000);
        }
      }
    } else if (intent === 'snooze' || intent === 'list' || intent === 'cancel') {
      push(stream, 'CallbackReceived', { chatId, updateId: updateId + 1_000_000_000, callbackQueryId: `cb-${session}`, data: `${intent}:1` }, t + 1_000);
    }
    emitted += out.length;
    yield out;
  }
}
