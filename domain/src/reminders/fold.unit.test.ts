import { describe, expect, it } from 'vitest';
import { stateFor } from './fold';
import type { StreamEvent } from './events';
import { initialState } from './state';
import { CHAT, MSK, parsed } from './testing/fixtures';

describe('stateFor', () => {
  it('folds up to the event plus what followed from it, never a later input', () => {
    const mk = (pos: number, e: StreamEvent, id: string) => ({ ...e, id, streamPosition: pos, occurredAt: '2026-03-12T07:00:00Z' });
    const a = mk(1, parsed('2026-03-12T07:00:00Z', { text: 'купить хлеб' }), 'a');
    const b = mk(2, parsed('2026-03-12T07:00:00Z', { text: 'позвонить маме' }), 'b');
    const decidedOnA = mk(
      3,
      {
        type: 'ReminderScheduled',
        data: { chatId: CHAT, reminderId: 'a', text: 'купить хлеб', due: '2026-03-12T18:00:00+03:00', rrule: null, timezone: MSK },
        metadata: { causationId: 'a' },
      },
      'c',
    );
    const s = stateFor([a, b, decidedOnA], a, initialState({ chatId: CHAT, timezone: MSK }));
    expect(Object.keys(s.reminders)).toEqual(['a']);
    expect(s.pending).toBeNull(); // b (a later input) is not folded in
    expect(s.decided).toEqual(['a']);
    expect(stateFor([a, b, decidedOnA], b, initialState({ chatId: CHAT, timezone: MSK })).version).toBe(3);
  });
});
