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
  /**
   * The Telegram messages whose parse made it (the request; a time given after "when?"): an edit
   * of one of them changes this reminder. Absent in states saved before it existed.
   */
  messageIds?: readonly number[];
  /** The last delivery to the user and whether ✅/💤 already answered it. */
  lastDelivery: { occurrence: number; due: string; acknowledged: boolean } | null;
}

export type Clarification =
  /** A create without a time: the next time-only message completes it. */
  | { kind: 'time'; text: string; rrule: string | null; sourceEventId: string; askedAt: string | null; messageId?: number | null }
  /** Several reminders matched a cancel: a pick callback names one. */
  | { kind: 'cancel'; candidates: string[]; askedAt: string | null }
  /** ✏️ pressed: the next message carries the new time and/or text. */
  | { kind: 'correction'; reminderId: string; askedAt: string | null };

/** A text message received, kept to link its parse, and an edit of it, to what it created. */
export interface MessageRef {
  /** The MessageReceived event. */
  eventId: string;
  /** Telegram's message id: an edit carries the same one. */
  messageId: number;
  edited: boolean;
  /** The MessageParsed caused by it, once folded. */
  parseId: string | null;
}

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
  /** The last text messages received, newest last, bounded (absent in states saved before it existed). */
  messages?: readonly MessageRef[];
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
/** Messages kept to link parses to: a parse comes within seconds of its message, so a few dozen do. */
export const MESSAGES_KEPT = 50;
/**
 * Finished (done, cancelled) reminders kept, the latest finished: a ✅, ❌ or edit about a recent
 * one still finds it; older ones live on only in the read model. So the state — and the cost of
 * reading a chat — stays bounded however many reminders a chat has made.
 */
export const FINISHED_KEPT = 20;

