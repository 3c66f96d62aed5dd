import { describe, expect, it } from 'vitest';
import { encodeCallbackData } from '../callback-data';
import { callback, CHAT, delivered, parsed, withReminder } from '../testing/fixtures';

describe('complete', () => {
  it('✅ of a fired one-off → ReminderCompleted; again → nothing', () => {
    const { chat, id } = withReminder('2026-03-12T07:00:00Z', '2026-03-13T09:00:00+03:00', 'позвонить маме');
    const cb = encodeCallbackData({ action: 'done', reminderId: id, occurrence: 0 });
    const done = chat
      .after(delivered('2026-03-13T09:00:01+03:00', id, 0))
      .when(callback('2026-03-13T09:05:00+03:00', cb))
      .then([{ type: 'ReminderCompleted', data: { chatId: CHAT, reminderId: id, scope: 'reminder', occurrence: 0, reason: 'user' } }]);
    expect(done.reminder(id).status).toBe('done');
    done
      .when(callback('2026-03-13T09:05:01+03:00', cb))
      .thenNothing()
      // Done is done: no snooze either.
      .when(parsed('2026-03-13T09:06:00+03:00', { intent: 'snooze' }))
      .thenNothing();
  });

  it('✅ of a recurring occurrence acknowledges that occurrence; the series goes on', () => {
    const { chat, id } = withReminder('2026-03-12T07:00:00Z', '2026-03-16T10:00:00+03:00', 'отчёт', 'FREQ=WEEKLY;BYDAY=MO');
    const done = chat
      .after(delivered('2026-03-16T10:00:01+03:00', id, 0))
      .when(callback('2026-03-16T10:30:00+03:00', encodeCallbackData({ action: 'done', reminderId: id, occurrence: 0 })))
      .then([{ type: 'ReminderCompleted', data: { chatId: CHAT, reminderId: id, scope: 'occurrence', occurrence: 0, reason: 'user' } }]);
    expect(done.reminder(id)).toMatchObject({ status: 'pending', due: '2026-03-23T10:00:00+03:00' });
    done.when(callback('2026-03-16T10:31:00+03:00', encodeCallbackData({ action: 'done', reminderId: id, occurrence: 0 }))).thenNothing();
  });
});

describe('a press that beats the sender’s ReminderDelivered into the stream', () => {
  it('✅ of a recurring one completes that occurrence, once', () => {
    const { chat, id } = withReminder('2026-03-12T07:00:00Z', '2026-03-13T09:00:00+03:00', 'зарядка', 'FREQ=DAILY');
    const done = () => callback('2026-03-13T09:00:03+03:00', encodeCallbackData({ action: 'done', reminderId: id, occurrence: 0 }));
    chat
      .when(done())
      .then([{ type: 'ReminderCompleted', data: { chatId: CHAT, reminderId: id, scope: 'occurrence', occurrence: 0, reason: 'user' } }])
      .after(delivered('2026-03-13T09:00:04+03:00', id, 0))
      .when(done())
      .thenNothing();
  });
});
