import { evolve, initialState, isLive, type ChatState, type EventData, type EventEnvelope, type Reminder } from '@napominalka/core';

/**
 * The Postgres read model as a pure function of a chat's events. The reminders' meaning
 * (status, due, occurrence counting, pause/resume, zone changes) is the decider's own `evolve`,
 * so the read model cannot drift from what the domain decides on. Live projection, rebuild and
 * verify all run this one function; only where the state comes from differs.
 */

/** What the projection keeps per chat between batches (the `chats.state` column). */
export interface ChatProjection {
  /** The decider's state without its bookkeeping of decided inputs, finished reminders pruned. */
  chat: ChatState;
  /** Highest occurrence the scheduler fired per live reminder (ReminderDue). */
  fired: Record<string, number>;
  /** When each live reminder was scheduled. */
  since: Record<string, string>;
  /** Texts of messages not parsed yet, by MessageReceived id (for the parses table). */
  unparsed: Record<string, string>;
  firstSeenAt: string;
}

export interface ChatRow {
  chatId: number;
  timezone: string;
  lang: string | null;
  active: boolean;
  streamPosition: number;
  firstSeenAt: string;
  lastSeenAt: string;
}

export interface ReminderRow {
  id: string;
  chatId: number;
  text: string;
  status: Reminder['status'];
  due: string;
  rrule: string | null;
  timezone: string;
  occurrence: number;
  firedOccurrence: number | null;
  sourceEventId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ParseRow {
  eventId: string;
  chatId: number;
  messageEventId: string | null;
  messageText: string | null;
  outcome: 'parsed' | 'failed';
  intent: string | null;
  due: string | null;
  rrule: string | null;
  reminderText: string | null;
  confidenceIntent: number | null;
  confidenceSlots: number | null;
  parser: string | null;
  modelVersion: string | null;
  latencyMs: number | null;
  lang: string | null;
  corrections: Array<{ from: string; to: string }>;
  reason: string | null;
  occurredAt: string;
}

/** Rows a run of events changed: the last version of each chat and reminder, every new parse. */
export class Changes {
  readonly chats = new Map<number, { row: ChatRow; state: ChatProjection }>();
  readonly reminders = new Map<string, ReminderRow>();
  readonly parses: ParseRow[] = [];

  get size(): number {
    return this.chats.size + this.reminders.size + this.parses.length;
  }
}

/** Messages waiting for their parse, kept per chat at most (older ones are dropped unparsed). */
const UNPARSED_KEPT = 50;

export function emptyProjection(chatId: number, defaultTimezone: string, at: string): ChatProjection {
  return { chat: initialState({ chatId, timezone: defaultTimezone }), fired: {}, since: {}, unparsed: {}, firstSeenAt: at };
}

/** Applies one event of the chat's stream; records the rows it changed in `out`. */
export function project(p: ChatProjection, e: EventEnvelope, out: Changes): ChatProjection {
  const before = p.chat.reminders;
  let chat = evolve(p.chat, e);
  let { fired, since, unparsed } = p;

  switch (e.type) {
    case 'MessageReceived': {
      const d = e.data as EventData<'MessageReceived'>;
      const ids = Object.keys(unparsed);
      const kept = ids.length >= UNPARSED_KEPT ? Object.fromEntries(ids.slice(1 - UNPARSED_KEPT).map((id) => [id, unparsed[id]!])) : unparsed;
      unparsed = { ...kept, [e.id]: d.text };
      break;
    }
    case 'MessageParsed':
    case 'ParseFailed': {
      const cause = e.metadata.causationId;
      const text = cause ? unparsed[cause] : undefined;
      if (cause && text !== undefined) {
        const { [cause]: _, ...rest } = unparsed;
        unparsed = rest;
      }
      out.parses.push(parseRow(e, chat.chatId, cause, text ?? null));
      break;
    }
    case 'ReminderScheduled': {
      const d = e.data as EventData<'ReminderScheduled'>;
      if (!since[d.reminderId]) since = { ...since, [d.reminderId]: e.occurredAt };
      break;
    }
    case 'ReminderDue': {
      const d = e.data as EventData<'ReminderDue'>;
      if (chat.reminders[d.reminderId] && (fired[d.reminderId] ?? -1) < d.occurrence) fired = { ...fired, [d.reminderId]: d.occurrence };
      break;
    }
  }

  const touched = new Set<string>();
  for (const [id, r] of Object.entries(chat.reminders)) if (before[id] !== r) touched.add(id);
  if (e.type === 'ReminderDue') touched.add((e.data as EventData<'ReminderDue'>).reminderId);

  for (const id of touched) {
    const r = chat.reminders[id];
    if (!r) continue;
    out.reminders.set(id, reminderRow(r, chat.chatId, fired[id] ?? null, since[id] ?? e.occurredAt, e.occurredAt));
    if (!isLive(r)) {
      // A finished reminder's row is final: keep the per-chat state small.
      const { [id]: _r, ...reminders } = chat.reminders;
      const { [id]: _f, ...f } = fired;
      const { [id]: _s, ...s } = since;
      chat = { ...chat, reminders };
      fired = f;
      since = s;
    }
  }

  const next: ChatProjection = { chat: { ...chat, decided: [] }, fired, since, unparsed, firstSeenAt: p.firstSeenAt };
  out.chats.set(chat.chatId, { row: chatRow(next, e), state: next });
  return next;
}

function chatRow(p: ChatProjection, e: EventEnvelope): ChatRow {
  const s = p.chat.settings;
  return {
    chatId: p.chat.chatId,
    timezone: s.timezone,
    lang: s.lang,
    active: s.active,
    streamPosition: e.streamPosition,
    firstSeenAt: p.firstSeenAt,
    lastSeenAt: e.occurredAt,
  };
}

function reminderRow(r: Reminder, chatId: number, firedOccurrence: number | null, createdAt: string, updatedAt: string): ReminderRow {
  return {
    id: r.id,
    chatId,
    text: r.text,
    status: r.status,
    due: r.due,
    rrule: r.rrule,
    timezone: r.timezone,
    occurrence: r.occurrence,
    firedOccurrence,
    sourceEventId: r.sourceEventId,
    createdAt,
    updatedAt,
  };
}

function parseRow(e: EventEnvelope, chatId: number, cause: string | null, messageText: string | null): ParseRow {
  const base = { eventId: e.id, chatId, messageEventId: cause, messageText, occurredAt: e.occurredAt };
  if (e.type === 'ParseFailed') {
    const d = e.data as EventData<'ParseFailed'>;
    return {
      ...base,
      outcome: 'failed',
      intent: null,
      due: null,
      rrule: null,
      reminderText: null,
      confidenceIntent: null,
      confidenceSlots: null,
      parser: null,
      modelVersion: d.modelVersion ?? null,
      latencyMs: null,
      lang: null,
      corrections: [],
      reason: d.reason,
    };
  }
  const d = e.data as EventData<'MessageParsed'>;
  return {
    ...base,
    outcome: 'parsed',
    intent: d.intent,
    due: d.due,
    rrule: d.rrule,
    reminderText: d.text,
    confidenceIntent: d.confidence.intent,
    confidenceSlots: d.confidence.slots,
    parser: d.parser,
    modelVersion: d.modelVersion,
    latencyMs: d.latencyMs,
    lang: d.lang,
    corrections: d.corrections,
    reason: null,
  };
}
