import { describe, expect, it } from 'vitest';
import { encodeCallbackData } from '../callback-data';
import { callback, CHAT, delivered, emptyChat, failed, message, parsed, same, types, withReminder } from '../testing/fixtures';

describe('pause and resume', () => {
  it('a permanent delivery failure pauses the chat; the user back resumes at the next occurrence after now', () => {
    const daily = parsed('2026-03-12T07:00:00Z', { due: '2026-03-13T09:00:00+03:00', text: 'зарядка', rrule: 'FREQ=DAILY' });
    const missed = parsed('2026-03-12T07:00:00Z', { due: '2026-03-14T12:00:00+03:00', text: 'пропущенное' });
    const later = parsed('2026-03-12T07:00:00Z', { due: '2026-04-01T12:00:00+03:00', text: 'будущее' });
    const paused = emptyChat()
      .after(daily, missed, later)
      .when(failed('2026-03-13T09:00:01+03:00', daily.id, 0, false))
      .thenNothing()
      .when(failed('2026-03-13T09:00:05+03:00', daily.id, 0, true))
      .then([{ type: 'ChatSettingsChanged', data: { chatId: CHAT, active: false } }]);
    expect(Object.values(paused.state.reminders).map((r) => r.status)).toEqual(['paused', 'paused', 'paused']);

    const back = paused
      .when(failed('2026-03-13T09:00:06+03:00', daily.id, 0, true))
      .thenNothing()
      .when(message('2026-03-20T15:00:00+03:00', '/start'))
      .then((out) => {
        expect(types(out)).toEqual(['ChatSettingsChanged', 'ReminderRescheduled', 'ReminderRescheduled', 'ReminderRescheduled']);
        expect(out[0]!.data).toEqual({ chatId: CHAT, active: true });
        const due = Object.fromEntries(
          out.slice(1).map((e) => [(e.data as { reminderId: string }).reminderId, e.data as { due: string; reason: string; occurrence: number }]),
        );
        expect(due[daily.id]).toMatchObject({ reason: 'resume', due: '2026-03-21T09:00:00+03:00', occurrence: 1 });
        same(due[missed.id]!.due, '2026-03-20T15:00:00+03:00');
        same(due[later.id]!.due, '2026-04-01T12:00:00+03:00');
      });
    expect(Object.values(back.state.reminders).map((r) => r.status)).toEqual(['pending', 'pending', 'pending']);
    back.when(message('2026-03-20T15:01:00+03:00', 'привет')).thenNothing();
  });

  it('a button pressed in an inactive chat reactivates it before acting', () => {
    const { chat, id } = withReminder('2026-03-12T07:00:00Z', '2026-03-13T09:00:00+03:00', 'позвонить маме');
    chat
      .after(failed('2026-03-13T09:00:05+03:00', id, 0, true))
      .when(callback('2026-03-13T10:00:00+03:00', encodeCallbackData({ action: 'cancel', reminderId: id })))
      .then((out) => expect(types(out)).toEqual(['ChatSettingsChanged', 'ReminderRescheduled', 'ReminderCancelled']));
  });
});

describe('after a delivery', () => {
  it.each([
    [
      'weekly, Berlin into summer time',
      'Europe/Berlin',
      'FREQ=WEEKLY;BYDAY=MO',
      '2026-03-23T09:00:00+01:00',
      '2026-03-23T09:00:01+01:00',
      '2026-03-30T09:00:00+02:00',
    ],
    ['daily, New York out of DST', 'America/New_York', 'FREQ=DAILY', '2026-10-31T08:30:00-04:00', '2026-10-31T08:30:02-04:00', '2026-11-01T08:30:00-05:00'],
    [
      'late delivery: strictly after the delivery time',
      'Europe/Moscow',
      'FREQ=HOURLY',
      '2026-03-12T10:00:00+03:00',
      '2026-03-12T11:20:00+03:00',
      '2026-03-12T12:00:00+03:00',
    ],
    [
      'the 31st skips April',
      'Europe/Moscow',
      'FREQ=MONTHLY;BYMONTHDAY=31',
      '2026-03-31T10:00:00+03:00',
      '2026-03-31T10:00:01+03:00',
      '2026-05-31T10:00:00+03:00',
    ],
  ])('%s → ReminderRescheduled next-occurrence', (_w, zone, rrule, due, at, expected) => {
    const { chat, id } = withReminder('2026-03-01T00:00:00Z', due, 'повтор', rrule, zone);
    const after = chat
      .when(delivered(at, id, 0))
      .then([{ type: 'ReminderRescheduled', data: { chatId: CHAT, reminderId: id, due: expected, reason: 'next-occurrence', occurrence: 1 } }]);
    expect(after.reminder(id)).toMatchObject({ status: 'pending', occurrence: 1, due: expected });
  });

  it('a one-off stays fired; a stale delivery does nothing', () => {
    const { chat, id } = withReminder('2026-03-12T07:00:00Z', '2026-03-13T09:00:00+03:00', 'позвонить маме');
    const fired = chat.when(delivered('2026-03-13T09:00:01+03:00', id, 0)).thenNothing();
    expect(fired.reminder(id).status).toBe('fired');
    const { chat: c2, id: r2 } = withReminder('2026-03-12T07:00:00Z', '2026-03-13T09:00:00+03:00', 'зарядка', 'FREQ=DAILY');
    c2.when(delivered('2026-03-13T09:00:01+03:00', r2, 5)).thenNothing();
  });
});
