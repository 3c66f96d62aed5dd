import { DateTime } from 'luxon';
import type { EventData } from '../events/catalog';
import { commandSchema, USER_COMMANDS, type Command } from './commands';
import { bestMatches } from './match';
import { question } from './messages';
import { firstOccurrence, isValidRule, nextOccurrence } from './recurrence';
import { clarificationExpired, evolveAll, isLive, type ChatState, type Reminder } from './state';
import { isValidZone, localOf, toIso, wallClock } from './wall-clock';

/** An event the decider emits, typed by the catalog. */
export type DomainEvent = {
  [
    T in
      | 'ReminderScheduled'
      | 'ReminderRescheduled'
      | 'ReminderCancelled'
      | 'ReminderCompleted'
      | 'ClarificationRequested'
      | 'ChatSettingsChanged'
      | 'FeedbackGiven'
  ]: {
    type: T;
    data: EventData<T>;
  };
}['ReminderScheduled' | 'ReminderRescheduled' | 'ReminderCancelled' | 'ReminderCompleted' | 'ClarificationRequested' | 'ChatSettingsChanged' | 'FeedbackGiven'];

/** Candidates shown in a "which one?" question at most. */
export const MAX_CANDIDATES = 10;

/**
 * The reminders decider: what the command means given the chat's state, as events. Pure: `now`
 * comes in the command, no I/O. A command already decided (its id is the causation of events in
 * the state) yields nothing, and so does one whose effect the state already shows.
 *
 * In an inactive chat (the user had blocked the bot) a user's command first reactivates the chat
 * and resumes its paused reminders.
 */
export function decide(command: Command, state: ChatState): DomainEvent[] {
  const cmd = commandSchema.parse(command);
  if (state.decided.includes(cmd.id)) return [];
  const pre: DomainEvent[] = [];
  if (USER_COMMANDS.has(cmd.type) && !state.settings.active) {
    pre.push({ type: 'ChatSettingsChanged', data: { chatId: state.chatId, active: true } });
    pre.push(...resume(evolveAll(state, pre), cmd.now));
  }
  return [...pre, ...decideOne(cmd, evolveAll(state, pre))];
}

