import { describe, expect, it } from 'vitest';
import { encodeCallbackData } from '../callback-data';
import type { Input, When } from '../testing/decider-specification';
import { callback, CHAT, dataOf, delivered, editOf, emptyChat, message, parsed, spec, types, withReminder } from '../testing/fixtures';
import { MESSAGES_KEPT } from '../state';

describe('correct a wrong parse (✏️)', () => {
  const at = '2026-03-12T07:01:00Z';
  function wrong(due = '2026-03-13T09:00:00+03:00', rrule: string | null = null) {
    const { chat, id } = withReminder('2026-03-12T07:00:00Z', due, 'позвонить маме', rrule);
    const asked = chat
      .when(callback(at, encodeCallbackData({ action: 'wrong', reminderId: id })))
      .then((out) =>
        expect(dataOf(out, 'ClarificationRequested')).toMatchObject({ kind: 'correction', candidates: [{ reminderId: id, text: 'позвонить маме', due }] }),
      );
    expect(asked.state.pending).toMatchObject({ kind: 'correction', reminderId: id });
    return { chat: asked, id };
  }

  it('a new time → ReminderRescheduled edit + FeedbackGiven wrong-time', () => {
    const { chat, id } = wrong();
    const after = chat.when(parsed('2026-03-12T07:02:00Z', { due: '2026-03-13T11:00:00+03:00' })).then((out) => {
      expect(types(out)).toEqual(['ReminderRescheduled', 'FeedbackGiven']);
      expect(dataOf(out, 'ReminderRescheduled')).toEqual({ chatId: CHAT, reminderId: id, due: '2026-03-13T11:00:00+03:00', reason: 'edit', occurrence: 1 });
      expect(dataOf(out, 'FeedbackGiven')).toMatchObject({ reminderId: id, kind: 'wrong-time' });
    });
    expect(after.state.pending).toBeNull();
  });

  it('a new text (the message itself, the parser found no create) → edit with text + wrong-text', () => {
    const { chat, id } = wrong();
    const m = message('2026-03-12T07:02:00Z', 'позвонить папе');
    const after = chat
      .after(m)
      .when(parsed('2026-03-12T07:02:01Z', { intent: 'other', causationId: m.id }))
      .then((out) => {
        expect(types(out)).toEqual(['ReminderRescheduled', 'FeedbackGiven']);
        expect(dataOf(out, 'ReminderRescheduled')).toMatchObject({ reason: 'edit', text: 'позвонить папе', due: '2026-03-13T09:00:00+03:00' });
        expect(dataOf(out, 'FeedbackGiven')).toMatchObject({ kind: 'wrong-text' });
      });
    expect(after.reminder(id).text).toBe('позвонить папе');
  });

  it('both → one edit and both feedbacks; a create without a time answers ✏️, not a new "when?"', () => {
    const { chat } = wrong();
    chat
      .when(parsed('2026-03-12T07:02:00Z', { due: '2026-03-14T10:00:00+03:00', text: 'позвонить папе' }))
      .then((out) => expect(types(out)).toEqual(['ReminderRescheduled', 'FeedbackGiven', 'FeedbackGiven']));
    const { chat: c2, id } = wrong();
    const textOnly = c2
      .when(parsed('2026-03-12T07:02:00Z', { text: 'купить молоко' }))
      .then((out) => expect(dataOf(out, 'ReminderRescheduled')).toMatchObject({ reminderId: id, text: 'купить молоко' }));
    expect(textOnly.state.pending).toBeNull();
  });

  it('a new time of a recurring reminder lands on its rule and re-anchors the series', () => {
    const { chat, id } = wrong('2026-03-16T10:00:00+03:00', 'FREQ=WEEKLY;BYDAY=MO');
    // "в 11" read as today (Thursday) 11:00: the series' next Monday at 11:00.
    const after = chat
      .when(parsed('2026-03-12T07:02:00Z', { due: '2026-03-12T11:00:00+03:00' }))
      .then((out) => expect(dataOf(out, 'ReminderRescheduled').due).toBe('2026-03-16T11:00:00+03:00'));
    expect(after.reminder(id)).toMatchObject({ anchor: '2026-03-16T11:00', wallTime: '11:00', rrule: 'FREQ=WEEKLY;BYDAY=MO' });
  });
});

