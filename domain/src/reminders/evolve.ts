import type { EventData } from '../events/catalog';
import { localOf } from '../zones/wall-clock';
import { occurrencesUsed } from './series-end';
import { foldedEvent, type FoldedEvent, type StreamEvent } from './events';
import {
  clarificationExpired,
  editedReminder,
  FINISHED_KEPT,
  isLive,
  messageOf,
  MESSAGES_KEPT,
  occurrenceAfter,
  type ChatState,
  type Clarification,
  type MessageRef,
  type Reminder,
} from './state';

const DECIDED_KEPT = 200;
/** Events only this domain writes: their causation is an input already decided. */
const DOMAIN_TYPES: ReadonlySet<string> = new Set(['ReminderScheduled', 'ReminderRescheduled', 'ReminderCancelled', 'ReminderCompleted', 'FeedbackGiven']);
const DOMAIN_QUESTIONS: ReadonlySet<string> = new Set(['cancel', 'no-match', 'correction']);

/** The envelope fields of the event being folded that its handler reads. */
interface Folding {
  id: string | undefined;
  causation: string | null | undefined;
  /** When it happened: the moment a question it asks was asked. */
  askedAt: string | null;
}

/** Folds one event into the state (pure: returns a new state, never changes the old one). */
export function evolve(state: ChatState, e: StreamEvent): ChatState {
  let s: ChatState = e.streamPosition ? { ...state, version: e.streamPosition } : state;
  const causation = e.metadata?.causationId;
  const event = foldedEvent(e);
  if (causation && isDomainEvent(event) && !s.decided.includes(causation)) {
    s = { ...s, decided: [...s.decided, causation].slice(-DECIDED_KEPT) };
  }
  const f: Folding = { id: e.id, causation, askedAt: e.occurredAt ?? null };
  switch (event?.type) {
    case 'ChatSettingsChanged':
      return settingsChanged(s, event.data);
    case 'MessageReceived':
      return messageReceived(s, event.data, f);
    case 'MessageParsed':
      return messageParsed(s, event.data, f);
    case 'ClarificationRequested':
      return clarificationRequested(s, event.data, f);
    case 'ReminderScheduled':
      return reminderScheduled(s, event.data, f);
    case 'ReminderRescheduled':
      return reminderRescheduled(s, event.data);
    case 'ReminderCancelled':
      return reminderCancelled(s, event.data);
    case 'ReminderCompleted':
      return reminderCompleted(s, event.data);
    case 'ReminderDelivered':
      return reminderDelivered(s, event.data);
    case 'FeedbackGiven':
      return feedbackGiven(s, event.data);
    default:
      return s;
  }
}

export const evolveAll = (state: ChatState, events: readonly StreamEvent[]): ChatState => events.reduce(evolve, state);

function settingsChanged(state: ChatState, d: EventData<'ChatSettingsChanged'>): ChatState {
  const { settings } = state;
  const s = { ...state, settings: { timezone: d.timezone ?? settings.timezone, lang: d.lang ?? settings.lang, active: d.active ?? settings.active } };
  if (d.active !== false) return s;
  // An inactive chat (the user blocked the bot): its pending reminders wait, paused.
  const reminders = Object.fromEntries(Object.entries(s.reminders).map(([id, r]) => [id, r.status === 'pending' ? { ...r, status: 'paused' as const } : r]));
  return { ...s, reminders };
}

function messageReceived(state: ChatState, d: EventData<'MessageReceived'>, f: Folding): ChatState {
  if (!f.id) return state;
  const s = { ...state, lastMessage: { id: f.id, text: d.text } };
  // Only text is parsed (and an edit can only refer to something a parse made).
  if ((d.kind ?? 'text') !== 'text' || d.throttled) return s;
  const ref: MessageRef = { eventId: f.id, messageId: d.messageId, edited: d.edited ?? false, parseId: null };
  return { ...s, messages: [...(s.messages ?? []), ref].slice(-MESSAGES_KEPT) };
}

