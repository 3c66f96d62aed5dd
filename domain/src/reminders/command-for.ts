import type { EventData } from '../events/catalog';
import { botCommand } from './bot-command';
import { decodeCallbackData } from './callback-data';
import type { Command } from './commands';
import type { StreamEvent } from './events';
import { clarificationExpired, editedReminder, isLive, type ChatState } from './state';
import { isValidZone } from '../zones/wall-clock';
import { zoneAt } from '../zones/zone-at';
import { zoneForName } from '../zones/zone-names';

/** Event types the reminders domain reacts to (its consumer's bindings). */
export const REMINDER_INPUT_TYPES = [
  'MessageReceived',
  'MessageParsed',
  'CallbackReceived',
  'ChatSettingsChanged',
  'ReminderDelivered',
  'ReminderDeliveryFailed',
] as const;

/** "/tz Europe/Paris", "/tz Париж", "/tz new york", "/tz UTC+3": see zoneForName. */

/**
 * The command an event of the chat stream means, given the state folded up to and including it;
 * null when it asks nothing of the domain. Pure.
 */
export function commandFor(e: StreamEvent & { id: string; occurredAt: string }, state: ChatState): Command | null {
  const base = { id: e.id, now: e.occurredAt };
  const inactive = !state.settings.active;
  switch (e.type) {
    case 'MessageReceived': {
      const d = e.data as EventData<'MessageReceived'>;
      if (d.kind === 'location') {
        // A shared location sets the zone. A live location's later positions arrive as edits:
        // they do not move it (a trip would silently shift every reminder).
        const zone = d.location && !d.edited ? zoneAt(d.location.latitude, d.location.longitude) : null;
        if (zone) return { ...base, type: 'set-timezone', timezone: zone };
        return inactive ? { ...base, type: 'activate' } : null;
      }
      const command = botCommand(d.text);
      const named = command?.name === 'tz' && command.arg ? zoneForName(command.arg) : null;
      if (named) return { ...base, type: 'set-timezone', timezone: named };
      const lang = command?.name === 'lang' ? command.arg.toLowerCase() : '';
      if (lang === 'ru' || lang === 'en') return { ...base, type: 'set-lang', lang };
      // "/cancel про маму": the model never reads commands, so the words are matched as written.
      if (command?.name === 'cancel' && command.arg) return { ...base, type: 'cancel-by-words', words: command.arg };
      return inactive ? { ...base, type: 'activate' } : null;
    }
    case 'CallbackReceived': {
      const decoded = decodeCallbackData((e.data as EventData<'CallbackReceived'>).data);
      if (!decoded.ok) return inactive ? { ...base, type: 'activate' } : null;
      const a = decoded.value;
      switch (a.action) {
        case 'done':
          return { ...base, type: 'complete', reminderId: a.reminderId, ...(a.occurrence !== undefined ? { occurrence: a.occurrence } : {}) };
        case 'snooze':
          return { ...base, type: 'snooze', reminderId: a.reminderId, by: a.by, ...(a.occurrence !== undefined ? { occurrence: a.occurrence } : {}) };
        case 'cancel':
          return { ...base, type: 'cancel', reminderId: a.reminderId, via: 'button' };
        case 'pick':
          return { ...base, type: 'cancel', reminderId: a.reminderId, via: 'pick' };
        case 'wrong':
          return { ...base, type: 'start-correction', reminderId: a.reminderId };
        case 'timezone':
          return { ...base, type: 'set-timezone', timezone: a.timezone };
        case 'lang':
          return { ...base, type: 'set-lang', lang: a.lang };
      }
      return null;
    }
    case 'MessageParsed':
      return fromParse(e, e.data as EventData<'MessageParsed'>, state, base);
    case 'ChatSettingsChanged':
      return { ...base, type: 'reconcile' };
    case 'ReminderDelivered': {
      const d = e.data as EventData<'ReminderDelivered'>;
      return { ...base, type: 'advance', reminderId: d.reminderId, occurrence: d.occurrence };
    }
    case 'ReminderDeliveryFailed':
      return (e.data as EventData<'ReminderDeliveryFailed'>).permanent ? { ...base, type: 'deactivate' } : null;
    default:
      return null;
  }
}

function fromParse(e: StreamEvent, d: EventData<'MessageParsed'>, state: ChatState, base: { id: string; now: string }): Command | null {
  const text = d.text?.trim() ? d.text.trim() : null;
  const p = state.pending && !clarificationExpired(state.pending, base.now) ? state.pending : null;
  // An edit of the message that made a reminder changes that reminder (a finished one stays as it
  // was); an edit of one that made nothing, or that now says something else, reads like a new one.
  const edited = d.intent === 'create' || d.intent === 'other' ? editedReminder(state, e.metadata?.causationId) : null;
  if (edited) return isLive(edited) ? { ...base, type: 'edit', reminderId: edited.id, due: d.due, text, rrule: d.rrule } : null;
  switch (d.intent) {
    case 'timezone':
      return d.timezone && isValidZone(d.timezone) ? { ...base, type: 'set-timezone', timezone: d.timezone } : null;
    case 'cancel':
      return { ...base, type: 'cancel-by-words', words: text };
    case 'snooze':
      return d.due ? { ...base, type: 'snooze', reminderId: null, by: 'until', until: d.due } : { ...base, type: 'snooze', reminderId: null, by: '10m' };
    case 'create':
    case 'other': {
      if (p?.kind === 'correction') {
        // The parser keeps a text only for what it reads as a create: a bare new text is the message.
        const said = state.lastMessage && state.lastMessage.id === e.metadata?.causationId ? state.lastMessage.text.trim() : '';
        const raw = !text && !d.due && said && !said.startsWith('/') ? said : null;
        const newText = text ?? raw;
        if (d.due || newText) return { ...base, type: 'correct', due: d.due, text: newText, rrule: d.rrule };
        return null;
      }
      if (p?.kind === 'time' && d.due && !text) return { ...base, type: 'provide-time', due: d.due, rrule: d.rrule };
      if (d.intent === 'create' && d.due) return { ...base, type: 'create', text: text ?? '', due: d.due, rrule: d.rrule };
      return null;
    }
    default:
      return null;
  }
}
