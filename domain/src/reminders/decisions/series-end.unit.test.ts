import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { encodeCallbackData } from '../callback-data';
import { remainingOccurrences } from '../series-end';
import type { When } from '../testing/decider-specification';
import { callback, CHAT, dataOf, delivered, failed, message, parsed, types, withReminder } from '../testing/fixtures';

/** Recurrences that end (rule 19: COUNT, UNTIL) and ordinal weekdays of the month (rule 18), through the decider. */

const later = (iso: string, seconds: number) => DateTime.fromISO(iso, { setZone: true }).plus({ seconds }).toISO()!;

/** The scheduler fires the reminder's current due and the sender delivers it 2 s later; returns what was decided. */
function deliverDue(chat: When, id: string) {
  const r = chat.reminder(id);
  return chat.when(delivered(later(r.due, 2), id, r.occurrence)).then(() => {});
}

/** Delivers every occurrence while the series lives: the dues delivered, in order, and the chat after the last. */
function runOut(chat: When, id: string, max = 20) {
  const dues: string[] = [];
  let c = chat;
  while (c.reminder(id).status === 'pending' && dues.length < max) {
    dues.push(c.reminder(id).due);
    c = deliverDue(c, id);
  }
  return { dues, chat: c };
}

describe('COUNT: the series ends after its last occurrence', () => {
  it('daily COUNT=3 fires 3 times, then the reminder is done (not rescheduled)', () => {
    const { chat, id } = withReminder('2026-03-12T07:00:00Z', '2026-03-13T09:00:00+03:00', 'таблетки', 'FREQ=DAILY;COUNT=3');
    expect(remainingOccurrences(chat.reminder(id))).toBe(3);
    const second = deliverDue(deliverDue(chat, id), id);
    expect(second.reminder(id)).toMatchObject({ status: 'pending', due: '2026-03-15T09:00:00+03:00' });
    expect(remainingOccurrences(second.reminder(id))).toBe(1);
    const last = second
      .when(delivered('2026-03-15T09:00:02+03:00', id, 2))
      .then([{ type: 'ReminderCompleted', data: { chatId: CHAT, reminderId: id, scope: 'reminder', reason: 'series-ended' } }]);
    expect(last.reminder(id).status).toBe('done');
    expect(Object.values(last.state.reminders).filter((r) => r.status === 'pending')).toEqual([]);
  });

  it('the last occurrence can still be snoozed: it fires once more, then the series is done again', () => {
    const { chat, id } = withReminder('2026-03-12T07:00:00Z', '2026-03-13T09:00:00+03:00', 'таблетки', 'FREQ=DAILY;COUNT=2');
    const ended = runOut(chat, id).chat;
    expect(ended.reminder(id)).toMatchObject({ status: 'done', occurrence: 1 });
    const snooze = (occurrence: number) =>
      callback('2026-03-14T09:01:00+03:00', encodeCallbackData({ action: 'snooze', by: '10m', reminderId: id, occurrence }));
    const again = ended
      .when(snooze(1))
      .then((out) => expect(dataOf(out, 'ReminderRescheduled')).toMatchObject({ reason: 'snooze', due: '2026-03-14T09:11:00+03:00', occurrence: 2 }));
    expect(again.reminder(id).status).toBe('pending');
    // The same button again does nothing; the snoozed firing ends the series again.
    again.when(snooze(1)).thenNothing();
    const done = again
      .when(delivered('2026-03-14T09:11:02+03:00', id, 2))
      .then([{ type: 'ReminderCompleted', data: { chatId: CHAT, reminderId: id, scope: 'reminder', reason: 'series-ended' } }]);
    expect(done.reminder(id).status).toBe('done');
    // ✅ of that last delivery answers it; then 💤 of it does nothing.
    const answered = done
      .when(callback('2026-03-14T09:12:00+03:00', encodeCallbackData({ action: 'done', reminderId: id, occurrence: 2 })))
      .then([{ type: 'ReminderCompleted', data: { chatId: CHAT, reminderId: id, scope: 'reminder', occurrence: 2, reason: 'user' } }]);
    expect(answered.reminder(id)).toMatchObject({ status: 'done', lastDelivery: { occurrence: 2, acknowledged: true } });
    answered.when(callback('2026-03-14T09:13:00+03:00', encodeCallbackData({ action: 'snooze', by: '10m', reminderId: id, occurrence: 2 }))).thenNothing();
    answered.when(parsed('2026-03-14T09:13:00+03:00', { intent: 'snooze' })).thenNothing();
  });

  it('a one-off done by ✅ still cannot be snoozed', () => {
    const { chat, id } = withReminder('2026-03-12T07:00:00Z', '2026-03-13T09:00:00+03:00', 'позвонить');
    chat
      .after(
        delivered('2026-03-13T09:00:01+03:00', id, 0),
        callback('2026-03-13T09:01:00+03:00', encodeCallbackData({ action: 'done', reminderId: id, occurrence: 0 })),
      )
      .when(callback('2026-03-13T09:02:00+03:00', encodeCallbackData({ action: 'snooze', by: '10m', reminderId: id, occurrence: 0 })))
      .thenNothing();
  });

  it('every 2 hours 4 times: four firings two hours apart', () => {
    const { chat, id } = withReminder(
      '2026-05-16T06:30:00Z',
      '2026-05-16T13:30:00+05:00',
      'температура',
      'FREQ=HOURLY;INTERVAL=2;COUNT=4',
      'Asia/Yekaterinburg',
    );
    const { dues, chat: after } = runOut(chat, id);
    expect(dues).toEqual(['2026-05-16T13:30:00+05:00', '2026-05-16T15:30:00+05:00', '2026-05-16T17:30:00+05:00', '2026-05-16T19:30:00+05:00']);
    expect(after.reminder(id).status).toBe('done');
  });

  it('a snooze inside the series neither adds an occurrence nor loses one', () => {
    const { chat, id } = withReminder('2026-03-12T07:00:00Z', '2026-03-13T09:00:00+03:00', 'зарядка', 'FREQ=DAILY;COUNT=3');
    const snoozed = deliverDue(chat, id)
      .when(callback('2026-03-13T09:01:00+03:00', encodeCallbackData({ action: 'snooze', by: '1h', reminderId: id, occurrence: 0 })))
      .then((out) => expect(dataOf(out, 'ReminderRescheduled')).toMatchObject({ reason: 'snooze', due: '2026-03-13T10:01:00+03:00' }));
    // The snoozed firing repeats the first occurrence: two are still to come.
    expect(remainingOccurrences(snoozed.reminder(id))).toBe(2);
    const back = snoozed
      .when(delivered('2026-03-13T10:01:02+03:00', id, 2))
      .then((out) => expect(dataOf(out, 'ReminderRescheduled')).toMatchObject({ reason: 'next-occurrence', due: '2026-03-14T09:00:00+03:00' }));
    const { dues, chat: after } = runOut(back, id);
    expect(dues).toEqual(['2026-03-14T09:00:00+03:00', '2026-03-15T09:00:00+03:00']);
    expect(after.reminder(id).status).toBe('done');
  });

  it('a snooze of a later occurrence (pressed after the series moved on) keeps the count too', () => {
    const { chat, id } = withReminder('2026-03-12T07:00:00Z', '2026-03-13T09:00:00+03:00', 'зарядка', 'FREQ=DAILY;COUNT=2');
    const snoozed = deliverDue(chat, id).after(parsed('2026-03-13T09:30:00+03:00', { intent: 'snooze', due: '2026-03-13T12:00:00+03:00' }));
    expect(snoozed.reminder(id)).toMatchObject({ status: 'pending', due: '2026-03-13T12:00:00+03:00' });
    const { dues, chat: after } = runOut(snoozed, id);
    expect(dues).toEqual(['2026-03-13T12:00:00+03:00', '2026-03-14T09:00:00+03:00']);
    expect(after.reminder(id).status).toBe('done');
  });

  it('a correction of the time keeps the occurrences left: 5 times, 2 fired, moved to 10:00 → 3 more at 10:00', () => {
    const { chat, id } = withReminder('2026-03-12T07:00:00Z', '2026-03-13T09:00:00+03:00', 'витамины', 'FREQ=DAILY;COUNT=5');
    const twice = deliverDue(deliverDue(chat, id), id);
    const corrected = twice
      .after(callback('2026-03-14T12:00:00+03:00', encodeCallbackData({ action: 'wrong', reminderId: id })))
      .when(parsed('2026-03-14T12:01:00+03:00', { due: '2026-03-15T10:00:00+03:00' }))
      .then((out) => {
        expect(types(out)).toEqual(['ReminderRescheduled', 'FeedbackGiven']);
        expect(dataOf(out, 'ReminderRescheduled')).toMatchObject({ reason: 'edit', due: '2026-03-15T10:00:00+03:00' });
      });
    expect(corrected.reminder(id)).toMatchObject({ anchor: '2026-03-15T10:00', countedBefore: 2, rrule: 'FREQ=DAILY;COUNT=5' });
    expect(remainingOccurrences(corrected.reminder(id))).toBe(3);
    const { dues, chat: after } = runOut(corrected, id);
    expect(dues).toEqual(['2026-03-15T10:00:00+03:00', '2026-03-16T10:00:00+03:00', '2026-03-17T10:00:00+03:00']);
    expect(after.reminder(id).status).toBe('done');
  });

  it('a new rule given in a correction starts with its own COUNT', () => {
    const { chat, id } = withReminder('2026-03-12T07:00:00Z', '2026-03-13T09:00:00+03:00', 'витамины', 'FREQ=DAILY;COUNT=5');
    const corrected = deliverDue(chat, id)
      .after(callback('2026-03-13T12:00:00+03:00', encodeCallbackData({ action: 'wrong', reminderId: id })))
      .after(parsed('2026-03-13T12:01:00+03:00', { due: '2026-03-14T09:00:00+03:00', rrule: 'FREQ=DAILY;COUNT=2' }));
    expect(remainingOccurrences(corrected.reminder(id))).toBe(2);
    expect(runOut(corrected, id).dues).toEqual(['2026-03-14T09:00:00+03:00', '2026-03-15T09:00:00+03:00']);
  });
});

