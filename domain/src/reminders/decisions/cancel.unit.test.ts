import { describe, expect, it } from 'vitest';
import { encodeCallbackData } from '../callback-data';
import { callback, CHAT, dataOf, emptyChat, message, MSK, parsed, spec, types, withReminder } from '../testing/fixtures';

describe('cancel', () => {
  function three() {
    const ids: string[] = [];
    const inputs = (
      [
        ['позвонить маме', '2026-03-13T09:00:00+03:00'],
        ['купить маме цветы', '2026-03-14T09:00:00+03:00'],
        ['отчёт начальнику', '2026-03-15T09:00:00+03:00'],
      ] as const
    ).map(([text, due]) => {
      const p = parsed('2026-03-12T07:00:00Z', { due, text });
      ids.push(p.id);
      return p;
    });
    return { chat: emptyChat().after(...inputs), ids };
  }
  const at = '2026-03-12T08:00:00Z';

  it.each([
    ['one match, another word form', 'позвонить маму', 0],
    ['one match, best score wins', 'позвони маме', 0],
    ['one match, ё and case', 'Отчет', 2],
    ['one match, prefix of a longer form', 'цветов', 1],
  ])('%s → ReminderCancelled', (_w, words, which) => {
    const { chat, ids } = three();
    const after = chat
      .when(parsed(at, { intent: 'cancel', text: words }))
      .then([{ type: 'ReminderCancelled', data: { chatId: CHAT, reminderId: ids[which]!, reason: 'words' } }]);
    expect(after.reminder(ids[which]!).status).toBe('cancelled');
  });

  it('"/cancel <words>" cancels by those words (commands are not parsed); a bare /cancel asks the domain nothing', () => {
    const { chat, ids } = three();
    chat
      .when(message(at, '/cancel'))
      .thenNothing()
      .when(message(at, '/cancel@napominalka_bot отчет'))
      .then([{ type: 'ReminderCancelled', data: { chatId: CHAT, reminderId: ids[2]!, reason: 'words' } }])
      .when(message(at, '/cancel про маму'))
      .then((out) => expect(types(out)).toEqual(['ClarificationRequested']));
  });

  it('several matches → a question with the candidates; a pick cancels that one', () => {
    const { chat, ids } = three();
    const asked = chat.when(parsed(at, { intent: 'cancel', text: 'про маму' })).then((out) => {
      expect(types(out)).toEqual(['ClarificationRequested']);
      const q = dataOf(out, 'ClarificationRequested');
      expect(q).toMatchObject({ kind: 'cancel', options: ['позвонить маме', 'купить маме цветы'] });
      expect(q.candidates.map((c) => c.reminderId)).toEqual([ids[0], ids[1]]);
    });
    expect(asked.state.pending).toEqual({ kind: 'cancel', candidates: [ids[0], ids[1]], askedAt: at });
    const picked = asked
      .when(callback('2026-03-12T08:01:00Z', encodeCallbackData({ action: 'pick', reminderId: ids[1]! })))
      .then([{ type: 'ReminderCancelled', data: { chatId: CHAT, reminderId: ids[1]!, reason: 'picked' } }]);
    expect(picked.state.pending).toBeNull();
  });

  it('no match → a no-match question; cancelled reminders never match', () => {
    const { chat, ids } = three();
    chat
      .when(parsed(at, { intent: 'cancel', text: 'про собаку' }))
      .then((none) => expect(dataOf(none, 'ClarificationRequested')).toMatchObject({ kind: 'no-match', candidates: [] }))
      .after(callback(at, encodeCallbackData({ action: 'cancel', reminderId: ids[2]! })))
      .when(parsed(at, { intent: 'cancel', text: 'отчёт' }))
      .then((out) => expect(dataOf(out, 'ClarificationRequested').kind).toBe('no-match'));
  });

  it('by id (❌): cancelled; a second ❌ changes nothing', () => {
    const { chat, ids } = three();
    const cb = encodeCallbackData({ action: 'cancel', reminderId: ids[0]! });
    chat
      .when(callback(at, cb))
      .then([{ type: 'ReminderCancelled', data: { chatId: CHAT, reminderId: ids[0]!, reason: 'button' } }])
      .when(callback(at, cb))
      .thenNothing();
  });

  it('no words at all and one reminder → that one', () => {
    const { chat, id } = withReminder('2026-03-12T07:00:00Z', '2026-03-13T09:00:00+03:00', 'позвонить маме');
    chat.when(parsed(at, { intent: 'cancel', text: null })).then([{ type: 'ReminderCancelled', data: { chatId: CHAT, reminderId: id, reason: 'words' } }]);
  });
});

describe('cancel, given the events alone', () => {
  const scheduled = {
    type: 'ReminderScheduled',
    data: { chatId: CHAT, reminderId: 'r1', text: 'чайник', due: '2026-03-12T10:30:00+03:00', rrule: null, timezone: MSK },
  };
  const cancel = { id: 'c1', now: '2026-03-12T08:00:00Z', type: 'cancel', reminderId: 'r1', via: 'button' } as const;

  it('❌ of a live reminder cancels it; of a cancelled one, or one never made, decides nothing', () => {
    spec
      .given([scheduled])
      .when(cancel)
      .then([{ type: 'ReminderCancelled', data: { chatId: CHAT, reminderId: 'r1', reason: 'button' } }]);
    spec
      .given([scheduled, { type: 'ReminderCancelled', data: { chatId: CHAT, reminderId: 'r1', reason: 'words' } }])
      .when(cancel)
      .thenNothing();
    spec.given([]).when(cancel).thenNothing();
  });
});
