import { DateTime } from 'luxon';
import type { FeedbackLabel, LabelSource, SkipReason } from './label';

/** One event of events_raw as the label derivation reads it (data parsed). */
export interface RawEvent {
  id: string;
  type: string;
  occurredAt: Date;
  causationId: string;
  position: number;
  data: Record<string, unknown>;
}

/** Everything recorded about one reminder, in store order, and where to find parses and messages. */
export interface ReminderHistory {
  reminderId: string;
  events: readonly RawEvent[];
  parse(id: string): RawEvent | undefined;
  message(id: string): RawEvent | undefined;
}

/** A cancel this soon after creation suggests the parse was wrong (kept apart, not a label). */
export const SUSPECT_CANCEL_MS = 5 * 60_000;

interface Origin {
  scheduled: RawEvent;
  parse: RawEvent;
  message: RawEvent;
  tz: string;
}

type Derived = { labels: FeedbackLabel[]; skipped: SkipReason | null };

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const inWindow = (e: RawEvent, w: { start: Date; end: Date }) => e.occurredAt >= w.start && e.occurredAt < w.end;
const slotsOf = (parse: RawEvent) =>
  ((parse.data.slots as Array<{ tag: string; start: number; end: number; text?: string }> | undefined) ?? []).map((s) => ({
    tag: s.tag,
    start: s.start,
    end: s.end,
  }));

function langOf(parse: RawEvent, text: string): 'ru' | 'en' {
  const l = parse.data.lang;
  if (l === 'ru' || l === 'en') return l;
  return /[\u0400-\u04ff]/.test(text) ? 'ru' : 'en';
}

function inZone(iso: string, tz: string): string {
  return DateTime.fromISO(iso, { setZone: true }).setZone(tz).toISO({ suppressMilliseconds: true })!;
}

function originOf(h: ReminderHistory): Origin | SkipReason {
  const scheduled = h.events.find((e) => e.type === 'ReminderScheduled');
  const parse = h.parse(h.reminderId);
  const message = parse ? h.message(parse.causationId) : undefined;
  if (!scheduled || !parse || !message) return 'no-source-message';
  if ((message.data.kind ?? 'text') !== 'text') return 'not-text';
  return { scheduled, parse, message, tz: str(scheduled.data.timezone) ?? 'UTC' };
}

/** The reminder's due/text/rule after the edit reschedules up to `until` (snoozes are not corrections). */
function stateAfter(o: Origin, events: readonly RawEvent[], until: number, timeCorrected: (e: RawEvent) => boolean) {
  let due = str(o.scheduled.data.due)!;
  let text = str(o.scheduled.data.text)!;
  let rrule = str(o.scheduled.data.rrule);
  for (const e of events) {
    if (e.position > until || e.type !== 'ReminderRescheduled' || e.data.reason !== 'edit') continue;
    if (timeCorrected(e)) due = str(e.data.due) ?? due;
    text = str(e.data.text) ?? text;
    if (e.data.rrule !== undefined) rrule = str(e.data.rrule);
  }
  return { due, text, rrule };
}

function label(
  o: Origin,
  source: LabelSource,
  id: string,
  day: string,
  fields: {
    text: string;
    now: string;
    due: string;
    reminderText: string;
    rrule: string | null;
    spans: FeedbackLabel['spans'];
    fix: FeedbackLabel['fix'];
    eventIds: string[];
    parse: RawEvent;
  },
): FeedbackLabel {
  return {
    id,
    lang: langOf(fields.parse, fields.text),
    tz: o.tz,
    now: inZone(fields.now, o.tz),
    text: fields.text,
    intent: 'create',
    due: inZone(fields.due, o.tz),
    rrule: fields.rrule,
    reminder_text: fields.reminderText,
    tags: ['feedback', source],
    source,
    use: source === 'suspected' ? 'suspected' : 'label',
    day,
    chat_id: Number(o.scheduled.data.chatId ?? 0),
    model_version: str(fields.parse.data.modelVersion) ?? '',
    event_ids: [...new Set(fields.eventIds)],
    spans: fields.spans,
    fix: fields.fix,
  };
}

