import type { CommandOf } from '../commands';
import type { DomainEvent } from '../events';
import { isLive, type ChatState } from '../state';
import { deliveryPressed, endedUnanswered } from './shared';

/**
 * ✅ of a delivered reminder: a one-off (or a series that has ended) is done; a recurring one still
 * going on is done for that occurrence only, once per delivery.
 */
export function complete(cmd: CommandOf<'complete'>, s: ChatState): DomainEvent[] {
  const r = s.reminders[cmd.reminderId];
  // The last delivery of a series that ran out: ✅ answers it, as of a one-off (the reminder is done already).
  if (r && endedUnanswered(r) && (cmd.occurrence === undefined || cmd.occurrence === r.lastDelivery!.occurrence)) {
    return [
      { type: 'ReminderCompleted', data: { chatId: s.chatId, reminderId: r.id, scope: 'reminder', occurrence: r.lastDelivery!.occurrence, reason: 'user' } },
    ];
  }
  if (!r || !isLive(r)) return [];
  if (r.rrule && r.status !== 'fired') {
    const d = deliveryPressed(r, cmd.occurrence);
    if (!d || d.acknowledged || (cmd.occurrence !== undefined && cmd.occurrence !== d.occurrence)) return [];
    return [{ type: 'ReminderCompleted', data: { chatId: s.chatId, reminderId: r.id, scope: 'occurrence', occurrence: d.occurrence, reason: 'user' } }];
  }
  return [
    {
      type: 'ReminderCompleted',
      data: { chatId: s.chatId, reminderId: r.id, scope: 'reminder', ...(r.lastDelivery ? { occurrence: r.lastDelivery.occurrence } : {}), reason: 'user' },
    },
  ];
}