describe('UNTIL: no occurrence after the end of the end date, in the user’s zone', () => {
  it('weekly on Mondays until Monday 23 March (inclusive): three Mondays, then done', () => {
    // UNTIL as the parser writes it: 23 March 23:59:59 Moscow in UTC.
    const { chat, id } = withReminder('2026-03-05T07:00:00Z', '2026-03-09T10:00:00+03:00', 'планёрка', 'FREQ=WEEKLY;BYDAY=MO;UNTIL=20260323T205959Z');
    expect(remainingOccurrences(chat.reminder(id))).toBeNull();
    const { dues, chat: after } = runOut(chat, id);
    expect(dues).toEqual(['2026-03-09T10:00:00+03:00', '2026-03-16T10:00:00+03:00', '2026-03-23T10:00:00+03:00']);
    expect(after.reminder(id).status).toBe('done');
  });

  it('the end date counts to its last minute: daily at 22:30 until 20 December fires on the 20th (Moscow)', () => {
    const { chat, id } = withReminder('2026-12-17T07:00:00Z', '2026-12-18T22:30:00+03:00', 'антибиотик', 'FREQ=DAILY;UNTIL=20261220T205959Z');
    expect(runOut(chat, id).dues).toEqual(['2026-12-18T22:30:00+03:00', '2026-12-19T22:30:00+03:00', '2026-12-20T22:30:00+03:00']);
  });

  it('west of UTC the end instant falls on the next UTC day: daily at 02:00 until 20 March ends on the 20th (New York, into DST)', () => {
    const { chat, id } = withReminder('2026-03-06T12:00:00Z', '2026-03-07T02:00:00-05:00', 'пролив', 'FREQ=DAILY;UNTIL=20260321T035959Z', 'America/New_York');
    const { dues, chat: after } = runOut(chat, id);
    expect(dues[0]).toBe('2026-03-07T02:00:00-05:00');
    // 8 March 02:00 does not exist (clocks go forward): that day it fires at 03:00 EDT.
    expect(dues[1]).toBe('2026-03-08T03:00:00-04:00');
    expect(dues.at(-1)).toBe('2026-03-20T02:00:00-04:00');
    expect(dues).toHaveLength(14);
    expect(after.reminder(id).status).toBe('done');
  });

  it('a paused series whose end passed meanwhile is finished when the user is back, not resumed', () => {
    const { chat, id } = withReminder('2026-03-12T07:00:00Z', '2026-03-13T09:00:00+03:00', 'зарядка', 'FREQ=DAILY;UNTIL=20260315T205959Z');
    chat
      .after(failed('2026-03-13T09:00:05+03:00', id, 0, true))
      .when(message('2026-03-20T10:00:00+03:00', '/start'))
      .then((out) => {
        expect(types(out)).toEqual(['ChatSettingsChanged', 'ReminderCompleted']);
        expect(dataOf(out, 'ReminderCompleted')).toMatchObject({ reminderId: id, scope: 'reminder', reason: 'series-ended' });
      });
  });
});

