import { describe, expect, it } from 'vitest';
import type { StreamEvent } from './events';
import { evolve } from './evolve';
import { CHAT, withReminder } from './testing/fixtures';

describe('evolve', () => {
  it('evolve derives the occurrence the same way with or without the field', () => {
    const { chat, id } = withReminder('2026-03-12T07:00:00Z', '2026-03-13T09:00:00+03:00', 'x');
    const ev = (occurrence?: number): StreamEvent => ({
      type: 'ReminderRescheduled',
      data: { chatId: CHAT, reminderId: id, due: '2026-03-13T10:00:00+03:00', reason: 'snooze', ...(occurrence !== undefined ? { occurrence } : {}) },
    });
    expect(evolve(chat.state, ev()).reminders[id]!.occurrence).toBe(evolve(chat.state, ev(1)).reminders[id]!.occurrence);
    expect(evolve(evolve(chat.state, ev()), ev()).reminders[id]!.occurrence).toBe(2);
  });
});
