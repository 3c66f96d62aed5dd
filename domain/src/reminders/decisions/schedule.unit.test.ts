import { describe, expect, it } from 'vitest';
import { CHAT, dataOf, emptyChat, MSK, parsed, withReminder } from '../testing/fixtures';

describe('create', () => {
  it('a one-off reminder: id of the parse, due in the chat zone, occurrence 0', () => {
    const p = parsed('2026-03-12T07:00:00Z', { due: '2026-03-13T09:00:00+03:00', text: 'позвонить маме' });
    const after = emptyChat()
      .when(p)
      .then([
        {
          type: 'ReminderScheduled',
          data: { chatId: CHAT, reminderId: p.id, text: 'позвонить маме', due: '2026-03-13T09:00:00+03:00', rrule: null, timezone: MSK, sourceEventId: p.id },
        },
      ]);
    expect(after.reminder(p.id)).toMatchObject({ status: 'pending', occurrence: 0, rrule: null, anchor: null, sourceEventId: p.id });
  });

  it('a recurring reminder keeps its series wall clock and anchor', () => {
    const { chat, id } = withReminder('2026-03-12T07:00:00Z', '2026-03-16T10:00:00+03:00', 'отчёт', 'FREQ=WEEKLY;BYDAY=MO');
    expect(chat.reminder(id)).toMatchObject({ rrule: 'FREQ=WEEKLY;BYDAY=MO', anchor: '2026-03-16T10:00', wallTime: '10:00', status: 'pending' });
  });

  it('without a time it waits; the next time-only parse completes it', () => {
    const first = parsed('2026-03-12T07:00:00Z', { text: 'купить хлеб' });
    const waiting = emptyChat().when(first).thenNothing();
    expect(waiting.state.pending).toMatchObject({ kind: 'time', text: 'купить хлеб', sourceEventId: first.id });
    const done = waiting.when(parsed('2026-03-12T07:01:00Z', { due: '2026-03-12T18:00:00+03:00', intent: 'other' })).then((out) => {
      expect(out).toHaveLength(1);
      expect(dataOf(out, 'ReminderScheduled')).toMatchObject({
        reminderId: first.id,
        text: 'купить хлеб',
        due: '2026-03-12T18:00:00+03:00',
        sourceEventId: first.id,
      });
    });
    expect(done.state.pending).toBeNull();
    // A further time-only message waits for nothing: it is a reminder without text of its own.
    const again = parsed('2026-03-12T07:02:00Z', { due: '2026-03-12T19:00:00+03:00' });
    done.when(again).then((out) => expect(dataOf(out, 'ReminderScheduled')).toMatchObject({ reminderId: again.id, text: '' }));
  });

  it('a clarification older than a day is forgotten', () => {
    const late = parsed('2026-03-14T07:00:00Z', { due: '2026-03-14T18:00:00+03:00' });
    emptyChat()
      .after(parsed('2026-03-12T07:00:00Z', { text: 'купить хлеб' }))
      .when(late)
      .then((out) => expect(dataOf(out, 'ReminderScheduled')).toMatchObject({ reminderId: late.id, text: '' }));
  });
});