describe('ordinal weekdays of the month (BYDAY=1FR, -1FR), across months', () => {
  it('the last Friday: 5 Fridays in May 2026 (the 29th), four in February, across DST (Berlin)', () => {
    const { chat, id } = withReminder('2026-01-20T12:00:00Z', '2026-01-30T18:00:00+01:00', 'отчёт', 'FREQ=MONTHLY;BYDAY=-1FR', 'Europe/Berlin');
    expect(runOut(chat, id, 5).dues).toEqual([
      '2026-01-30T18:00:00+01:00',
      '2026-02-27T18:00:00+01:00',
      '2026-03-27T18:00:00+01:00',
      '2026-04-24T18:00:00+02:00',
      '2026-05-29T18:00:00+02:00',
    ]);
  });

  it('the last Friday of February in a leap year (2028: the 25th; Feb 29 is a Tuesday), then March after the DST change', () => {
    const { chat, id } = withReminder('2028-01-20T12:00:00Z', '2028-01-28T09:00:00+01:00', 'аренда', 'FREQ=MONTHLY;BYDAY=-1FR', 'Europe/Berlin');
    expect(runOut(chat, id, 3).dues).toEqual(['2028-01-28T09:00:00+01:00', '2028-02-25T09:00:00+01:00', '2028-03-31T09:00:00+02:00']);
  });

  it('the first Friday: March, April (after the DST change), May 1st, June (Berlin)', () => {
    const { chat, id } = withReminder('2026-03-01T12:00:00Z', '2026-03-06T09:00:00+01:00', 'планирование', 'FREQ=MONTHLY;BYDAY=1FR', 'Europe/Berlin');
    expect(runOut(chat, id, 4).dues).toEqual([
      '2026-03-06T09:00:00+01:00',
      '2026-04-03T09:00:00+02:00',
      '2026-05-01T09:00:00+02:00',
      '2026-06-05T09:00:00+02:00',
    ]);
  });

  it('the fifth Friday only in months that have one; the first Sunday of November at 01:30 in New York is the EDT one', () => {
    const { chat, id } = withReminder('2026-05-01T12:00:00Z', '2026-05-29T12:00:00+03:00', 'пятая пятница', 'FREQ=MONTHLY;BYDAY=5FR');
    expect(runOut(chat, id, 3).dues).toEqual(['2026-05-29T12:00:00+03:00', '2026-07-31T12:00:00+03:00', '2026-10-30T12:00:00+03:00']);
    const ny = withReminder('2026-10-01T12:00:00Z', '2026-10-04T01:30:00-04:00', 'бэкап', 'FREQ=MONTHLY;BYDAY=1SU', 'America/New_York');
    expect(runOut(ny.chat, ny.id, 3).dues).toEqual(['2026-10-04T01:30:00-04:00', '2026-11-01T01:30:00-04:00', '2026-12-06T01:30:00-05:00']);
  });

  it('the last Friday with a COUNT: three months, then done', () => {
    const { chat, id } = withReminder('2026-05-01T12:00:00Z', '2026-05-29T09:00:00+03:00', 'взносы', 'FREQ=MONTHLY;BYDAY=-1FR;COUNT=3');
    const { dues, chat: after } = runOut(chat, id);
    expect(dues).toEqual(['2026-05-29T09:00:00+03:00', '2026-06-26T09:00:00+03:00', '2026-07-31T09:00:00+03:00']);
    expect(after.reminder(id).status).toBe('done');
  });
});
