import type { CommandOf } from '../commands';
import type { DomainEvent } from '../events';
import { bestMatches } from '../match';
import { question } from '../messages';
import { isLive, type ChatState } from '../state';

/** Candidates shown in a "which one?" question at most. */
export const MAX_CANDIDATES = 10;

/** ❌ on a confirmation, or the reminder picked from a "which one?": cancelled if still live. */
export function cancel(cmd: CommandOf<'cancel'>, s: ChatState): DomainEvent[] {
  const r = s.reminders[cmd.reminderId];
  if (!r || !isLive(r)) return [];
  return [{ type: 'ReminderCancelled', data: { chatId: s.chatId, reminderId: r.id, reason: cmd.via === 'pick' ? 'picked' : 'button' } }];
}

/** "отмени про маму": the one live reminder the words match best is cancelled; several ask "which one?". */
export function cancelByWords(cmd: CommandOf<'cancel-by-words'>, s: ChatState): DomainEvent[] {
  const chatId = s.chatId;
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