function decideOne(cmd: Command, s: ChatState): DomainEvent[] {
  const chatId = s.chatId;
  const zone = s.settings.timezone;
  const now = DateTime.fromISO(cmd.now, { setZone: true });
  switch (cmd.type) {
    case 'create': {
      if (s.reminders[cmd.id]) return [];
      return [scheduled(s, cmd.id, cmd.text, cmd.due, cmd.rrule, cmd.id)];
    }
    case 'provide-time': {
      const p = s.pending;
      if (p?.kind !== 'time' || clarificationExpired(p, cmd.now) || s.reminders[p.sourceEventId]) return [];
      return [scheduled(s, p.sourceEventId, p.text, cmd.due, cmd.rrule ?? p.rrule, p.sourceEventId)];
    }
    case 'cancel': {
      const r = s.reminders[cmd.reminderId];
      if (!r || !isLive(r)) return [];
      return [{ type: 'ReminderCancelled', data: { chatId, reminderId: r.id, reason: cmd.via === 'pick' ? 'picked' : 'button' } }];
    }
    case 'cancel-by-words': {
      const live = Object.values(s.reminders)
        .filter(isLive)
        .sort((a, b) => Date.parse(a.due) - Date.parse(b.due));
      const found = bestMatches(cmd.words, live, (r) => r.text);
      if (found.length === 1) return [{ type: 'ReminderCancelled', data: { chatId, reminderId: found[0]!.id, reason: 'words' } }];
      if (found.length === 0) {
        return [
          { type: 'ClarificationRequested', data: { chatId, kind: 'no-match', question: question(s.settings.lang, 'no-match'), options: [], candidates: [] } },
        ];
      }
      const shown = found.slice(0, MAX_CANDIDATES);
      return [
        {
          type: 'ClarificationRequested',
          data: {
            chatId,
            kind: 'cancel',
            question: question(s.settings.lang, 'cancel'),
            options: shown.map((r) => r.text),
            candidates: shown.map((r) => ({ reminderId: r.id, text: r.text, due: r.due })),
          },
        },
      ];
    }
    case 'snooze': {
      const id = cmd.reminderId ?? s.lastFired?.reminderId;
      const r = id ? s.reminders[id] : undefined;
      const delivery = r && cmd.reminderId ? deliveryPressed(r, cmd.occurrence) : r?.lastDelivery;
      if (!r || (r.status !== 'pending' && r.status !== 'fired') || !delivery) return [];
      // A button answers one delivery once; "отложи" may push the last fired one again.
      if (cmd.reminderId && (delivery.acknowledged || (cmd.occurrence !== undefined && cmd.occurrence !== delivery.occurrence))) return [];
      const due =
        cmd.by === '10m'
          ? now.plus({ minutes: 10 })
          : cmd.by === '1h'
            ? now.plus({ hours: 1 })
            : cmd.by === 'tomorrow'
              ? tomorrowAt9(now, zone)
              : DateTime.fromISO(cmd.until!, { setZone: true });
      if (due <= now) return [];
      if (r.status === 'pending' && Date.parse(r.due) === due.toMillis()) return [];
      return [rescheduled(s, r, due, 'snooze')];
    }
    case 'complete': {
      const r = s.reminders[cmd.reminderId];
      if (!r || !isLive(r)) return [];
      // ✅ of a recurring reminder still going on is done for that occurrence, not for the series.
      if (r.rrule && r.status !== 'fired') {
        const d = deliveryPressed(r, cmd.occurrence);
        if (!d || d.acknowledged || (cmd.occurrence !== undefined && cmd.occurrence !== d.occurrence)) return [];
        return [{ type: 'ReminderCompleted', data: { chatId, reminderId: r.id, scope: 'occurrence', occurrence: d.occurrence } }];
      }
      return [
        {
          type: 'ReminderCompleted',
          data: { chatId, reminderId: r.id, scope: 'reminder', ...(r.lastDelivery ? { occurrence: r.lastDelivery.occurrence } : {}) },
        },
      ];
    }
    case 'start-correction': {
      const r = s.reminders[cmd.reminderId];
      if (!r || !isLive(r)) return [];
      if (s.pending?.kind === 'correction' && s.pending.reminderId === r.id && !clarificationExpired(s.pending, cmd.now)) return [];
      return [
        {
          type: 'ClarificationRequested',
          data: {
            chatId,
            kind: 'correction',
            question: question(s.settings.lang, 'correction'),
            options: [],
            candidates: [{ reminderId: r.id, text: r.text, due: r.due }],
          },
        },
      ];
    }
    case 'correct':
      return correct(cmd, s);
    case 'edit':
      return edit(cmd, s);
    case 'set-timezone': {
      if (!isValidZone(cmd.timezone) || cmd.timezone === zone) return [];
      const events: DomainEvent[] = [{ type: 'ChatSettingsChanged', data: { chatId, timezone: cmd.timezone } }];
      return [...events, ...rezone(evolveAll(s, events), cmd.now)];
    }
    case 'set-lang':
      return cmd.lang === s.settings.lang ? [] : [{ type: 'ChatSettingsChanged', data: { chatId, lang: cmd.lang } }];
    case 'reconcile':
    case 'activate':
      return [...rezone(s, cmd.now), ...(s.settings.active ? resume(s, cmd.now) : [])];
    case 'advance': {
      const r = s.reminders[cmd.reminderId];
      if (!r || !r.rrule || r.status !== 'fired' || r.occurrence !== cmd.occurrence) return [];
      const after = DateTime.max(DateTime.fromISO(r.due, { setZone: true }), now);
      const next = nextOf(r, after);
      return next ? [rescheduled(s, r, next, 'next-occurrence')] : [];
    }
    case 'deactivate':
      return s.settings.active ? [{ type: 'ChatSettingsChanged', data: { chatId, active: false } }] : [];
  }
}

function scheduled(s: ChatState, reminderId: string, text: string, due: string, rrule: string | null, sourceEventId: string): DomainEvent {
  const zone = s.settings.timezone;
  const rule = rrule && isValidRule(rrule) ? rrule : null;
  return {
    type: 'ReminderScheduled',
    data: {
      chatId: s.chatId,
      reminderId,
      text,
      due: toIso(DateTime.fromISO(due, { setZone: true }), zone),
      rrule: rule,
      timezone: zone,
      ...(isUuid(sourceEventId) ? { sourceEventId } : {}),
    },
  };
}

function rescheduled(
  s: ChatState,
  r: Reminder,
  due: DateTime,
  reason: EventData<'ReminderRescheduled'>['reason'],
  extra: Partial<Pick<EventData<'ReminderRescheduled'>, 'text' | 'rrule' | 'timezone'>> = {},
): DomainEvent {
  const zone = extra.timezone ?? r.timezone;
  return {
    type: 'ReminderRescheduled',
    data: { chatId: s.chatId, reminderId: r.id, due: toIso(due, zone), reason, occurrence: r.occurrence + 1, ...extra },
  };
}

