import { botCommand, commandFor, editedReminder, isLive, remainingOccurrences, type ChatState, type EventData, type EventEnvelope } from '@napominalka/core';
import {
  cancelled,
  clarification,
  confirmation,
  done,
  editOfFinished,
  help,
  languageQuestion,
  languageSet,
  listPage,
  locationUnknown,
  notUnderstood,
  settings,
  snoozed,
  startReplies,
  throttled,
  timezoneQuestion,
  timezoneSet,
  timezoneUnknown,
  unsupported,
  type ListedReminder,
  type Reply,
  type UnsupportedKind,
} from '../conversation/replies';
import { decodeListRequest, listPeriodOf } from '../conversation/list-page';
import { chatLang } from '../conversation/text';
import type { ChatFacts } from './chat-facts';

export { factsOf, type ChatFacts } from './chat-facts';

/** An event as the replies read it: a stored one, or one the decider is appending in the same transaction. */
export type RepliedEvent = Pick<EventEnvelope, 'id' | 'type' | 'data' | 'occurredAt' | 'metadata'>;

/**
 * What the bot says in reply to an event of the chat, given the chat's state folded up to and
 * including it and the facts of the events before it (pure):
 *
 * - what the user did: /start, /help, /list (and bare /cancel), /settings, /tz and /lang with
 *   nothing or something unknown, a language or zone set by button, command, city or location
 *   (answered from the command the domain reads in it, so a zone that is already the chat's is
 *   acknowledged too), a /list page, a flood (once per run), what it cannot read;
 * - what the domain decided: the confirmation of a scheduled or corrected reminder with ✏️/❌,
 *   clarification questions with their options, acknowledgements of cancel, done and snooze.
 */