/** ✏️: the last correction of the day gives the reminder's right time and text for the original words. */
function correctionLabel(h: ReminderHistory, o: Origin, day: string, w: { start: Date; end: Date }): FeedbackLabel | null {
  const feedback = h.events.filter((e) => e.type === 'FeedbackGiven' && (e.data.kind === 'wrong-time' || e.data.kind === 'wrong-text'));
  const last = feedback.filter((e) => inWindow(e, w)).at(-1);
  if (!last) return null;
  const upTo = feedback.filter((e) => e.position <= last.position);
  const wrongTimeBy = new Set(upTo.filter((e) => e.data.kind === 'wrong-time').map((e) => e.causationId));
  const state = stateAfter(o, h.events, last.position, (e) => wrongTimeBy.has(e.causationId));
  const round = upTo.filter((e) => e.causationId === last.causationId);
  const correction = h.parse(last.causationId);
  const wrongText = round.some((e) => e.data.kind === 'wrong-text');
  const wrongTime = round.some((e) => e.data.kind === 'wrong-time');
  // A text-only fix of a fired one-off has no reschedule: the new text is the correction's parse.
  const text =
    wrongText && !h.events.some((e) => e.type === 'ReminderRescheduled' && e.causationId === last.causationId && str(e.data.text))
      ? (str(correction?.data.text) ?? state.text)
      : state.text;
  const timePhrases =
    wrongTime && correction
      ? ((correction.data.slots as Array<{ tag: string; text: string }> | undefined) ?? []).filter((s) => s.tag === 'TIME').map((s) => s.text)
      : [];
  const fix = { ...(wrongText ? { text } : {}), ...(timePhrases.length > 0 ? { time: timePhrases } : {}) };
  const related = h.events.filter(
    (e) => e.position <= last.position && (e.type === 'FeedbackGiven' || (e.type === 'ReminderRescheduled' && e.data.reason === 'edit')),
  );
  return label(o, 'correction', `correction:${h.reminderId}`, day, {
    text: str(o.message.data.text)!,
    now: str(o.message.data.sentAt)!,
    due: state.due,
    reminderText: text,
    rrule: state.rrule,
    spans: slotsOf(o.parse),
    fix: Object.keys(fix).length > 0 ? fix : null,
    eventIds: [o.message.id, o.parse.id, o.scheduled.id, ...related.map((e) => e.id), ...(correction ? [correction.id] : [])],
    parse: o.parse,
  });
}

/** The user edited the message: its new words and the reminder they now make. */
function editLabel(h: ReminderHistory, o: Origin, day: string, w: { start: Date; end: Date }): FeedbackLabel | null {
  const edits = h.events.filter((e) => e.type === 'ReminderRescheduled' && e.data.reason === 'edit' && inWindow(e, w));
  for (const e of [...edits].reverse()) {
    const parse = h.parse(e.causationId);
    const message = parse ? h.message(parse.causationId) : undefined;
    if (!parse || !message || message.data.edited !== true) continue;
    const state = stateAfter(o, h.events, e.position, () => true);
    return label(o, 'edit', `edit:${parse.id}`, day, {
      text: str(message.data.text)!,
      now: str(message.data.sentAt)!,
      due: state.due,
      reminderText: state.text,
      rrule: state.rrule,
      spans: slotsOf(parse),
      fix: null,
      eventIds: [o.message.id, o.parse.id, o.scheduled.id, message.id, parse.id, e.id],
      parse,
    });
  }
  return null;
}

/** The original words and the reminder they made, as the user accepted it (✅, or a quick cancel). */
function outcomeLabel(h: ReminderHistory, o: Origin, day: string, w: { start: Date; end: Date }): FeedbackLabel | null {
  const until = w.end;
  const seen = h.events.filter((e) => e.occurredAt < until);
  const corrected = seen.some((e) => e.type === 'FeedbackGiven' || (e.type === 'ReminderRescheduled' && e.data.reason === 'edit'));
  const completed = seen.find((e) => e.type === 'ReminderCompleted' && inWindow(e, w));
  const cancelled = seen.find((e) => e.type === 'ReminderCancelled' && inWindow(e, w));
  let source: LabelSource | null = null;
  let outcome: RawEvent | undefined;
  if (cancelled && cancelled.occurredAt.getTime() - o.scheduled.occurredAt.getTime() <= SUSPECT_CANCEL_MS) [source, outcome] = ['suspected', cancelled];
  else if (completed && !corrected && seen.some((e) => e.type === 'ReminderDelivered' && e.position < completed.position))
    [source, outcome] = ['confirmed', completed];
  if (!source || !outcome) return null;
  return label(o, source, `${source}:${h.reminderId}`, day, {
    text: str(o.message.data.text)!,
    now: str(o.message.data.sentAt)!,
    due: str(o.scheduled.data.due)!,
    reminderText: str(o.scheduled.data.text)!,
    rrule: str(o.scheduled.data.rrule),
    spans: slotsOf(o.parse),
    fix: null,
    eventIds: [o.message.id, o.parse.id, o.scheduled.id, outcome.id],
    parse: o.parse,
  });
}

/**
 * The labels one reminder gives for the day `w`: a ✏️ correction or an edit of its message
 * (corrected time/text), a delivered reminder marked ✅ without any correction (a weaker
 * positive), or a cancel within 5 minutes of creation (a suspected error, kept apart).
 */
export function labelsOf(h: ReminderHistory, day: string, w: { start: Date; end: Date }): Derived {
  const o = originOf(h);
  if (typeof o === 'string') return { labels: [], skipped: o };
  const fix = correctionLabel(h, o, day, w) ?? editLabel(h, o, day, w);
  const outcome = fix ? null : outcomeLabel(h, o, day, w);
  const labels = [fix, outcome].filter((l): l is FeedbackLabel => l !== null);
  if (labels.length > 0) return { labels, skipped: null };
  const otherFeedback = h.events.some((e) => e.type === 'FeedbackGiven' && inWindow(e, w));
  return { labels, skipped: otherFeedback ? 'other-feedback' : 'no-outcome' };
}