const nextOf = (r: Reminder, after: DateTime, timezone = r.timezone): DateTime | null =>
  r.rrule && r.anchor ? nextOccurrence({ rrule: r.rrule, anchor: r.anchor, timezone }, after) : null;

function tomorrowAt9(now: DateTime, zone: string): DateTime {
  const d = now.setZone(zone).plus({ days: 1 });
  return wallClock({ year: d.year, month: d.month, day: d.day, hour: 9, minute: 0 }, zone);
}

/**
 * The time zone rule: a reminder keeps its wall-clock time when the chat's zone changes. Its due
 * is the same local date and time read in the new zone ("09:00 on the 12th" stays 09:00 on the
 * 12th); a recurring series keeps its time of day and anchor. If that moment has already passed
 * in the new zone, a recurring reminder moves to its next occurrence after now and a one-off one
 * fires now. Pending and paused reminders are moved; fired, done and cancelled ones are not.
 */
function rezone(s: ChatState, nowIso: string): DomainEvent[] {
  const zone = s.settings.timezone;
  const now = DateTime.fromISO(nowIso, { setZone: true });
  const out: DomainEvent[] = [];
  for (const r of Object.values(s.reminders)) {
    if ((r.status !== 'pending' && r.status !== 'paused') || r.timezone === zone) continue;
    let due = wallClock(localOf(r.due, r.timezone), zone);
    if (due <= now && r.status === 'pending') due = (r.rrule ? nextOf(r, now, zone) : null) ?? now;
    out.push(rescheduled(s, r, due, 'timezone-change', { timezone: zone }));
  }
  return out;
}

/**
 * Resuming a chat that is active again: each paused reminder keeps its due if still ahead; else a
 * recurring one moves to its next occurrence after now (the missed ones are dropped) and a one-off
 * one fires now. (A series that has ended stays paused.)
 */
function resume(s: ChatState, nowIso: string): DomainEvent[] {
  const now = DateTime.fromISO(nowIso, { setZone: true });
  const out: DomainEvent[] = [];
  for (const r of Object.values(s.reminders)) {
    if (r.status !== 'paused') continue;
    const current = DateTime.fromISO(r.due, { setZone: true });
    const due = current > now ? current : r.rrule ? nextOf(r, now) : now;
    if (due) out.push(rescheduled(s, r, due, 'resume'));
  }
  return out;
}

/** The message after ✏️: reschedule (reason edit) with what changed, and say what was wrong. */
function correct(cmd: Extract<Command, { type: 'correct' }>, s: ChatState): DomainEvent[] {
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
  const feedback: DomainEvent[] = [
    ...(timeChanged
      ? [
          {
            type: 'FeedbackGiven' as const,
            data: {
              chatId: s.chatId,
              reminderId: r.id,
              kind: 'wrong-time' as const,
              comment: `${r.due} ${r.rrule ?? ''} → ${toIso(due, r.timezone)} ${newRule ?? r.rrule ?? ''}`.trim(),
            },
          },
        ]
      : []),
    ...(text
      ? [{ type: 'FeedbackGiven' as const, data: { chatId: s.chatId, reminderId: r.id, kind: 'wrong-text' as const, comment: `${r.text} → ${text}` } }]
      : []),
  ];
  // A fired one-off whose time is right needs no reschedule (it would fire again): feedback only.
  if (!timeChanged && r.status === 'fired') return feedback;
  return [rescheduled(s, r, due, 'edit', { ...(text ? { text } : {}), ...(newRule ? { rrule: newRule } : {}) }), ...feedback];
}

/**
 * The user edited the message that made the reminder: the new parse restates it, so what differs
 * is rescheduled (reason edit, like ✏️) without asking. No FeedbackGiven: the user changed what
 * they said, the parse of the old words was not wrong. A finished reminder stays finished.
 */
function edit(cmd: Extract<Command, { type: 'edit' }>, s: ChatState): DomainEvent[] {
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

const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

/**
 * The delivery a ✅/💤 button of `occurrence` answers: the one recorded, or — when the press beat
 * the sender's ReminderDelivered into the stream — the delivery of the current occurrence, which
 * the button itself proves (the bot puts these buttons only on a message it delivered).
 */
function deliveryPressed(r: Reminder, occurrence: number | undefined): Reminder['lastDelivery'] {
  if (occurrence !== undefined && occurrence === r.occurrence && (!r.lastDelivery || r.lastDelivery.occurrence < occurrence)) {
    return { occurrence, due: r.due, acknowledged: false };
  }
  return r.lastDelivery;
}