export function initialState(opts: { chatId: number; timezone: string }): ChatState {
  return {
    chatId: opts.chatId,
    settings: { timezone: opts.timezone, lang: null, active: true },
    reminders: {},
    lastFired: null,
    pending: null,
    lastMessage: null,
    messages: [],
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

/** The message an input event is (its MessageReceived id) or whose parse it is (its MessageParsed id). */
export function messageOf(s: ChatState, eventId: string | null | undefined): MessageRef | null {
  if (!eventId) return null;
  const refs = s.messages ?? [];
  for (let i = refs.length - 1; i >= 0; i--) if (refs[i]!.eventId === eventId || refs[i]!.parseId === eventId) return refs[i]!;
  return null;
}

/** The reminder (in any status) that the Telegram message `messageId` made, or null. */
export function reminderOfMessage(s: ChatState, messageId: number): Reminder | null {
  let found: Reminder | null = null;
  for (const r of Object.values(s.reminders)) if (r.messageIds?.includes(messageId)) found = r;
  return found;
}

/**
 * For a parse caused by `received` (a MessageReceived id): the reminder the message made, when the
 * message is an edit of one that made a reminder; null otherwise (no edit, or it made nothing).
 */
export function editedReminder(s: ChatState, received: string | null | undefined): Reminder | null {
  const m = messageOf(s, received);
  return m?.edited && m.eventId === received ? reminderOfMessage(s, m.messageId) : null;
}

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
  const finish = (r: Reminder): ChatState => ({ ...s, reminders: finished(s.reminders, r) });
  const clearFor = (id: string): Clarification | null =>
    (s.pending?.kind === 'correction' && s.pending.reminderId === id) || (s.pending?.kind === 'cancel' && s.pending.candidates.includes(id)) ? null : s.pending;
  const askedAt = e.occurredAt ?? null;

  switch (e.type) {
    case 'ChatSettingsChanged': {
      const d = e.data as EventData<'ChatSettingsChanged'>;
      s = { ...s, settings: { timezone: d.timezone ?? s.settings.timezone, lang: d.lang ?? s.settings.lang, active: d.active ?? s.settings.active } };
      if (d.active === false) {
        const reminders = Object.fromEntries(
          Object.entries(s.reminders).map(([id, r]) => [id, r.status === 'pending' ? { ...r, status: 'paused' as const } : r]),
        );
        s = { ...s, reminders };
      }
      return s;
    }
    case 'MessageReceived': {
      const d = e.data as EventData<'MessageReceived'>;
      if (!e.id) return s;
      s = { ...s, lastMessage: { id: e.id, text: d.text } };
      // Only text is parsed (and an edit can only refer to something a parse made).
      if ((d.kind ?? 'text') !== 'text' || d.throttled) return s;
      const ref: MessageRef = { eventId: e.id, messageId: d.messageId, edited: d.edited ?? false, parseId: null };
      return { ...s, messages: [...(s.messages ?? []), ref].slice(-MESSAGES_KEPT) };
    }
    case 'MessageParsed': {
      const d = e.data as EventData<'MessageParsed'>;
      const ref = messageOf(s, causation);
      if (ref && e.id && ref.eventId === causation && ref.parseId === null) {
        s = { ...s, messages: (s.messages ?? []).map((m) => (m === ref ? { ...m, parseId: e.id! } : m)) };
      }
      // A create without a time waits for it, unless the message answers a ✏️ (that waits for it)
      // or is an edit of a message that made a reminder (the edit changes that one).
      const correcting = s.pending?.kind === 'correction' && !(askedAt && clarificationExpired(s.pending, askedAt));
      if (d.intent === 'create' && d.due === null && e.id && !correcting && !editedReminder(s, causation)) {
        return { ...s, pending: { kind: 'time', text: d.text ?? '', rrule: d.rrule, sourceEventId: e.id, askedAt, messageId: ref?.messageId ?? null } };
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
      // The message of the request, and the one that gave the time if it came after "when?".
      const fromPending = s.pending?.kind === 'time' && s.pending.sourceEventId === d.sourceEventId ? s.pending.messageId : null;
      const messageIds = [
        ...new Set(
          [fromPending ?? messageOf(s, d.sourceEventId)?.messageId, messageOf(s, causation)?.messageId].filter((m): m is number => typeof m === 'number'),
        ),
      ];
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
        messageIds,
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
      const series =
        reanchor || (rrule && !r.anchor)
          ? seriesFields(d.due, rrule, timezone)
          : rrule
            ? { anchor: r.anchor, wallTime: r.wallTime }
            : { anchor: null, wallTime: null };
      const status =
        r.status === 'done' || r.status === 'cancelled' ? r.status : r.status === 'paused' && d.reason === 'timezone-change' ? 'paused' : 'pending';
      // 💤 answers the delivery; pressed before its ReminderDelivered was folded, the one of this occurrence.
      const lastDelivery = d.reason !== 'snooze' ? r.lastDelivery : { ...(r.lastDelivery ?? { occurrence: r.occurrence, due: r.due }), acknowledged: true };
      s = put({ ...r, due: d.due, text: d.text ?? r.text, rrule, timezone, ...series, status, occurrence: occurrenceAfter(r.occurrence, d), lastDelivery });
      return d.reason === 'edit' && s.pending?.kind === 'correction' && s.pending.reminderId === r.id ? { ...s, pending: null } : s;
    }
    case 'ReminderCancelled': {
      const d = e.data as EventData<'ReminderCancelled'>;
      const r = s.reminders[d.reminderId];
      if (!r) return s;
      const pending = clearFor(r.id);
      return { ...(isLive(r) ? finish({ ...r, status: 'cancelled' }) : put({ ...r, status: 'cancelled' })), pending };
    }
    case 'ReminderCompleted': {
      const d = e.data as EventData<'ReminderCompleted'>;
      const r = s.reminders[d.reminderId];
      if (!r) return s;
      // ✅ answers the delivery of its occurrence, also when pressed before that ReminderDelivered was folded.
      const occ = d.occurrence ?? r.lastDelivery?.occurrence;
      const lastDelivery =
        occ === undefined ? null : { occurrence: occ, due: r.lastDelivery?.occurrence === occ ? r.lastDelivery.due : r.due, acknowledged: true };
      if (d.scope === 'occurrence') return put({ ...r, lastDelivery });
      const pending = clearFor(r.id);
      return { ...(isLive(r) ? finish({ ...r, status: 'done', lastDelivery }) : put({ ...r, status: 'done', lastDelivery })), pending };
    }
    case 'ReminderDelivered': {
      const d = e.data as EventData<'ReminderDelivered'>;
      const r = s.reminders[d.reminderId];
      if (!r) return s;
      const current = d.occurrence === r.occurrence;
      s = put({
        ...r,
        status: current && r.status === 'pending' ? 'fired' : r.status,
        // Answered already (a press can beat the sender's record of it), or moved on since: its buttons are spent.
        lastDelivery: {
          occurrence: d.occurrence,
          due: r.due,
          acknowledged: !current || (r.lastDelivery?.occurrence === d.occurrence && r.lastDelivery.acknowledged),
        },
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

/**
 * The reminders with `r` just finished: it moves last (the keys of finished ones are in the order
 * they finished) and the earliest finished beyond FINISHED_KEPT go.
 */
function finished(reminders: ChatState['reminders'], r: Reminder): ChatState['reminders'] {
  const { [r.id]: _self, ...rest } = reminders;
  const done = Object.values(rest).filter((x) => !isLive(x));
  const drop = new Set(done.slice(0, Math.max(0, done.length - (FINISHED_KEPT - 1))).map((x) => x.id));
  const kept = drop.size > 0 ? Object.fromEntries(Object.entries(rest).filter(([id]) => !drop.has(id))) : rest;
  return { ...kept, [r.id]: r };
}

function isDomainEvent(e: StreamEvent): boolean {
  if (DOMAIN_TYPES.has(e.type)) return true;
  if (e.type !== 'ClarificationRequested') return false;
  const kind = (e.data as { kind?: string }).kind;
  return kind !== undefined && DOMAIN_QUESTIONS.has(kind);
}

export const evolveAll = (state: ChatState, events: readonly StreamEvent[]): ChatState => events.reduce(evolve, state);