function messageParsed(state: ChatState, d: EventData<'MessageParsed'>, f: Folding): ChatState {
  let s = state;
  const ref = messageOf(s, f.causation);
  const parseId = f.id;
  if (ref && parseId && ref.eventId === f.causation && ref.parseId === null) {
    s = { ...s, messages: (s.messages ?? []).map((m) => (m === ref ? { ...m, parseId } : m)) };
  }
  // A create without a time waits for it, unless the message answers a ✏️ (that waits for it)
  // or is an edit of a message that made a reminder (the edit changes that one).
  const correcting = s.pending?.kind === 'correction' && !(f.askedAt && clarificationExpired(s.pending, f.askedAt));
  if (d.intent === 'create' && d.due === null && parseId && !correcting && !editedReminder(s, f.causation)) {
    return {
      ...s,
      pending: { kind: 'time', text: d.text ?? '', rrule: d.rrule, sourceEventId: parseId, askedAt: f.askedAt, messageId: ref?.messageId ?? null },
    };
  }
  return s;
}

function clarificationRequested(s: ChatState, d: EventData<'ClarificationRequested'>, { askedAt }: Folding): ChatState {
  if (d.kind === 'cancel') return { ...s, pending: { kind: 'cancel', candidates: d.candidates.map((c) => c.reminderId), askedAt } };
  if (d.kind === 'correction' && d.candidates[0]) return { ...s, pending: { kind: 'correction', reminderId: d.candidates[0].reminderId, askedAt } };
  if (d.kind === 'no-match') return { ...s, pending: null };
  return s;
}

function reminderScheduled(state: ChatState, d: EventData<'ReminderScheduled'>, f: Folding): ChatState {
  if (state.reminders[d.reminderId]) return state;
  // The message of the request, and the one that gave the time if it came after "when?".
  const fromPending = state.pending?.kind === 'time' && state.pending.sourceEventId === d.sourceEventId ? state.pending.messageId : null;
  const messageIds = [
    ...new Set(
      [fromPending ?? messageOf(state, d.sourceEventId)?.messageId, messageOf(state, f.causation)?.messageId].filter((m): m is number => typeof m === 'number'),
    ),
  ];
  const s = put(state, {
    id: d.reminderId,
    text: d.text,
    due: d.due,
    rrule: d.rrule,
    timezone: d.timezone,
    ...seriesFields(d.due, d.rrule, d.timezone),
    status: state.settings.active ? 'pending' : 'paused',
    occurrence: 0,
    sourceEventId: d.sourceEventId ?? null,
    messageIds,
    lastDelivery: null,
  });
  return s.pending?.kind === 'time' ? { ...s, pending: null } : s;
}

function reminderRescheduled(state: ChatState, d: EventData<'ReminderRescheduled'>): ChatState {
  const r = state.reminders[d.reminderId];
  if (!r) return state;
  const timezone = d.timezone ?? (d.reason === 'timezone-change' ? state.settings.timezone : r.timezone);
  const rrule = d.rrule !== undefined ? d.rrule : r.rrule;
  // A corrected time (or rule) starts the series anew there; other reasons keep the anchor.
  const reanchor = d.reason === 'edit' && (!sameInstant(d.due, r.due) || rrule !== r.rrule);
  // A corrected time keeps what is left of a COUNT (the occurrences used count before the new anchor).
  const used = reanchor && rrule === r.rrule ? occurrencesUsed(r) : null;
  const series =
    reanchor || (rrule && !r.anchor)
      ? { ...seriesFields(d.due, rrule, timezone), ...(used ? { countedBefore: used } : {}) }
      : rrule
        ? { anchor: r.anchor, wallTime: r.wallTime, ...(r.countedBefore ? { countedBefore: r.countedBefore } : {}) }
        : { anchor: null, wallTime: null };
  const { countedBefore: _was, ...kept } = r;
  // A series that ran out comes back for the snooze of its last delivery (the decider allows only that).
  const revived = r.status === 'done' && d.reason === 'snooze';
  const status =
    (r.status === 'done' && !revived) || r.status === 'cancelled' ? r.status : r.status === 'paused' && d.reason === 'timezone-change' ? 'paused' : 'pending';
  // 💤 answers the delivery; pressed before its ReminderDelivered was folded, the one of this occurrence.
  const lastDelivery = d.reason !== 'snooze' ? r.lastDelivery : { ...(r.lastDelivery ?? { occurrence: r.occurrence, due: r.due }), acknowledged: true };
  const s = put(state, {
    ...kept,
    due: d.due,
    text: d.text ?? r.text,
    rrule,
    timezone,
    ...series,
    status,
    occurrence: occurrenceAfter(r.occurrence, d),
    lastDelivery,
  });
  return d.reason === 'edit' && s.pending?.kind === 'correction' && s.pending.reminderId === r.id ? { ...s, pending: null } : s;
}

