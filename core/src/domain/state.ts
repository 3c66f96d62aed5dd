import type { EventData } from '../events/catalog';
import { localOf, type LocalDateTime } from './wall-clock';

export type ReminderStatus = 'pending' | 'fired' | 'done' | 'cancelled' | 'paused';

export interface Reminder {
  id: string;
  text: string;
  /** Next firing (pending/paused), or the last one (fired/done/cancelled): ISO instant. */
  due: string;
  rrule: string | null;
  /** The zone its wall clock is read in. */
  timezone: string;
  /** Recurring only: the series' wall-clock time of day ("09:00") and its anchor (first occurrence). */
  wallTime: string | null;
  anchor: LocalDateTime | null;
  status: ReminderStatus;
  /** Bumped by every reschedule; the scheduler fires `due:<id>:<occurrence>` once. */
  occurrence: number;
  sourceEventId: string | null;
  /** The last delivery to the user and whether ✅/💤 already answered it. */
  lastDelivery: { occurrence: number; due: string; acknowledged: boolean } | null;
}

export type Clarification =
  /** A create without a time: the next time-only message completes it. */
  | { kind: 'time'; text: string; rrule: string | null; sourceEventId: string; askedAt: string | null }
  /** Several reminders matched a cancel: a pick callback names one. */
  | { kind: 'cancel'; candidates: string[]; askedAt: string | null }
  /** ✏️ pressed: the next message carries the new time and/or text. */
  | { kind: 'correction'; reminderId: string; askedAt: string | null };

export interface ChatSettings {
  timezone: string;
  lang: 'ru' | 'en' | null;
  active: boolean;
}

/** The reminders domain of one chat (stream `chat-<chatId>`). Plain JSON, treated as immutable. */
export interface ChatState {
  chatId: number;
  settings: ChatSettings;
  reminders: Readonly<Record<string, Reminder>>;
  /** The reminder delivered last: what "snooze"/"отложи" without a button refers to. */
  lastFired: { reminderId: string; occurrence: number } | null;
  pending: Clarification | null;
  /** The last message received (its text serves a correction the parser found no text in). */
  lastMessage: { id: string; text: string } | null;
  /** Ids of input events already decided (the causation of domain events), newest last, bounded. */
  decided: readonly string[];
  /** Stream position of the last event folded (0: none). */
  version: number;
}

/** An event as the domain reads it: the envelope's fields evolve needs (tests give fewer). */
export interface StreamEvent {
  type: string;
  data: unknown;
  id?: string;
  occurredAt?: string;
  streamPosition?: number;
  metadata?: { causationId?: string | null };
}

export const CLARIFICATION_TTL_MS = 24 * 3_600_000;
const DECIDED_KEPT = 200;

export function initialState(opts: { chatId: number; timezone: string }): ChatState {
  return {
    chatId: opts.chatId,
    settings: { timezone: opts.timezone, lang: null, active: true },
    reminders: {},
    lastFired: null,
    pending: null,
    lastMessage: null,
    decided: [],
    version: 0,
  };
}

/** Events only this domain writes: their causation is an input already decided. */
const DOMAIN_TYPES = new Set(['ReminderScheduled', 'ReminderRescheduled', 'ReminderCancelled', 'ReminderCompleted', 'FeedbackGiven']);
const DOMAIN_QUESTIONS = new Set(['cancel', 'no-match', 'correction']);

export const isLive = (r: Reminder): boolean => r.status === 'pending' || r.status === 'fired' || r.status === 'paused';

export function clarificationExpired(c: Clarification, now: string): boolean {
  return c.askedAt !== null && Date.parse(now) - Date.parse(c.askedAt) > CLARIFICATION_TTL_MS;
}

/** The occurrence counter after a reschedule: the event's own, else the previous one plus one. */
export const occurrenceAfter = (previous: number, data: { occurrence?: number | undefined }): number => data.occurrence ?? previous + 1;

const sameInstant = (a: string, b: string) => Date.parse(a) === Date.parse(b);

function seriesFields(due: string, rrule: string | null, timezone: string): Pick<Reminder, 'anchor' | 'wallTime'> {
  if (!rrule) return { anchor: null, wallTime: null };
  const anchor = localOf(due, timezone);
  return { anchor, wallTime: anchor.slice(11) };
}