export function repliesFor(e: RepliedEvent, s: ChatState, f: ChatFacts): Reply[] {
  const ownCode = e.type === 'MessageReceived' ? (e.data as EventData<'MessageReceived'>).languageCode : undefined;
  const c = { lang: chatLang(s.settings.lang, ownCode ?? f.languageCode), now: e.occurredAt, zone: s.settings.timezone };
  switch (e.type) {
    case 'MessageReceived': {
      const d = e.data as EventData<'MessageReceived'>;
      if (d.throttled) return f.previousThrottled ? [] : [throttled(c.lang)];
      if (d.kind !== 'text' && d.kind !== 'location') return [unsupported(c.lang, d.kind as UnsupportedKind)];
      const settled = settingReplies(e, s, c, f);
      if (settled) return settled;
      // A live location sends its later positions as edits: only the first one answers.
      if (d.kind === 'location') return d.edited ? [] : locationUnknown(c);
      if (d.edited) return [];
      const command = botCommand(d.text);
      if (!command) return [];
      const { arg } = command;
      switch (command.name) {
        case 'start':
          return startReplies({ lang: s.settings.lang, now: c.now, zone: c.zone });
        case 'help':
          return [help(c.lang)];
        case 'list':
          return [listPage(pendingReminders(s), 0, c)];
        case 'cancel':
          // "/cancel про маму" is the domain's (cancel by words); bare /cancel shows what there is to cancel.
          return arg ? [] : [listPage(pendingReminders(s), 0, c)];
        case 'settings':
          return [settings(c)];
        case 'tz':
          return arg ? timezoneUnknown(c, arg.slice(0, 100)) : timezoneQuestion(c);
        case 'lang':
          return [languageQuestion()];
        default:
          return [help(c.lang)];
      }
    }
    case 'CallbackReceived': {
      const { data, messageId } = e.data as EventData<'CallbackReceived'>;
      const asked = decodeListRequest(data);
      // ◀️ ▶️ turn the page of the list message itself, within its period if it has one.
      if (asked !== null)
        return [{ ...listPage(pendingReminders(s), asked.page, c, asked.period), ...(messageId !== undefined ? { editMessageId: messageId } : {}) }];
      return settingReplies(e, s, c, f) ?? [];
    }
    case 'MessageParsed': {
      const d = e.data as EventData<'MessageParsed'>;
      // An edit of the message that made a reminder: the domain changes it (its confirmation answers), unless it is finished.
      const edited = editedReminder(s, e.metadata.causationId);
      if (edited) return isLive(edited) ? [] : [editOfFinished(c.lang, edited.text)];
      // "что у меня на завтра": only the period named (rule 20); a list parsed before periods existed names none.
      if (d.intent === 'list') return [listPage(pendingReminders(s), 0, c, listPeriodOf(d.listFrom, d.listTo))];
      if (d.intent === 'timezone') return settingReplies(e, s, c, f) ?? timezoneQuestion(c);
      // Not a reminder ("привет", "спасибо"), nothing the domain reads in it, no question asked: say so.
      if (d.intent === 'other' && !f.questionFollows && commandFor(e, s) === null) return [notUnderstood(c.lang)];
      return [];
    }
    case 'ClarificationRequested':
      // Inference asks "when?" of an edit without a time; the domain kept the reminder's time instead.
      if (editedReminder(s, e.metadata.causationId)) return [];
      return [clarification(e.data as EventData<'ClarificationRequested'>, c, s.pending?.kind === 'time' ? s.pending.text : null)];
    case 'ReminderScheduled': {
      const d = e.data as EventData<'ReminderScheduled'>;
      return [confirmation({ id: d.reminderId, text: d.text, due: d.due, rrule: d.rrule }, { ...c, zone: d.timezone })];
    }
    case 'ReminderCancelled': {
      const r = s.reminders[(e.data as EventData<'ReminderCancelled'>).reminderId];
      return r ? [cancelled(c.lang, r.text)] : [];
    }
    case 'ReminderCompleted': {
      const d = e.data as EventData<'ReminderCompleted'>;
      const r = s.reminders[d.reminderId];
      // A series that ran out ends with its last reminder, already sent: nothing to confirm.
      if (d.reason === 'series-ended') return [];
      return r ? [done(c, r.text, d.scope === 'occurrence' ? r.due : null)] : [];
    }
    case 'ReminderRescheduled': {
      const d = e.data as EventData<'ReminderRescheduled'>;
      const r = s.reminders[d.reminderId];
      if (!r) return [];
      if (d.reason === 'snooze') return [snoozed(c, r.text, d.due)];
      // A corrected series keeps the occurrences it had left: say how many.
      if (d.reason === 'edit')
        return [confirmation({ id: r.id, text: r.text, due: r.due, rrule: r.rrule, remaining: remainingOccurrences(r) }, { ...c, zone: r.timezone })];
      return [];
    }
    default:
      return [];
  }
}

/**
 * A zone or language the user set with this event, answered in the new setting: the command the
 * domain reads in it (one reading of /tz, /lang, the buttons, a city and a location), so the
 * answer and the change cannot disagree. Null when the event sets nothing.
 */
function settingReplies(e: RepliedEvent, s: ChatState, c: { lang: 'ru' | 'en'; now: string; zone: string }, f: ChatFacts): Reply[] | null {
  const cmd = commandFor(e, s);
  if (cmd?.type === 'set-timezone') return [timezoneSet({ ...c, zone: cmd.timezone })];
  if (cmd?.type === 'set-lang') return languageSet({ ...c, lang: cmd.lang }, !f.zoneSet);
  return null;
}

/** What /list shows: reminders still to come (paused ones too: they resume when the user is back). */
function pendingReminders(s: ChatState): ListedReminder[] {
  return Object.values(s.reminders)
    .filter((r) => r.status === 'pending' || r.status === 'paused')
    .map((r) => ({
      id: r.id,
      text: r.text,
      due: r.due,
      rrule: r.rrule,
      remaining: remainingOccurrences(r),
      // A recurring one's series: a period's list finds its occurrence there even when its next due is before it.
      series: r.rrule && r.anchor ? { rrule: r.rrule, anchor: r.anchor, timezone: r.timezone } : null,
    }));
}
