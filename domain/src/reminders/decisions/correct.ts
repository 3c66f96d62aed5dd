import { DateTime } from 'luxon';
import type { CommandOf } from '../commands';
import type { DomainEvent } from '../events';
import { question } from '../messages';
import { firstOccurrence, isValidRule } from '../recurrence';
import { toIso } from '../../zones/wall-clock';
import { clarificationExpired, isLive, type ChatState, type Reminder } from '../state';
import { rescheduled } from './shared';

/** ✏️ of a confirmation: ask for the right time and/or text (unless that question is already open). */
export function startCorrection(cmd: CommandOf<'start-correction'>, s: ChatState): DomainEvent[] {
  const r = s.reminders[cmd.reminderId];
  if (!r || !isLive(r)) return [];
  if (s.pending?.kind === 'correction' && s.pending.reminderId === r.id && !clarificationExpired(s.pending, cmd.now)) return [];
  return [
    {
      type: 'ClarificationRequested',
      data: {
        chatId: s.chatId,
        kind: 'correction',
        question: question(s.settings.lang, 'correction'),
        options: [],
        candidates: [{ reminderId: r.id, text: r.text, due: r.due }],
      },
    },
  ];
}

/** The message after ✏️: reschedule (reason edit) with what changed, and say what was wrong. */
export function correct(cmd: CommandOf<'correct'>, s: ChatState): DomainEvent[] {
  const p = s.pending;
  if (p?.kind !== 'correction' || clarificationExpired(p, cmd.now)) return [];
  const r = s.reminders[p.reminderId];
  if (!r || !isLive(r)) return [];
  const text = cmd.text?.trim() && cmd.text.trim() !== r.text ? cmd.text.trim() : null;
  const newRule = cmd.rrule && isValidRule(cmd.rrule) && cmd.rrule !== r.rrule ? cmd.rrule : null;
  let due: DateTime = DateTime.fromISO(r.due, { setZone: true });
  if (cmd.due) {
    const given = DateTime.fromISO(cmd.due, { setZone: true });
    // A new time of a recurring reminder: its first occurrence at that time on the series' rule.
    due = newRule || !r.rrule ? given : (firstOccurrence(r.rrule, given, r.timezone) ?? given);
  }
  const timeChanged = due.toMillis() !== Date.parse(r.due) || newRule !== null;
  if (!timeChanged && !text) return [];
  const feedback = wrongParse(s, r, timeChanged ? { due, rrule: newRule } : null, text);
  // A fired one-off whose time is right needs no reschedule (it would fire again): feedback only.
  if (!timeChanged && r.status === 'fired') return feedback;
  return [rescheduled(s, r, due, 'edit', { ...(text ? { text } : {}), ...(newRule ? { rrule: newRule } : {}) }), ...feedback];
}

/** What the parse got wrong: the time (and rule) before → after, and the text before → after. */
function wrongParse(s: ChatState, r: Reminder, time: { due: DateTime; rrule: string | null } | null, text: string | null): DomainEvent[] {
  const chatId = s.chatId;
  const out: DomainEvent[] = [];
  if (time) {
    const comment = `${r.due} ${r.rrule ?? ''} → ${toIso(time.due, r.timezone)} ${time.rrule ?? r.rrule ?? ''}`.trim();
    out.push({ type: 'FeedbackGiven', data: { chatId, reminderId: r.id, kind: 'wrong-time', comment } });
  }
  if (text) out.push({ type: 'FeedbackGiven', data: { chatId, reminderId: r.id, kind: 'wrong-text', comment: `${r.text} → ${text}` } });
  return out;
}

/**
 * The user edited the message that made the reminder: the new parse restates it, so what differs
 * is rescheduled (reason edit, like ✏️) without asking. No FeedbackGiven: the user changed what
 * they said, the parse of the old words was not wrong. A finished reminder stays finished.
 */
export function edit(cmd: CommandOf<'edit'>, s: ChatState): DomainEvent[] {
  const r = s.reminders[cmd.reminderId];
  if (!r || !isLive(r)) return [];
  const text = cmd.text?.trim() && cmd.text.trim() !== r.text ? cmd.text.trim() : null;
  let due: DateTime = DateTime.fromISO(r.due, { setZone: true });
  let rrule = r.rrule;
  if (cmd.due) {
    // A time restates the rule too: none is a one-off now. An unreadable rule keeps the old one.
    const given = DateTime.fromISO(cmd.due, { setZone: true });
    const readable = cmd.rrule === null || isValidRule(cmd.rrule);
    rrule = readable ? cmd.rrule : r.rrule;
    due = readable || !r.rrule ? given : (firstOccurrence(r.rrule, given, r.timezone) ?? given);
  }
  const timeChanged = due.toMillis() !== Date.parse(r.due) || rrule !== r.rrule;
  // A fired one-off whose time stays needs no reschedule (it would fire again).
  if (!timeChanged && (!text || r.status === 'fired')) return [];
  return [rescheduled(s, r, due, 'edit', { ...(text ? { text } : {}), ...(rrule !== r.rrule ? { rrule } : {}) })];
}
