import { describe, expect, it } from 'vitest';
import type { StreamEvent } from './events';
import { evolveAll } from './evolve';
import { FINISHED_KEPT, initialState } from './state';

const scheduled = (id: string, i: number): StreamEvent => ({
  type: 'ReminderScheduled',
  data: { chatId: 1, reminderId: id, text: `do ${id}`, due: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(), rrule: null, timezone: 'UTC' },
});

describe('finished reminders in the chat state', () => {
  it(`keeps every live reminder and the ${FINISHED_KEPT} finished last, whatever was made before`, () => {
    const events: StreamEvent[] = [];
    for (let i = 0; i < 60; i++) events.push(scheduled(`r${i}`, i));
    // Finished out of creation order: r59 first … r0 last; r60–r64 stay live.
    for (let i = 59; i >= 0; i--)
      events.push(
        i % 2
          ? { type: 'ReminderCancelled', data: { chatId: 1, reminderId: `r${i}` } }
          : { type: 'ReminderCompleted', data: { chatId: 1, reminderId: `r${i}`, scope: 'reminder' } },
      );
    for (let i = 60; i < 65; i++) events.push(scheduled(`r${i}`, i));
    const s = evolveAll(initialState({ chatId: 1, timezone: 'UTC' }), events);
    const ids = Object.keys(s.reminders);
    expect(ids.filter((id) => s.reminders[id]!.status === 'pending')).toEqual(['r60', 'r61', 'r62', 'r63', 'r64']);
    // The last finished are r19 … r0.
    expect(ids.filter((id) => s.reminders[id]!.status !== 'pending').sort()).toEqual(Array.from({ length: FINISHED_KEPT }, (_, i) => `r${i}`).sort());
    expect(s.reminders.r0).toMatchObject({ status: 'done' });
    expect(s.reminders.r1).toMatchObject({ status: 'cancelled' });
  });

  it('an event about a finished reminder no longer kept changes nothing', () => {
    const events: StreamEvent[] = [];
    for (let i = 0; i <= FINISHED_KEPT; i++) events.push(scheduled(`r${i}`, i), { type: 'ReminderCancelled', data: { chatId: 1, reminderId: `r${i}` } });
    const s = evolveAll(initialState({ chatId: 1, timezone: 'UTC' }), events);
    expect(s.reminders.r0).toBeUndefined();
    expect(
      evolveAll(s, [{ type: 'ReminderRescheduled', data: { chatId: 1, reminderId: 'r0', due: '2026-02-01T00:00:00Z', reason: 'snooze' } }]).reminders,
    ).toEqual(s.reminders);
  });
});