function reminderCancelled(s: ChatState, d: EventData<'ReminderCancelled'>): ChatState {
  const r = s.reminders[d.reminderId];
  if (!r) return s;
  const pending = clearFor(s, r.id);
  return { ...(isLive(r) ? finish(s, { ...r, status: 'cancelled' }) : put(s, { ...r, status: 'cancelled' })), pending };
}

function reminderCompleted(s: ChatState, d: EventData<'ReminderCompleted'>): ChatState {
  const r = s.reminders[d.reminderId];
  if (!r) return s;
  // A series that ran out (seriesEnded) names no occurrence: done, its last delivery left open to 💤.
  if (d.scope === 'reminder' && d.occurrence === undefined && r.rrule) {
    return { ...(isLive(r) ? finish(s, { ...r, status: 'done' }) : put(s, { ...r, status: 'done' })), pending: clearFor(s, r.id) };
  }
  // ✅ answers the delivery of its occurrence, also when pressed before that ReminderDelivered was folded.
  const occ = d.occurrence ?? r.lastDelivery?.occurrence;
  const lastDelivery = occ === undefined ? null : { occurrence: occ, due: r.lastDelivery?.occurrence === occ ? r.lastDelivery.due : r.due, acknowledged: true };
  if (d.scope === 'occurrence') return put(s, { ...r, lastDelivery });
  const pending = clearFor(s, r.id);
  return { ...(isLive(r) ? finish(s, { ...r, status: 'done', lastDelivery }) : put(s, { ...r, status: 'done', lastDelivery })), pending };
}

function reminderDelivered(state: ChatState, d: EventData<'ReminderDelivered'>): ChatState {
  const r = state.reminders[d.reminderId];
  if (!r) return state;
  const current = d.occurrence === r.occurrence;
  const s = put(state, {
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

function feedbackGiven(s: ChatState, d: EventData<'FeedbackGiven'>): ChatState {
  return d.reminderId && s.pending?.kind === 'correction' && s.pending.reminderId === d.reminderId ? { ...s, pending: null } : s;
}

const put = (s: ChatState, r: Reminder): ChatState => ({ ...s, reminders: { ...s.reminders, [r.id]: r } });
const finish = (s: ChatState, r: Reminder): ChatState => ({ ...s, reminders: finished(s.reminders, r) });

/** The question still open once reminder `id` is finished: one about it is answered. */
function clearFor(s: ChatState, id: string): Clarification | null {
  const p = s.pending;
  return (p?.kind === 'correction' && p.reminderId === id) || (p?.kind === 'cancel' && p.candidates.includes(id)) ? null : p;
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

const sameInstant = (a: string, b: string) => Date.parse(a) === Date.parse(b);

function seriesFields(due: string, rrule: string | null, timezone: string): Pick<Reminder, 'anchor' | 'wallTime'> {
  if (!rrule) return { anchor: null, wallTime: null };
  const anchor = localOf(due, timezone);
  return { anchor, wallTime: anchor.slice(11) };
}

function isDomainEvent(e: FoldedEvent | null): boolean {
  if (!e) return false;
  if (DOMAIN_TYPES.has(e.type)) return true;
  return e.type === 'ClarificationRequested' && e.data.kind !== undefined && DOMAIN_QUESTIONS.has(e.data.kind);
}