describe('edited messages', () => {
  const at = '2026-03-12T07:00:00Z';
  const messageIdOf = (m: Input) => (m.data as { messageId: number }).messageId;
  /** The user writes `m`; its parse follows (as inference appends it, caused by the message): all that was decided on both. */
  function say(chat: When, m: Input, p: Parameters<typeof parsed>[1], when = m.occurredAt) {
    const parse = parsed(when, { ...p, causationId: m.id });
    const heard = chat.when(m).then(() => {});
    const after = heard.when(parse).then(() => {});
    return { parse, out: [...heard.events, ...after.events], chat: after };
  }
  function created(text = 'напомни завтра в 9 позвонить маме', due = '2026-03-13T09:00:00+03:00', rrule: string | null = null, what = 'позвонить маме') {
    const m = message(at, text);
    const { parse, out, chat } = say(emptyChat(), m, { due, text: what, rrule });
    expect(types(out)).toEqual(['ReminderScheduled']);
    expect(chat.reminder(parse.id).messageIds).toEqual([messageIdOf(m)]);
    return { chat, m, id: parse.id };
  }

  it('a new time: the reminder is rescheduled (reason edit), no second reminder, no feedback', () => {
    const { chat, m, id } = created();
    const { out, chat: after } = say(chat, editOf('2026-03-12T07:01:00Z', m, 'напомни завтра в 10 позвонить маме'), {
      due: '2026-03-13T10:00:00+03:00',
      text: 'позвонить маме',
    });
    expect(out).toEqual([
      { type: 'ReminderRescheduled', data: { chatId: CHAT, reminderId: id, due: '2026-03-13T10:00:00+03:00', reason: 'edit', occurrence: 1 } },
    ]);
    expect(Object.keys(after.state.reminders)).toEqual([id]);
    expect(after.reminder(id)).toMatchObject({ due: '2026-03-13T10:00:00+03:00', status: 'pending', occurrence: 1 });
  });

  it('a new text only; the same words again change nothing', () => {
    const { chat, m, id } = created();
    const e1 = editOf('2026-03-12T07:01:00Z', m, 'напомни завтра в 9 позвонить папе');
    const first = say(chat, e1, { due: '2026-03-13T09:00:00+03:00', text: 'позвонить папе' });
    expect(first.out).toEqual([
      {
        type: 'ReminderRescheduled',
        data: { chatId: CHAT, reminderId: id, due: '2026-03-13T09:00:00+03:00', reason: 'edit', occurrence: 1, text: 'позвонить папе' },
      },
    ]);
    expect(first.chat.reminder(id).text).toBe('позвонить папе');
    const e2 = editOf('2026-03-12T07:02:00Z', m, 'напомни завтра в 9 позвонить папе ');
    expect(say(first.chat, e2, { due: '2026-03-13T09:00:00+03:00', text: 'позвонить папе' }).out).toEqual([]);
  });

  it('an edit that drops the time changes the text and does not ask "when?"', () => {
    const { chat, m, id } = created();
    const { out, chat: after } = say(chat, editOf('2026-03-12T07:01:00Z', m, 'напомни позвонить бабушке'), { text: 'позвонить бабушке' });
    expect(dataOf(out, 'ReminderRescheduled')).toMatchObject({ reminderId: id, reason: 'edit', text: 'позвонить бабушке', due: '2026-03-13T09:00:00+03:00' });
    expect(after.state.pending).toBeNull();
  });

  it('a recurring reminder: a new rule re-anchors the series; no rule any more makes it a one-off', () => {
    const { chat, m, id } = created('каждый понедельник в 10 отчёт', '2026-03-16T10:00:00+03:00', 'FREQ=WEEKLY;BYDAY=MO', 'отчёт');
    const weekly = say(chat, editOf('2026-03-12T07:01:00Z', m, 'каждый вторник в 11 отчёт'), {
      due: '2026-03-17T11:00:00+03:00',
      text: 'отчёт',
      rrule: 'FREQ=WEEKLY;BYDAY=TU',
    });
    expect(dataOf(weekly.out, 'ReminderRescheduled')).toEqual({
      chatId: CHAT,
      reminderId: id,
      due: '2026-03-17T11:00:00+03:00',
      reason: 'edit',
      occurrence: 1,
      rrule: 'FREQ=WEEKLY;BYDAY=TU',
    });
    expect(weekly.chat.reminder(id)).toMatchObject({ rrule: 'FREQ=WEEKLY;BYDAY=TU', anchor: '2026-03-17T11:00', wallTime: '11:00' });
    const once = say(weekly.chat, editOf('2026-03-12T07:02:00Z', m, 'во вторник в 11 отчёт'), { due: '2026-03-17T11:00:00+03:00', text: 'отчёт' });
    expect(dataOf(once.out, 'ReminderRescheduled')).toMatchObject({ rrule: null, due: '2026-03-17T11:00:00+03:00' });
    expect(once.chat.reminder(id)).toMatchObject({ rrule: null, anchor: null, wallTime: null });
  });

  it('an edit of a message that made nothing reads like a new message; a further edit changes what that one made', () => {
    const m = message(at, 'привет');
    const hello = say(emptyChat(), m, { intent: 'other' });
    expect(hello.out).toEqual([]);
    const first = say(hello.chat, editOf('2026-03-12T07:01:00Z', m, 'напомни завтра в 9 позвонить маме'), {
      due: '2026-03-13T09:00:00+03:00',
      text: 'позвонить маме',
    });
    expect(dataOf(first.out, 'ReminderScheduled')).toMatchObject({ reminderId: first.parse.id, text: 'позвонить маме' });
    const second = say(first.chat, editOf('2026-03-12T07:02:00Z', m, 'напомни завтра в 8 позвонить маме'), {
      due: '2026-03-13T08:00:00+03:00',
      text: 'позвонить маме',
    });
    expect(second.out).toEqual([
      { type: 'ReminderRescheduled', data: { chatId: CHAT, reminderId: first.parse.id, due: '2026-03-13T08:00:00+03:00', reason: 'edit', occurrence: 1 } },
    ]);
    expect(Object.keys(second.chat.state.reminders)).toEqual([first.parse.id]);
  });

  it('an edit of a request without a time, still waiting for "when?", reads like a new message', () => {
    const m = message(at, 'купить хлеб');
    const asked = say(emptyChat(), m, { text: 'купить хлеб' });
    expect(asked.chat.state.pending).toMatchObject({ kind: 'time', text: 'купить хлеб' });
    const { parse, out, chat } = say(asked.chat, editOf('2026-03-12T07:01:00Z', m, 'купить хлеб в 18'), {
      due: '2026-03-12T18:00:00+03:00',
      text: 'купить хлеб',
    });
    expect(dataOf(out, 'ReminderScheduled')).toMatchObject({ reminderId: parse.id, text: 'купить хлеб' });
    expect(chat.state.pending).toBeNull();
  });

  it('the time given after "when?" and the request both belong to the reminder: editing either changes it', () => {
    const request = message(at, 'купить хлеб');
    const asked = say(emptyChat(), request, { text: 'купить хлеб' });
    const answer = message('2026-03-12T07:00:30Z', 'в 18');
    const answered = say(asked.chat, answer, { intent: 'other', due: '2026-03-12T18:00:00+03:00' });
    expect(types(answered.out)).toEqual(['ReminderScheduled']);
    const id = asked.parse.id;
    expect(answered.chat.reminder(id).messageIds).toEqual([messageIdOf(request), messageIdOf(answer)]);
    const t = say(answered.chat, editOf('2026-03-12T07:01:00Z', answer, 'в 19'), { intent: 'other', due: '2026-03-12T19:00:00+03:00' });
    expect(t.out).toEqual([
      { type: 'ReminderRescheduled', data: { chatId: CHAT, reminderId: id, due: '2026-03-12T19:00:00+03:00', reason: 'edit', occurrence: 1 } },
    ]);
    const x = say(t.chat, editOf('2026-03-12T07:02:00Z', request, 'купить молоко'), { text: 'купить молоко' });
    expect(dataOf(x.out, 'ReminderRescheduled')).toMatchObject({ reminderId: id, text: 'купить молоко', due: '2026-03-12T19:00:00+03:00' });
  });

  it('an edit after the reminder was cancelled or done does nothing (and creates nothing)', () => {
    const { chat, m, id } = created();
    const cancelled = chat.after(callback('2026-03-12T07:00:30Z', encodeCallbackData({ action: 'cancel', reminderId: id })));
    expect(cancelled.reminder(id).status).toBe('cancelled');
    const late = say(cancelled, editOf('2026-03-12T07:01:00Z', m, 'напомни завтра в 10 позвонить маме'), {
      due: '2026-03-13T10:00:00+03:00',
      text: 'позвонить маме',
    });
    expect(late.out).toEqual([]);
    expect(late.chat.state.pending).toBeNull();
    const done = created();
    const finished = done.chat.after(
      delivered('2026-03-13T09:00:01+03:00', done.id, 0),
      callback('2026-03-13T09:01:00+03:00', encodeCallbackData({ action: 'done', reminderId: done.id })),
    );
    expect(finished.reminder(done.id).status).toBe('done');
    const afterDone = say(finished, editOf('2026-03-13T09:02:00+03:00', done.m, 'напомни завтра в 10 позвонить маме'), {
      due: '2026-03-14T10:00:00+03:00',
      text: 'позвонить маме',
    });
    expect(afterDone.out).toEqual([]);
    expect(Object.keys(afterDone.chat.state.reminders)).toEqual([done.id]);
  });

  it('a fired one-off: a new time arms it again; a new text alone changes nothing', () => {
    const { chat, m, id } = created();
    const fired = chat.after(delivered('2026-03-13T09:00:01+03:00', id, 0));
    const armed = say(fired, editOf('2026-03-13T09:01:00+03:00', m, 'напомни завтра в 9 позвонить папе'), {
      due: '2026-03-14T09:00:00+03:00',
      text: 'позвонить маме',
    });
    expect(armed.out).toHaveLength(1);
    expect(armed.chat.reminder(id)).toMatchObject({ status: 'pending', due: '2026-03-14T09:00:00+03:00' });
    const firedAgain = armed.chat.after(delivered('2026-03-14T09:00:01+03:00', id, 1));
    expect(say(firedAgain, editOf('2026-03-14T09:01:00+03:00', m, 'напомни в 9 позвонить папе'), { text: 'позвонить папе' }).out).toEqual([]);
  });

  it('an edit while ✏️ waits for another reminder changes the edited one; ✏️ still waits', () => {
    const { chat, m, id } = created();
    const other = parsed(at, { due: '2026-03-14T09:00:00+03:00', text: 'отчёт' });
    const correcting = chat.after(other, callback('2026-03-12T07:00:30Z', encodeCallbackData({ action: 'wrong', reminderId: other.id })));
    const { out, chat: after } = say(correcting, editOf('2026-03-12T07:01:00Z', m, 'напомни завтра в 10 позвонить маме'), {
      due: '2026-03-13T10:00:00+03:00',
      text: 'позвонить маме',
    });
    expect(types(out)).toEqual(['ReminderRescheduled']);
    expect(dataOf(out, 'ReminderRescheduled').reminderId).toBe(id);
    expect(after.state.pending).toMatchObject({ kind: 'correction', reminderId: other.id });
  });

  it('an edit that now asks something else (cancel) reads like a new message', () => {
    const { chat, m, id } = created();
    const { out } = say(chat, editOf('2026-03-12T07:01:00Z', m, 'отмени про маму'), { intent: 'cancel', text: 'про маму' });
    expect(out).toEqual([{ type: 'ReminderCancelled', data: { chatId: CHAT, reminderId: id, reason: 'words' } }]);
  });

  it('the state stays bounded and plain JSON; a state saved before these fields still folds', () => {
    let chat = emptyChat();
    for (let i = 0; i < MESSAGES_KEPT + 20; i++) chat = say(chat, message(at, `привет ${i}`), { intent: 'other' }).chat;
    expect(chat.state.messages).toHaveLength(MESSAGES_KEPT);
    expect(JSON.parse(JSON.stringify(chat.state))).toEqual(chat.state);
    // A state persisted before it knew messages (the projector keeps its own): no crash, no match.
    const { chat: old, m, id } = created();
    const { messages: _m, ...rest } = old.state;
    const saved = spec.givenState({ ...rest, reminders: { [id]: { ...old.reminder(id), messageIds: undefined } } });
    const e = editOf('2026-03-12T07:01:00Z', m, 'напомни завтра в 10 позвонить маме');
    const p2 = say(saved, e, { due: '2026-03-13T10:00:00+03:00', text: 'позвонить маме' });
    // The old reminder is not linked to its message: the edit reads like a new message.
    expect(types(p2.out)).toEqual(['ReminderScheduled']);
  });
});
