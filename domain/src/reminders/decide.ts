import { commandSchema, USER_COMMANDS, type Command } from './commands';
import { cancel, cancelByWords } from './decisions/cancel';
import { complete } from './decisions/complete';
import { correct, edit, startCorrection } from './decisions/correct';
import { advance, deactivate, reactivate } from './decisions/delivery';
import { create, provideTime } from './decisions/schedule';
import { setLang } from './decisions/settings';
import { snooze } from './decisions/snooze';
import { reconcile, setTimezone } from './decisions/time-zone';
import type { DomainEvent } from './events';
import { evolveAll } from './evolve';
import type { ChatState } from './state';

/**
 * The reminders decider: what the command means given the chat's state, as events. Pure: `now`
 * comes in the command, no I/O. A command already decided (its id is the causation of events in
 * the state) yields nothing, and so does one whose effect the state already shows.
 *
 * In an inactive chat (the user had blocked the bot) a user's command first reactivates the chat
 * and resumes its paused reminders. Each command is decided in its own file under `decisions/`.
 */
export function decide(command: Command, state: ChatState): DomainEvent[] {
  const cmd = commandSchema.parse(command);
  if (state.decided.includes(cmd.id)) return [];
  const pre = USER_COMMANDS.has(cmd.type) && !state.settings.active ? reactivate(state, cmd.now) : [];
  return [...pre, ...decideOne(cmd, evolveAll(state, pre))];
}

function decideOne(cmd: Command, s: ChatState): DomainEvent[] {
  switch (cmd.type) {
    case 'create':
      return create(cmd, s);
    case 'provide-time':
      return provideTime(cmd, s);
    case 'cancel':
      return cancel(cmd, s);
    case 'cancel-by-words':
      return cancelByWords(cmd, s);
    case 'snooze':
      return snooze(cmd, s);
    case 'complete':
      return complete(cmd, s);
    case 'start-correction':
      return startCorrection(cmd, s);
    case 'correct':
      return correct(cmd, s);
    case 'edit':
      return edit(cmd, s);
    case 'set-timezone':
      return setTimezone(cmd, s);
    case 'set-lang':
      return setLang(cmd, s);
    // The user back is decided like settings changed elsewhere: zone followed, paused reminders resumed.
    case 'reconcile':
    case 'activate':
      return reconcile(cmd, s);
    case 'advance':
      return advance(cmd, s);
    case 'deactivate':
      return deactivate(cmd, s);
  }
}
