import { v7 } from 'uuid';
import { chatStream, type EventData, type EventTypeName } from '@napominalka/core';
import { seededRandom } from '@napominalka/core/seeded-random';

/**
 * A seeded production-like history of parses for the ETL's tests and benchmark: per message a
 * MessageReceived, its MessageParsed (or ParseFailed), and what followed — a ReminderScheduled,
 * sometimes a question back, a ✏️ FeedbackGiven, a cancel within minutes, a delivery. A `shift`
 * injects drift into the days it is given for.
 */
export interface DriftShift {
  /** Points moved from create to other (0.10 = +10 points of other). */
  intentOther?: number;
  /** Points moved from ru to en. */
  langEn?: number;
  /** Text length multiplier (1.3 = +30 %). */
  lengthFactor?: number;
  /** Added to intent confidence. */
  confidenceDelta?: number;
  /** Share of texts that get a new vocabulary. */
  newVocabulary?: number;
}

export interface HistoryEvent {
  id: string;
  type: EventTypeName;
  streamId: string;
  streamPosition: number;
  occurredAt: string;
  causationId: string | null;
  correlationId: string;
  data: Record<string, unknown>;
}

const RU = ['позвонить маме', 'купить хлеб', 'отчёт по проекту', 'выпить таблетку', 'забрать посылку', 'оплатить интернет', 'встреча с Олегом', 'полить цветы'];
const EN = ['call mom', 'check the oven', 'send the report', 'water the plants', 'pay rent', 'team standup', 'pick up the kids', 'book a table'];
const NEW_WORDS = ['криптокошелёк', 'нейросеть', 'metaverse', 'blockchain', 'квадрокоптер', 'webinar'];
const INTENTS = { create: 0.7, list: 0.1, cancel: 0.08, snooze: 0.05, timezone: 0.02, other: 0.05 };
const ZONES = ['Europe/Moscow', 'Europe/Berlin', 'Asia/Yekaterinburg', 'America/New_York'];

export function* parseHistory(opts: {
  seed: number;
  day: string;
  messages: number;
  chats?: number;
  model?: string;
  shift?: DriftShift;
}): Generator<HistoryEvent[]> {
  const rnd = seededRandom(opts.seed);
  const s = opts.shift ?? {};
  const chats = opts.chats ?? 500;
  const dayStart = Date.parse(`${opts.day}T00:00:00Z`);
  const positions = new Map<string, number>();
  const intents: Record<string, number> = { ...INTENTS, create: INTENTS.create - (s.intentOther ?? 0), other: INTENTS.other + (s.intentOther ?? 0) };
  const pEn = 0.35 + (s.langEn ?? 0);
  for (let i = 0; i < opts.messages; i++) {
    const chatId = 1 + Math.floor(rnd() * chats);
    const stream = chatStream(chatId);
    const at = dayStart + Math.floor(((i + rnd()) / opts.messages) * 86_000_000);
    const out: HistoryEvent[] = [];
    const push = <T extends EventTypeName>(type: T, data: EventData<T>, offsetMs: number, causationId: string | null, correlationId?: string): HistoryEvent => {
      const pos = (positions.get(stream) ?? 0) + 1;
      positions.set(stream, pos);
      const id = v7({ msecs: at + offsetMs });
      const e = {
        id,
        type,
        streamId: stream,
        streamPosition: pos,
        occurredAt: new Date(at + offsetMs).toISOString(),
        causationId,
        correlationId: correlationId ?? id,
        data: data as Record<string, unknown>,
      };
      out.push(e);
      return e;
    };
    const lang = rnd() < 0.05 ? 'mixed' : rnd() < pEn / 0.95 ? 'en' : 'ru';
    let text = (lang === 'en' ? EN : RU)[Math.floor(rnd() * 8)]!;
    const extra = Math.max(0, Math.round(Math.exp(Math.log(18) + 0.45 * gaussian(rnd)) * (s.lengthFactor ?? 1)) - text.length);
    text = `${lang === 'en' ? 'remind me tomorrow at 9 to' : 'напомни завтра в 9'} ${text}${' и ещё'.repeat(Math.floor(extra / 6))}`;
    if (rnd() < (s.newVocabulary ?? 0)) text = `${text} ${NEW_WORDS[Math.floor(rnd() * NEW_WORDS.length)]}`;
    const received = push(
      'MessageReceived',
      { chatId, updateId: i, messageId: i, text, edited: false, sentAt: new Date(at).toISOString(), kind: 'text' },
      0,
      null,
    );
    if (rnd() < 0.01) {
      push('ParseFailed', { chatId, reason: 'model-error', modelVersion: opts.model ?? 'm1' }, 3, received.id, received.correlationId);
      yield out;
      continue;
    }
    const intent = pick(intents, rnd);
    const confidence = clamp(1 - Math.abs(gaussian(rnd)) * 0.08 + (s.confidenceDelta ?? 0));
    const parsed = push(
      'MessageParsed',
      {
        chatId,
        intent,
        slots: [
          { tag: 'TRIGGER', text: 'напомни', start: 0, end: 7 },
          { tag: 'TIME', text: 'завтра в 9', start: 8, end: 18 },
          { tag: 'TEXT', text, start: 19, end: 19 + text.length },
        ],
        due: intent === 'create' ? new Date(at + 86_400_000).toISOString() : null,
        rrule: null,
        text: intent === 'create' ? text : null,
        confidence: { intent: confidence, slots: clamp(confidence - 0.02) },
        modelVersion: opts.model ?? 'm1',
        parser: rnd() < 0.03 ? 'rules' : rnd() < 0.02 ? 'llm' : 'model',
        latencyMs: 0.5 + Math.abs(gaussian(rnd)) * 1.5,
        corrections: rnd() < 0.1 ? [{ from: 'зафтра', to: 'завтра' }] : [],
        lang,
      },
      2,
      received.id,
      received.correlationId,
    );
    if (intent === 'create') {
      if (confidence < 0.6 || rnd() < 0.03) {
        push('ClarificationRequested', { chatId, question: 'Когда?', options: [], kind: 'time', candidates: [] }, 4, parsed.id, received.correlationId);
      } else {
        const due = new Date(at + 3_600_000).toISOString();
        push(
          'ReminderScheduled',
          { chatId, reminderId: parsed.id, text, due, rrule: null, timezone: ZONES[chatId % ZONES.length]! },
          4,
          parsed.id,
          received.correlationId,
        );
        const r = rnd();
        if (r < 0.04) push('ReminderCancelled', { chatId, reminderId: parsed.id, reason: 'button' }, 60_000, parsed.id, received.correlationId);
        else if (r < 0.07) push('FeedbackGiven', { chatId, reminderId: parsed.id, kind: 'wrong-time' }, 90_000, parsed.id, received.correlationId);
        else if (r < 0.6)
          push('ReminderDelivered', { chatId, reminderId: parsed.id, occurrence: 0, latenessMs: 300 }, 3_600_000, parsed.id, received.correlationId);
      }
    }
    yield out;
  }
}

function pick(w: Record<string, number>, rnd: () => number): string {
  let r = rnd() * Object.values(w).reduce((a, b) => a + b, 0);
  for (const [k, v] of Object.entries(w)) if ((r -= v) < 0) return k;
  return Object.keys(w)[0]!;
}

function gaussian(rnd: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
}

const clamp = (x: number) => Math.min(1, Math.max(0, x));