/** Folds one event into the state (pure: returns a new state, never changes the old one). */
export function evolve(state: ChatState, e: StreamEvent): ChatState {
  let s: ChatState = e.streamPosition ? { ...state, version: e.streamPosition } : state;
  const causation = e.metadata?.causationId;
  if (causation && isDomainEvent(e) && !s.decided.includes(causation)) {
    s = { ...s, decided: [...s.decided, causation].slice(-DECIDED_KEPT) };
  }
  const put = (r: Reminder): ChatState => ({ ...s, reminders: { ...s.reminders, [r.id]: r } });
  const clearFor = (id: string): Clarification | null =>
    (s.pending?.kind === 'correction' && s.pending.reminderId === id) || (s.pending?.kind === 'cancel' && s.pending.candidates.includes(id)) ? null : s.pending;
  const askedAt = e.occurredAt ?? null;

  switch (e.type) {
    case 'ChatSettingsChanged': {
      const d = e.data as EventData<'ChatSettingsChanged'>;
      s = { ...s, settings: { timezone: d.timezone ?? s.settings.timezone, lang: d.lang ?? s.settings.lang, active: d.active ?? s.settings.active } };
      if (d.active === false) {
        const reminders = Object.fromEntries(Object.entries(s.reminders).map(([id, r]) => [id, r.status === 'pending' ? { ...r, status: 'paused' as const } : r]));
        s = { ...s, reminders };
      }
      return s;
    }
    case 'MessageReceived': {
      const d = e.data as EventData<'MessageReceived'>;
      return e.id ? { ...s, lastMessage: { id: e.id, text: d.text } } : s;
    }
    case 'MessageParsed': {
      const d = e.data as EventData<'MessageParsed'>;
      // A create without a time waits for it, unless the message answers a ✏️ (that waits for it).
      const correcting = s.pending?.kind === 'correction' && !(askedAt && clarificationExpired(s.pending, askedAt));
      if (d.intent === 'create' && d.due === null && e.id && !correcting) {
        return { ...s, pending: { kind: 'time', text: d.text ?? '', rrule: d.rrule, sourceEventId: e.id, askedAt } };
      }
      return s;
    }
    case 'ClarificationRequested': {
      const d = e.data as EventData<'ClarificationRequested'>;
      if (d.kind === 'cancel') return { ...s, pending: { kind: 'cancel', candidates: d.candidates.map((c) => c.reminderId), askedAt } };
      if (d.kind === 'correction' && d.candidates[0]) return { ...s, pending: { kind: 'correction', reminderId: d.candidates[0].reminderId, askedAt } };
      if (d.kind === 'no-match') return { ...s, pending: null };
      return s;
    }
    case 'ReminderScheduled': {
      const d = e.data as EventData<'ReminderScheduled'>;
      if (s.reminders[d.reminderId]) return s;
      s = put({
        id: d.reminderId,
        text: d.text,
        due: d.due,
        rrule: d.rrule,
        timezone: d.timezone,
        ...seriesFields(d.due, d.rrule, d.timezone),
        status: s.settings.active ? 'pending' : 'paused',
        occurrence: 0,
        sourceEventId: d.sourceEventId ?? null,
        lastDelivery: null,
      });
      return s.pending?.kind === 'time' ? { ...s, pending: null } : s;
    }
    case 'ReminderRescheduled': {
      const d = e.data as EventData<'ReminderRescheduled'>;
      const r = s.reminders[d.reminderId];
      if (!r) return s;
      const timezone = d.timezone ?? (d.reason === 'timezone-change' ? s.settings.timezone : r.timezone);
      const rrule = d.rrule !== undefined ? d.rrule : r.rrule;
      // A corrected time (or rule) starts the series anew there; other reasons keep the anchor.
      const reanchor = d.reason === 'edit' && (!sameInstant(d.due, r.due) || rrule !== r.rrule);
      const series = reanchor || (rrule && !r.anchor) ? seriesFields(d.due, rrule, timezone) : rrule ? { anchor: r.anchor, wallTime: r.wallTime } : { anchor: null, wallTime: null };
      const status = r.status === 'done' || r.status === 'cancelled' ? r.status : r.status === 'paused' && d.reason === 'timezone-change' ? 'paused' : 'pending';
      const lastDelivery = d.reason === 'snooze' && r.lastDelivery ? { ...r.lastDelivery, acknowledged: true } : r.lastDelivery;
      s = put({ ...r, due: d.due, text: d.text ?? r.text, rrule, timezone, ...series, status, occurrence: occurrenceAfter(r.occurrence, d), lastDelivery });
      return d.reason === 'edit' && s.pending?.kind === 'correction' && s.pending.reminderId === r.id ? { ...s, pending: null } : s;
    }
    case 'ReminderCancelled': {
      const d = e.data as EventData<'ReminderCancelled'>;
      const r = s.reminders[d.reminderId];
      if (!r) return s;
      const pending = clearFor(r.id);
      return { ...put({ ...r, status: 'cancelled' }), pending };
    }
    case 'ReminderCompleted': {
      const d = e.data as EventData<'ReminderCompleted'>;
      const r = s.reminders[d.reminderId];
      if (!r) return s;
      const lastDelivery = r.lastDelivery ? { ...r.lastDelivery, acknowledged: true } : null;
      if (d.scope === 'occurrence') return put({ ...r, lastDelivery });
      const pending = clearFor(r.id);
      return { ...put({ ...r, status: 'done', lastDelivery }), pending };
    }
    case 'ReminderDelivered': {
      const d = e.data as EventData<'ReminderDelivered'>;
      const r = s.reminders[d.reminderId];
      if (!r) return s;
      const current = d.occurrence === r.occurrence;
      s = put({
        ...r,
        status: current && r.status === 'pending' ? 'fired' : r.status,
        lastDelivery: { occurrence: d.occurrence, due: r.due, acknowledged: false },
      });
      return { ...s, lastFired: { reminderId: r.id, occurrence: d.occurrence } };
    }
    case 'FeedbackGiven': {
      const d = e.data as EventData<'FeedbackGiven'>;
      return d.reminderId && s.pending?.kind === 'correction' && s.pending.reminderId === d.reminderId ? { ...s, pending: null } : s;
    }
    default:
      return s;
  }
}

function isDomainEvent(e: StreamEvent): boolean {
  if (DOMAIN_TYPES.has(e.type)) return true;
  if (e.type !== 'ClarificationRequested') return false;
  const kind = (e.data as { kind?: string }).kind;
  return kind !== undefined && DOMAIN_QUESTIONS.has(kind);
}

export const evolveAll = (state: ChatState, events: readonly StreamEvent[]): ChatState => events.reduce(evolve, state);
