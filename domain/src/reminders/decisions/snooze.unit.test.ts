import { describe, expect, it } from 'vitest';
import { encodeCallbackData } from '../callback-data';
import { callback, dataOf, delivered, emptyChat, MSK, parsed, same, types, withReminder } from '../testing/fixtures';

describe('snooze', () => {
  /** A one-off reminder due 09:00 MSK, delivered at 09:00:05. */
  function fired(timezone = MSK, due = '2026-03-13T09:00:00+03:00') {
    const { chat, id } = withReminder('2026-03-12T07:00:00Z', due, 'позвонить маме', null, timezone);
    const after = chat.after(delivered(due.replace(':00+', ':05+'), id, 0));
    expect(after.reminder(id).status).toBe('fired');
    expect(after.state.lastFired).toEqual({ reminderId: id, occurrence: 0 });
    return { chat: after, id };
  }
  const now = '2026-03-13T09:02:00+03:00';

  it.each([
    ['💤 10 min', 's10', '2026-03-13T09:12:00+03:00'],
    ['💤 1 h', 's1h', '2026-03-13T10:02:00+03:00'],
    ['💤 tomorrow: 09:00 in the chat zone', 'stm', '2026-03-14T09:00:00+03:00'],
    ['"отложи на полчаса" (a parsed time)', 'until', '2026-03-13T09:32:00+03:00'],
    ['"отложи" (no time): 10 min', 'bare', '2026-03-13T09:12:00+03:00'],
  ])('%s → ReminderRescheduled snooze, next occurrence', (_w, kind, expected) => {
    const { chat, id } = fired();
    const by = { s10: '10m', s1h: '1h', stm: 'tomorrow' } as const;
    const input =
      kind in by
        ? callback(now, encodeCallbackData({ action: 'snooze', by: by[kind as keyof typeof by], reminderId: id, occurrence: 0 }))
        : kind === 'until'
          ? parsed(now, { intent: 'snooze', due: '2026-03-13T09:32:00+03:00' })
          : parsed(now, { intent: 'snooze' });
    const after = chat.when(input).then((out) => {
      expect(types(out)).toEqual(['ReminderRescheduled']);
      const d = dataOf(out, 'ReminderRescheduled');
      expect(d).toMatchObject({ reminderId: id, reason: 'snooze', occurrence: 1 });
      same(d.due, expected);
    });
    expect(after.reminder(id)).toMatchObject({ status: 'pending', occurrence: 1 });
    // The same button again (double tap) does nothing.
    if (kind in by) after.when(callback(now, encodeCallbackData({ action: 'snooze', by: '10m', reminderId: id, occurrence: 0 }))).thenNothing();
  });

  it('tomorrow 09:00 across the DST change (Berlin)', () => {
    const { chat, id } = fired('Europe/Berlin', '2026-03-28T20:00:00+01:00');
    chat
      .when(callback('2026-03-28T20:01:00+01:00', encodeCallbackData({ action: 'snooze', by: 'tomorrow', reminderId: id })))
      .then((out) => expect(dataOf(out, 'ReminderRescheduled').due).toBe('2026-03-29T09:00:00+02:00'));
  });

  it('a button of an older delivery does nothing; nothing fired → "отложи" does nothing', () => {
    const { chat, id } = fired();
    chat.when(callback(now, encodeCallbackData({ action: 'snooze', by: '10m', reminderId: id, occurrence: 7 }))).thenNothing();
    emptyChat()
      .when(parsed(now, { intent: 'snooze' }))
      .thenNothing();
  });

  it('a snoozed reminder fires again under a new key and can be snoozed again', () => {
    const { chat, id } = fired();
    const again = chat.after(
      callback(now, encodeCallbackData({ action: 'snooze', by: '10m', reminderId: id, occurrence: 0 })),
      delivered('2026-03-13T09:12:01+03:00', id, 1),
    );
    expect(again.reminder(id)).toMatchObject({ status: 'fired', occurrence: 1 });
    again
      .when(callback('2026-03-13T09:13:00+03:00', encodeCallbackData({ action: 'snooze', by: '1h', reminderId: id, occurrence: 1 })))
      .then((out) => expect(dataOf(out, 'ReminderRescheduled')).toMatchObject({ occurrence: 2, due: '2026-03-13T10:13:00+03:00' }));
  });

  it('a snoozed recurring occurrence fires at the snooze time, then the series goes on', () => {
    const { chat, id } = withReminder('2026-03-12T07:00:00Z', '2026-03-13T09:00:00+03:00', 'зарядка', 'FREQ=DAILY');
    const moved = chat.after(delivered('2026-03-13T09:00:02+03:00', id, 0));
    expect(moved.reminder(id)).toMatchObject({ status: 'pending', occurrence: 1, due: '2026-03-14T09:00:00+03:00' });
    moved
      .when(callback('2026-03-13T09:01:00+03:00', encodeCallbackData({ action: 'snooze', by: '1h', reminderId: id, occurrence: 0 })))
      .then((s) => expect(dataOf(s, 'ReminderRescheduled')).toMatchObject({ reason: 'snooze', occurrence: 2, due: '2026-03-13T10:01:00+03:00' }))
      .when(delivered('2026-03-13T10:01:03+03:00', id, 2))
      .then((next) =>
        expect(dataOf(next, 'ReminderRescheduled')).toMatchObject({ reason: 'next-occurrence', occurrence: 3, due: '2026-03-14T09:00:00+03:00' }),
      );
  });

  it('"until" without the time is no command (the schema refuses it)', () => {
    emptyChat()
      .when({ id: 'x', now, type: 'snooze', reminderId: null, by: 'until' })
      .thenThrows((e) => expect(String(e)).toContain('snooze until needs until'));
  });
});

describe('a press that beats the sender’s ReminderDelivered into the stream', () => {
  const due = '2026-03-13T09:00:00+03:00';
  const snooze = (id: string) => callback('2026-03-13T09:00:03+03:00', encodeCallbackData({ action: 'snooze', by: '10m', reminderId: id, occurrence: 0 }));

  it('💤 still snoozes, once: the ReminderDelivered that follows does not make its button live again', () => {
    const { chat, id } = withReminder('2026-03-12T07:00:00Z', due, 'позвонить маме');
    const after = chat
      .when(snooze(id))
      .then((out) => expect(types(out)).toEqual(['ReminderRescheduled']))
      .after(delivered('2026-03-13T09:00:04+03:00', id, 0));
    expect(after.reminder(id)).toMatchObject({ status: 'pending', occurrence: 1 });
    after.when(snooze(id)).thenNothing();
  });

  it('a button of an occurrence not fired yet does nothing', () => {
    const { chat, id } = withReminder('2026-03-12T07:00:00Z', due, 'позвонить маме');
    chat.when(callback('2026-03-13T09:00:03+03:00', encodeCallbackData({ action: 'snooze', by: '10m', reminderId: id, occurrence: 1 }))).thenNothing();
  });
});
