import type { LocalDateTime } from '../zones/wall-clock';

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
  /**
   * A COUNT series re-anchored by a correction of its time: the occurrences it had used before its
   * anchor, so it keeps its remaining count (absent: none, and in states saved before it existed).
   */
  countedBefore?: number;
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

export const CLARIFICATION_TTL_MS = 24 * 3_600_000;
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
