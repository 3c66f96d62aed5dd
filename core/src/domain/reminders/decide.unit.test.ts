import { describe, expect, it } from 'vitest';
import { commandFor } from '../command-for';
import type { Command } from './commands';
import { decide } from './decide';
import type { DomainEvent, StreamEvent } from './events';
import { stateFor } from '../fold';
import { evolve, evolveAll } from './evolve';
import { initialState, MESSAGES_KEPT, type ChatState } from './state';
import { encodeCallbackData } from '../callback-data';

const CHAT = 42;
const MSK = 'Europe/Moscow';
let seq = 0;
const newId = () => `00000000-0000-7000-8000-${String(++seq).padStart(12, '0')}`;
type Input = StreamEvent & { id: string; occurredAt: string };

/** One chat driven like the handler does: evolve the input, map it to a command, decide, evolve. */
class Chat {
  state: ChatState;
  constructor(timezone = MSK) {
    this.state = initialState({ chatId: CHAT, timezone });
  }
  /** Feeds an input event; returns what the domain decided. */
  feed(e: Input): DomainEvent[] {
    this.state = evolve(this.state, e);
    const cmd = commandFor(e, this.state);
    return cmd ? this.run(cmd) : [];
  }
  run(cmd: Command): DomainEvent[] {
    const out = decide(cmd, this.state);
    this.state = evolveAll(
      this.state,
      out.map((ev) => ({ ...ev, id: newId(), occurredAt: cmd.now, metadata: { causationId: cmd.id } })),
    );
    return out;
  }
  reminder(id: string) {
    return this.state.reminders[id]!;
  }
}

const parsed = (
  at: string,
  p: { intent?: string; due?: string | null; rrule?: string | null; text?: string | null; timezone?: string; causationId?: string },
): Input => ({
  id: newId(),
  type: 'MessageParsed',
  occurredAt: at,
  metadata: { causationId: p.causationId ?? null },
  data: {
    chatId: CHAT,
    intent: p.intent ?? 'create',
    slots: [],
    due: p.due ?? null,
    rrule: p.rrule ?? null,
    text: p.text ?? null,
    confidence: { intent: 1, slots: 1 },
    modelVersion: 'test',
    parser: 'rules',
    latencyMs: 1,
    corrections: [],
    lang: 'ru',
    ...(p.timezone ? { timezone: p.timezone } : {}),
  },
});
const message = (at: string, text: string): Input => ({
  id: newId(),
  type: 'MessageReceived',
  occurredAt: at,
  data: { chatId: CHAT, updateId: ++seq, messageId: seq, text, edited: false, sentAt: at },
});
/** The user's edit of `original`: a new MessageReceived with the same Telegram message id. */
const editOf = (at: string, original: Input, text: string): Input => ({
  id: newId(),
  type: 'MessageReceived',
  occurredAt: at,
  data: { ...(original.data as object), updateId: ++seq, text, edited: true, sentAt: at },
});
const location = (at: string, latitude: number, longitude: number, edited = false): Input => ({
  id: newId(),
  type: 'MessageReceived',
  occurredAt: at,
  data: { chatId: CHAT, updateId: ++seq, messageId: seq, text: '', kind: 'location', location: { latitude, longitude }, edited, sentAt: at },
});
const callback = (at: string, data: string): Input => ({
  id: newId(),
  type: 'CallbackReceived',
  occurredAt: at,
  data: { chatId: CHAT, updateId: ++seq, callbackQueryId: `q${seq}`, data },
});
const delivered = (at: string, reminderId: string, occurrence: number): Input => ({
  id: newId(),
  type: 'ReminderDelivered',
  occurredAt: at,
  data: { chatId: CHAT, reminderId, occurrence, latenessMs: 0 },
});
const failed = (at: string, reminderId: string, occurrence: number, permanent: boolean): Input => ({
  id: newId(),
  type: 'ReminderDeliveryFailed',
  occurredAt: at,
  data: { chatId: CHAT, reminderId, occurrence, error: permanent ? '403 blocked' : '502', permanent },
});

const types = (evs: DomainEvent[]) => evs.map((e) => e.type);
const dataOf = <T extends DomainEvent['type']>(evs: DomainEvent[], type: T) =>
  evs.find((e) => e.type === type)!.data as Extract<DomainEvent, { type: T }>['data'];
const same = (a: string, b: string) => expect(Date.parse(a)).toBe(Date.parse(b));

/** A chat with one reminder created by a parse at `at`. */
function withReminder(at: string, due: string, text: string, rrule: string | null = null, timezone = MSK) {
  const chat = new Chat(timezone);
  const p = parsed(at, { due, text, rrule });
  chat.feed(p);
  return { chat, id: p.id };
}

describe('create', () => {
  it('a one-off reminder: id of the parse, due in the chat zone, occurrence 0', () => {
    const chat = new Chat();
    const p = parsed('2026-03-12T07:00:00Z', { due: '2026-03-13T09:00:00+03:00', text: 'позвонить маме' });
    const out = chat.feed(p);
    expect(out).toEqual([
      {
        type: 'ReminderScheduled',
        data: { chatId: CHAT, reminderId: p.id, text: 'позвонить маме', due: '2026-03-13T09:00:00+03:00', rrule: null, timezone: MSK, sourceEventId: p.id },
      },
    ]);
    expect(chat.reminder(p.id)).toMatchObject({ status: 'pending', occurrence: 0, rrule: null, anchor: null, sourceEventId: p.id });
  });

  it('a recurring reminder keeps its series wall clock and anchor', () => {
    const { chat, id } = withReminder('2026-03-12T07:00:00Z', '2026-03-16T10:00:00+03:00', 'отчёт', 'FREQ=WEEKLY;BYDAY=MO');
    expect(chat.reminder(id)).toMatchObject({ rrule: 'FREQ=WEEKLY;BYDAY=MO', anchor: '2026-03-16T10:00', wallTime: '10:00', status: 'pending' });
  });

  it('without a time it waits; the next time-only parse completes it', () => {
    const chat = new Chat();
    const first = parsed('2026-03-12T07:00:00Z', { text: 'купить хлеб' });
    expect(chat.feed(first)).toEqual([]);
    expect(chat.state.pending).toMatchObject({ kind: 'time', text: 'купить хлеб', sourceEventId: first.id });
    const out = chat.feed(parsed('2026-03-12T07:01:00Z', { due: '2026-03-12T18:00:00+03:00', intent: 'other' }));
    expect(out).toHaveLength(1);
    expect(dataOf(out, 'ReminderScheduled')).toMatchObject({
      reminderId: first.id,
      text: 'купить хлеб',
      due: '2026-03-12T18:00:00+03:00',
      sourceEventId: first.id,
    });
    expect(chat.state.pending).toBeNull();
    // A further time-only message waits for nothing: it is a reminder without text of its own.
    const again = parsed('2026-03-12T07:02:00Z', { due: '2026-03-12T19:00:00+03:00' });
    expect(dataOf(chat.feed(again), 'ReminderScheduled')).toMatchObject({ reminderId: again.id, text: '' });
  });

  it('a clarification older than a day is forgotten', () => {
    const chat = new Chat();
    chat.feed(parsed('2026-03-12T07:00:00Z', { text: 'купить хлеб' }));
    const late = parsed('2026-03-14T07:00:00Z', { due: '2026-03-14T18:00:00+03:00' });
    expect(dataOf(chat.feed(late), 'ReminderScheduled')).toMatchObject({ reminderId: late.id, text: '' });
  });
});

describe('cancel', () => {
  function three() {
    const chat = new Chat();
    const ids: string[] = [];
    for (const [text, due] of [
      ['позвонить маме', '2026-03-13T09:00:00+03:00'],
      ['купить маме цветы', '2026-03-14T09:00:00+03:00'],
      ['отчёт начальнику', '2026-03-15T09:00:00+03:00'],
    ] as const) {
      const p = parsed('2026-03-12T07:00:00Z', { due, text });
      chat.feed(p);
      ids.push(p.id);
    }
    return { chat, ids };
  }
  const at = '2026-03-12T08:00:00Z';

  it.each([
    ['one match, another word form', 'позвонить маму', 0],
    ['one match, best score wins', 'позвони маме', 0],
    ['one match, ё and case', 'Отчет', 2],
    ['one match, prefix of a longer form', 'цветов', 1],
  ])('%s → ReminderCancelled', (_w, words, which) => {
    const { chat, ids } = three();
    const out = chat.feed(parsed(at, { intent: 'cancel', text: words }));
    expect(out).toEqual([{ type: 'ReminderCancelled', data: { chatId: CHAT, reminderId: ids[which], reason: 'words' } }]);
    expect(chat.reminder(ids[which]!).status).toBe('cancelled');
  });

  it('"/cancel <words>" cancels by those words (commands are not parsed); a bare /cancel asks the domain nothing', () => {
    const { chat, ids } = three();
    expect(chat.feed(message(at, '/cancel'))).toEqual([]);
    expect(chat.feed(message(at, '/cancel@napominalka_bot отчет'))).toEqual([
      { type: 'ReminderCancelled', data: { chatId: CHAT, reminderId: ids[2], reason: 'words' } },
    ]);
    expect(types(chat.feed(message(at, '/cancel про маму')))).toEqual(['ClarificationRequested']);
  });

  it('several matches → a question with the candidates; a pick cancels that one', () => {
    const { chat, ids } = three();
    const out = chat.feed(parsed(at, { intent: 'cancel', text: 'про маму' }));
    expect(types(out)).toEqual(['ClarificationRequested']);
    const q = dataOf(out, 'ClarificationRequested');
    expect(q).toMatchObject({ kind: 'cancel', options: ['позвонить маме', 'купить маме цветы'] });
    expect(q.candidates.map((c) => c.reminderId)).toEqual([ids[0], ids[1]]);
    expect(chat.state.pending).toEqual({ kind: 'cancel', candidates: [ids[0], ids[1]], askedAt: at });
    const picked = chat.feed(callback('2026-03-12T08:01:00Z', encodeCallbackData({ action: 'pick', reminderId: ids[1]! })));
    expect(picked).toEqual([{ type: 'ReminderCancelled', data: { chatId: CHAT, reminderId: ids[1], reason: 'picked' } }]);
    expect(chat.state.pending).toBeNull();
  });

  it('no match → a no-match question; cancelled reminders never match', () => {
    const { chat, ids } = three();
    const none = chat.feed(parsed(at, { intent: 'cancel', text: 'про собаку' }));
    expect(dataOf(none, 'ClarificationRequested')).toMatchObject({ kind: 'no-match', candidates: [] });
    chat.feed(callback(at, encodeCallbackData({ action: 'cancel', reminderId: ids[2]! })));
    expect(dataOf(chat.feed(parsed(at, { intent: 'cancel', text: 'отчёт' })), 'ClarificationRequested').kind).toBe('no-match');
  });

  it('by id (❌): cancelled; a second ❌ changes nothing', () => {
    const { chat, ids } = three();
    const cb = encodeCallbackData({ action: 'cancel', reminderId: ids[0]! });
    expect(chat.feed(callback(at, cb))).toEqual([{ type: 'ReminderCancelled', data: { chatId: CHAT, reminderId: ids[0], reason: 'button' } }]);
    expect(chat.feed(callback(at, cb))).toEqual([]);
  });

  it('no words at all and one reminder → that one', () => {
    const { chat, id } = withReminder('2026-03-12T07:00:00Z', '2026-03-13T09:00:00+03:00', 'позвонить маме');
    expect(chat.feed(parsed(at, { intent: 'cancel', text: null }))).toEqual([
      { type: 'ReminderCancelled', data: { chatId: CHAT, reminderId: id, reason: 'words' } },
    ]);
  });
});

describe('a press that beats the sender’s ReminderDelivered into the stream', () => {
  const due = '2026-03-13T09:00:00+03:00';
  const snooze = (id: string) => callback('2026-03-13T09:00:03+03:00', encodeCallbackData({ action: 'snooze', by: '10m', reminderId: id, occurrence: 0 }));

  it('💤 still snoozes, once: the ReminderDelivered that follows does not make its button live again', () => {
    const { chat, id } = withReminder('2026-03-12T07:00:00Z', due, 'позвонить маме');
    expect(types(chat.feed(snooze(id)))).toEqual(['ReminderRescheduled']);
    chat.feed(delivered('2026-03-13T09:00:04+03:00', id, 0));
    expect(chat.reminder(id)).toMatchObject({ status: 'pending', occurrence: 1 });
    expect(chat.feed(snooze(id))).toEqual([]);
  });

  it('✅ of a recurring one completes that occurrence, once', () => {
    const { chat, id } = withReminder('2026-03-12T07:00:00Z', due, 'зарядка', 'FREQ=DAILY');
    const done = () => callback('2026-03-13T09:00:03+03:00', encodeCallbackData({ action: 'done', reminderId: id, occurrence: 0 }));
    const out = chat.feed(done());
    expect(out).toEqual([{ type: 'ReminderCompleted', data: { chatId: CHAT, reminderId: id, scope: 'occurrence', occurrence: 0 } }]);
    chat.feed(delivered('2026-03-13T09:00:04+03:00', id, 0));
    expect(chat.feed(done())).toEqual([]);
  });

  it('a button of an occurrence not fired yet does nothing', () => {
    const { chat, id } = withReminder('2026-03-12T07:00:00Z', due, 'позвонить маме');
    expect(chat.feed(callback('2026-03-13T09:00:03+03:00', encodeCallbackData({ action: 'snooze', by: '10m', reminderId: id, occurrence: 1 })))).toEqual([]);
  });
});

describe('snooze', () => {
  /** A one-off reminder due 09:00 MSK, delivered at 09:00:05. */
  function fired(timezone = MSK, due = '2026-03-13T09:00:00+03:00') {
    const { chat, id } = withReminder('2026-03-12T07:00:00Z', due, 'позвонить маме', null, timezone);
    chat.feed(delivered(due.replace(':00+', ':05+'), id, 0));
    expect(chat.reminder(id).status).toBe('fired');
    expect(chat.state.lastFired).toEqual({ reminderId: id, occurrence: 0 });
    return { chat, id };
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
    const out = chat.feed(input);
    expect(types(out)).toEqual(['ReminderRescheduled']);
    const d = dataOf(out, 'ReminderRescheduled');
    expect(d).toMatchObject({ reminderId: id, reason: 'snooze', occurrence: 1 });
    same(d.due, expected);
    expect(chat.reminder(id)).toMatchObject({ status: 'pending', occurrence: 1 });
    // The same button again (double tap) does nothing.
    if (kind in by) expect(chat.feed(callback(now, encodeCallbackData({ action: 'snooze', by: '10m', reminderId: id, occurrence: 0 })))).toEqual([]);
  });

  it('tomorrow 09:00 across the DST change (Berlin)', () => {
    const { chat, id } = fired('Europe/Berlin', '2026-03-28T20:00:00+01:00');
    const out = chat.feed(callback('2026-03-28T20:01:00+01:00', encodeCallbackData({ action: 'snooze', by: 'tomorrow', reminderId: id })));
    expect(dataOf(out, 'ReminderRescheduled').due).toBe('2026-03-29T09:00:00+02:00');
  });

  it('a button of an older delivery does nothing; nothing fired → "отложи" does nothing', () => {
    const { chat, id } = fired();
    expect(chat.feed(callback(now, encodeCallbackData({ action: 'snooze', by: '10m', reminderId: id, occurrence: 7 })))).toEqual([]);
    expect(new Chat().feed(parsed(now, { intent: 'snooze' }))).toEqual([]);
  });

  it('a snoozed reminder fires again under a new key and can be snoozed again', () => {
    const { chat, id } = fired();
    chat.feed(callback(now, encodeCallbackData({ action: 'snooze', by: '10m', reminderId: id, occurrence: 0 })));
    chat.feed(delivered('2026-03-13T09:12:01+03:00', id, 1));
    expect(chat.reminder(id)).toMatchObject({ status: 'fired', occurrence: 1 });
    const out = chat.feed(callback('2026-03-13T09:13:00+03:00', encodeCallbackData({ action: 'snooze', by: '1h', reminderId: id, occurrence: 1 })));
    expect(dataOf(out, 'ReminderRescheduled')).toMatchObject({ occurrence: 2, due: '2026-03-13T10:13:00+03:00' });
  });

  it('a snoozed recurring occurrence fires at the snooze time, then the series goes on', () => {
    const { chat, id } = withReminder('2026-03-12T07:00:00Z', '2026-03-13T09:00:00+03:00', 'зарядка', 'FREQ=DAILY');
    chat.feed(delivered('2026-03-13T09:00:02+03:00', id, 0));
    expect(chat.reminder(id)).toMatchObject({ status: 'pending', occurrence: 1, due: '2026-03-14T09:00:00+03:00' });
    const s = chat.feed(callback('2026-03-13T09:01:00+03:00', encodeCallbackData({ action: 'snooze', by: '1h', reminderId: id, occurrence: 0 })));
    expect(dataOf(s, 'ReminderRescheduled')).toMatchObject({ reason: 'snooze', occurrence: 2, due: '2026-03-13T10:01:00+03:00' });
    const next = chat.feed(delivered('2026-03-13T10:01:03+03:00', id, 2));
    expect(dataOf(next, 'ReminderRescheduled')).toMatchObject({ reason: 'next-occurrence', occurrence: 3, due: '2026-03-14T09:00:00+03:00' });
  });
});

describe('complete', () => {
  it('✅ of a fired one-off → ReminderCompleted; again → nothing', () => {
    const { chat, id } = withReminder('2026-03-12T07:00:00Z', '2026-03-13T09:00:00+03:00', 'позвонить маме');
    chat.feed(delivered('2026-03-13T09:00:01+03:00', id, 0));
    const cb = encodeCallbackData({ action: 'done', reminderId: id, occurrence: 0 });
    expect(chat.feed(callback('2026-03-13T09:05:00+03:00', cb))).toEqual([
      { type: 'ReminderCompleted', data: { chatId: CHAT, reminderId: id, scope: 'reminder', occurrence: 0 } },
    ]);
    expect(chat.reminder(id).status).toBe('done');
    expect(chat.feed(callback('2026-03-13T09:05:01+03:00', cb))).toEqual([]);
    // Done is done: no snooze either.
    expect(chat.feed(parsed('2026-03-13T09:06:00+03:00', { intent: 'snooze' }))).toEqual([]);
  });

  it('✅ of a recurring occurrence acknowledges that occurrence; the series goes on', () => {
    const { chat, id } = withReminder('2026-03-12T07:00:00Z', '2026-03-16T10:00:00+03:00', 'отчёт', 'FREQ=WEEKLY;BYDAY=MO');
    chat.feed(delivered('2026-03-16T10:00:01+03:00', id, 0));
    const out = chat.feed(callback('2026-03-16T10:30:00+03:00', encodeCallbackData({ action: 'done', reminderId: id, occurrence: 0 })));
    expect(out).toEqual([{ type: 'ReminderCompleted', data: { chatId: CHAT, reminderId: id, scope: 'occurrence', occurrence: 0 } }]);
    expect(chat.reminder(id)).toMatchObject({ status: 'pending', due: '2026-03-23T10:00:00+03:00' });
    expect(chat.feed(callback('2026-03-16T10:31:00+03:00', encodeCallbackData({ action: 'done', reminderId: id, occurrence: 0 })))).toEqual([]);
  });
});

describe('correct a wrong parse (✏️)', () => {
  const at = '2026-03-12T07:01:00Z';
  function wrong(due = '2026-03-13T09:00:00+03:00', rrule: string | null = null) {
    const { chat, id } = withReminder('2026-03-12T07:00:00Z', due, 'позвонить маме', rrule);
    const out = chat.feed(callback(at, encodeCallbackData({ action: 'wrong', reminderId: id })));
    expect(dataOf(out, 'ClarificationRequested')).toMatchObject({ kind: 'correction', candidates: [{ reminderId: id, text: 'позвонить маме', due }] });
    expect(chat.state.pending).toMatchObject({ kind: 'correction', reminderId: id });
    return { chat, id };
  }

  it('a new time → ReminderRescheduled edit + FeedbackGiven wrong-time', () => {
    const { chat, id } = wrong();
    const out = chat.feed(parsed('2026-03-12T07:02:00Z', { due: '2026-03-13T11:00:00+03:00' }));
    expect(types(out)).toEqual(['ReminderRescheduled', 'FeedbackGiven']);
    expect(dataOf(out, 'ReminderRescheduled')).toEqual({ chatId: CHAT, reminderId: id, due: '2026-03-13T11:00:00+03:00', reason: 'edit', occurrence: 1 });
    expect(dataOf(out, 'FeedbackGiven')).toMatchObject({ reminderId: id, kind: 'wrong-time' });
    expect(chat.state.pending).toBeNull();
  });

  it('a new text (the message itself, the parser found no create) → edit with text + wrong-text', () => {
    const { chat, id } = wrong();
    const m = message('2026-03-12T07:02:00Z', 'позвонить папе');
    chat.feed(m);
    const out = chat.feed(parsed('2026-03-12T07:02:01Z', { intent: 'other', causationId: m.id }));
    expect(types(out)).toEqual(['ReminderRescheduled', 'FeedbackGiven']);
    expect(dataOf(out, 'ReminderRescheduled')).toMatchObject({ reason: 'edit', text: 'позвонить папе', due: '2026-03-13T09:00:00+03:00' });
    expect(dataOf(out, 'FeedbackGiven')).toMatchObject({ kind: 'wrong-text' });
    expect(chat.reminder(id).text).toBe('позвонить папе');
  });

  it('both → one edit and both feedbacks; a create without a time answers ✏️, not a new "when?"', () => {
    const { chat } = wrong();
    const out = chat.feed(parsed('2026-03-12T07:02:00Z', { due: '2026-03-14T10:00:00+03:00', text: 'позвонить папе' }));
    expect(types(out)).toEqual(['ReminderRescheduled', 'FeedbackGiven', 'FeedbackGiven']);
    const { chat: c2, id } = wrong();
    const textOnly = c2.feed(parsed('2026-03-12T07:02:00Z', { text: 'купить молоко' }));
    expect(dataOf(textOnly, 'ReminderRescheduled')).toMatchObject({ reminderId: id, text: 'купить молоко' });
    expect(c2.state.pending).toBeNull();
  });

  it('a new time of a recurring reminder lands on its rule and re-anchors the series', () => {
    const { chat, id } = wrong('2026-03-16T10:00:00+03:00', 'FREQ=WEEKLY;BYDAY=MO');
    // "в 11" read as today (Thursday) 11:00: the series' next Monday at 11:00.
    const out = chat.feed(parsed('2026-03-12T07:02:00Z', { due: '2026-03-12T11:00:00+03:00' }));
    expect(dataOf(out, 'ReminderRescheduled').due).toBe('2026-03-16T11:00:00+03:00');
    expect(chat.reminder(id)).toMatchObject({ anchor: '2026-03-16T11:00', wallTime: '11:00', rrule: 'FREQ=WEEKLY;BYDAY=MO' });
  });
});

describe('settings', () => {
  it('zone change keeps wall-clock times: ChatSettingsChanged, then each pending reminder rescheduled', () => {
    const chat = new Chat();
    const one = parsed('2026-03-12T07:00:00Z', { due: '2026-03-13T09:00:00+03:00', text: 'позвонить маме' });
    const weekly = parsed('2026-03-12T07:00:00Z', { due: '2026-03-16T10:00:00+03:00', text: 'отчёт', rrule: 'FREQ=WEEKLY;BYDAY=MO' });
    const soon = parsed('2026-03-12T07:00:00Z', { due: '2026-03-12T10:30:00+03:00', text: 'чайник' });
    for (const p of [one, weekly, soon]) chat.feed(p);
    // 10:10 in Moscow; moving east to Yekaterinburg (+05): 10:30 there is 08:30 MSK — already past.
    const out = chat.feed(parsed('2026-03-12T10:10:00+03:00', { intent: 'timezone', timezone: 'Asia/Yekaterinburg' }));
    expect(types(out)).toEqual(['ChatSettingsChanged', 'ReminderRescheduled', 'ReminderRescheduled', 'ReminderRescheduled']);
    expect(out[0]).toEqual({ type: 'ChatSettingsChanged', data: { chatId: CHAT, timezone: 'Asia/Yekaterinburg' } });
    const byId = Object.fromEntries(out.slice(1).map((e) => [(e.data as { reminderId: string }).reminderId, e.data]));
    expect(byId[one.id]).toMatchObject({ reason: 'timezone-change', due: '2026-03-13T09:00:00+05:00', timezone: 'Asia/Yekaterinburg', occurrence: 1 });
    expect(byId[weekly.id]).toMatchObject({ due: '2026-03-16T10:00:00+05:00' });
    same((byId[soon.id] as { due: string }).due, '2026-03-12T10:10:00+03:00');
    expect(chat.reminder(weekly.id)).toMatchObject({ timezone: 'Asia/Yekaterinburg', anchor: '2026-03-16T10:00', wallTime: '10:00' });
    // The series runs in the new zone, across its DST-free weeks.
    chat.feed(delivered('2026-03-16T10:00:00+05:00', weekly.id, 1));
    expect(chat.reminder(weekly.id).due).toBe('2026-03-23T10:00:00+05:00');
  });

  it('/tz and a tz button are settings commands too; an unknown zone is ignored', () => {
    const chat = new Chat();
    expect(chat.feed(message('2026-03-12T07:00:00Z', '/tz Mars/Olympus'))).toEqual([]);
    expect(chat.feed(message('2026-03-12T07:00:00Z', '/tz Europe/Berlin'))).toEqual([
      { type: 'ChatSettingsChanged', data: { chatId: CHAT, timezone: 'Europe/Berlin' } },
    ]);
    expect(chat.feed(callback('2026-03-12T07:00:00Z', encodeCallbackData({ action: 'timezone', timezone: 'Europe/Berlin' })))).toEqual([]);
  });

  it('/tz with a city, an offset or a zone name in any case; an unknown city → no command', () => {
    const chat = new Chat();
    const tz = (text: string) => commandFor(message('2026-03-12T07:00:00Z', text), chat.state);
    expect(tz('/tz Париж')).toMatchObject({ type: 'set-timezone', timezone: 'Europe/Paris' });
    expect(tz('/tz paris')).toMatchObject({ type: 'set-timezone', timezone: 'Europe/Paris' });
    expect(tz('/tz Москва')).toMatchObject({ type: 'set-timezone', timezone: 'Europe/Moscow' });
    expect(tz('/tz new york')).toMatchObject({ type: 'set-timezone', timezone: 'America/New_York' });
    expect(tz('/tz@napominalka_bot  Нью-Йорк ')).toMatchObject({ type: 'set-timezone', timezone: 'America/New_York' });
    expect(tz('/tz UTC+3')).toMatchObject({ type: 'set-timezone', timezone: 'Etc/GMT-3' });
    expect(tz('/tz +03:00')).toMatchObject({ type: 'set-timezone', timezone: 'Etc/GMT-3' });
    expect(tz('/tz europe/berlin')).toMatchObject({ type: 'set-timezone', timezone: 'Europe/Berlin' });
    expect(tz('/tz Атлантида')).toBeNull();
    expect(tz('/tz UTC+5:30')).toBeNull();
    expect(tz('/tz')).toBeNull();
    const out = chat.feed(message('2026-03-12T07:00:00Z', '/tz Владивосток'));
    expect(out).toEqual([{ type: 'ChatSettingsChanged', data: { chatId: CHAT, timezone: 'Asia/Vladivostok' } }]);
  });

  it('a shared location sets the zone there and moves the reminders; no point, or a live location moving on → nothing', () => {
    const { chat, id } = withReminder('2026-03-12T07:00:00Z', '2026-03-13T09:00:00+03:00', 'позвонить маме');
    const out = chat.feed(location('2026-03-12T07:01:00Z', 52.52, 13.405));
    expect(types(out)).toEqual(['ChatSettingsChanged', 'ReminderRescheduled']);
    expect(out[0]).toEqual({ type: 'ChatSettingsChanged', data: { chatId: CHAT, timezone: 'Europe/Berlin' } });
    expect(chat.reminder(id)).toMatchObject({ due: '2026-03-13T09:00:00+01:00', timezone: 'Europe/Berlin' });
    // The same place again, a live location's later position (an edit), coordinates that are no point.
    expect(chat.feed(location('2026-03-12T07:02:00Z', 52.5, 13.4))).toEqual([]);
    expect(chat.feed(location('2026-03-12T07:03:00Z', 55.75, 37.62, true))).toEqual([]);
    expect(chat.feed(location('2026-03-12T07:04:00Z', 123, 456))).toEqual([]);
    expect(chat.feed(location('2026-03-12T07:04:00Z', Number.NaN, 0))).toEqual([]);
    // At sea: the nautical zone, a valid one.
    expect(chat.feed(location('2026-03-12T07:05:00Z', 30, -40))[0]).toEqual({ type: 'ChatSettingsChanged', data: { chatId: CHAT, timezone: 'Etc/GMT+3' } });
    for (const [lat, lon, zone] of [
      [55.75, 37.62, 'Europe/Moscow'],
      [54.71, 20.51, 'Europe/Kaliningrad'],
      [55.03, 82.92, 'Asia/Novosibirsk'],
      [43.12, 131.89, 'Asia/Vladivostok'],
      [40.71, -74.0, 'America/New_York'],
    ] as const) {
      expect(commandFor(location('2026-03-12T07:06:00Z', lat, lon), chat.state)).toMatchObject({ type: 'set-timezone', timezone: zone });
    }
  });

  it('language change → ChatSettingsChanged; the same language again → nothing', () => {
    const chat = new Chat();
    expect(chat.feed(message('2026-03-12T07:00:00Z', '/lang en'))).toEqual([{ type: 'ChatSettingsChanged', data: { chatId: CHAT, lang: 'en' } }]);
    expect(chat.state.settings.lang).toBe('en');
    expect(chat.feed(callback('2026-03-12T07:00:00Z', 'lg:en'))).toEqual([]);
    // Questions follow the language.
    expect(dataOf(chat.feed(parsed('2026-03-12T07:00:00Z', { intent: 'cancel', text: 'dog' })), 'ClarificationRequested').question).toBe(
      'I found no such reminder.',
    );
  });

  it('a zone set by someone else is reconciled: the reminders follow, once', () => {
    const { chat, id } = withReminder('2026-03-12T07:00:00Z', '2026-03-13T09:00:00+03:00', 'позвонить маме');
    const external: Input = { id: newId(), type: 'ChatSettingsChanged', occurredAt: '2026-03-12T08:00:00Z', data: { chatId: CHAT, timezone: 'Europe/Berlin' } };
    const out = chat.feed(external);
    expect(out).toEqual([
      {
        type: 'ReminderRescheduled',
        data: { chatId: CHAT, reminderId: id, due: '2026-03-13T09:00:00+01:00', reason: 'timezone-change', occurrence: 1, timezone: 'Europe/Berlin' },
      },
    ]);
    expect(chat.feed({ ...external, id: newId() })).toEqual([]);
  });
});

describe('pause and resume', () => {
  it('a permanent delivery failure pauses the chat; the user back resumes at the next occurrence after now', () => {
    const chat = new Chat();
    const daily = parsed('2026-03-12T07:00:00Z', { due: '2026-03-13T09:00:00+03:00', text: 'зарядка', rrule: 'FREQ=DAILY' });
    const missed = parsed('2026-03-12T07:00:00Z', { due: '2026-03-14T12:00:00+03:00', text: 'пропущенное' });
    const later = parsed('2026-03-12T07:00:00Z', { due: '2026-04-01T12:00:00+03:00', text: 'будущее' });
    for (const p of [daily, missed, later]) chat.feed(p);
    expect(chat.feed(failed('2026-03-13T09:00:01+03:00', daily.id, 0, false))).toEqual([]);
    expect(chat.feed(failed('2026-03-13T09:00:05+03:00', daily.id, 0, true))).toEqual([{ type: 'ChatSettingsChanged', data: { chatId: CHAT, active: false } }]);
    expect(Object.values(chat.state.reminders).map((r) => r.status)).toEqual(['paused', 'paused', 'paused']);
    expect(chat.feed(failed('2026-03-13T09:00:06+03:00', daily.id, 0, true))).toEqual([]);

    const back = chat.feed(message('2026-03-20T15:00:00+03:00', '/start'));
    expect(types(back)).toEqual(['ChatSettingsChanged', 'ReminderRescheduled', 'ReminderRescheduled', 'ReminderRescheduled']);
    expect(back[0]!.data).toEqual({ chatId: CHAT, active: true });
    const due = Object.fromEntries(
      back.slice(1).map((e) => [(e.data as { reminderId: string }).reminderId, e.data as { due: string; reason: string; occurrence: number }]),
    );
    expect(due[daily.id]).toMatchObject({ reason: 'resume', due: '2026-03-21T09:00:00+03:00', occurrence: 1 });
    same(due[missed.id]!.due, '2026-03-20T15:00:00+03:00');
    same(due[later.id]!.due, '2026-04-01T12:00:00+03:00');
    expect(Object.values(chat.state.reminders).map((r) => r.status)).toEqual(['pending', 'pending', 'pending']);
    expect(chat.feed(message('2026-03-20T15:01:00+03:00', 'привет'))).toEqual([]);
  });

  it('a button pressed in an inactive chat reactivates it before acting', () => {
    const { chat, id } = withReminder('2026-03-12T07:00:00Z', '2026-03-13T09:00:00+03:00', 'позвонить маме');
    chat.feed(failed('2026-03-13T09:00:05+03:00', id, 0, true));
    const out = chat.feed(callback('2026-03-13T10:00:00+03:00', encodeCallbackData({ action: 'cancel', reminderId: id })));
    expect(types(out)).toEqual(['ChatSettingsChanged', 'ReminderRescheduled', 'ReminderCancelled']);
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
    const out = chat.feed(delivered(at, id, 0));
    expect(out).toEqual([{ type: 'ReminderRescheduled', data: { chatId: CHAT, reminderId: id, due: expected, reason: 'next-occurrence', occurrence: 1 } }]);
    expect(chat.reminder(id)).toMatchObject({ status: 'pending', occurrence: 1, due: expected });
  });

  it('a one-off stays fired; a stale delivery does nothing', () => {
    const { chat, id } = withReminder('2026-03-12T07:00:00Z', '2026-03-13T09:00:00+03:00', 'позвонить маме');
    expect(chat.feed(delivered('2026-03-13T09:00:01+03:00', id, 0))).toEqual([]);
    expect(chat.reminder(id).status).toBe('fired');
    const { chat: c2, id: r2 } = withReminder('2026-03-12T07:00:00Z', '2026-03-13T09:00:00+03:00', 'зарядка', 'FREQ=DAILY');
    expect(c2.feed(delivered('2026-03-13T09:00:01+03:00', r2, 5))).toEqual([]);
  });

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

describe('idempotency: the same command twice → the second yields no events', () => {
  const at = '2026-03-13T09:05:00+03:00';
  const cases: Array<[string, (c: Chat, id: string) => Command]> = [
    ['create', () => ({ id: newId(), now: at, type: 'create', text: 't', due: '2026-03-14T09:00:00+03:00', rrule: null })],
    ['cancel', (_c, id) => ({ id: newId(), now: at, type: 'cancel', reminderId: id, via: 'button' })],
    ['cancel by words', () => ({ id: newId(), now: at, type: 'cancel-by-words', words: 'маму' })],
    ['snooze 10m', (_c, id) => ({ id: newId(), now: at, type: 'snooze', reminderId: id, by: '10m' })],
    ['snooze 1h', (_c, id) => ({ id: newId(), now: at, type: 'snooze', reminderId: id, by: '1h' })],
    ['snooze tomorrow', (_c, id) => ({ id: newId(), now: at, type: 'snooze', reminderId: id, by: 'tomorrow' })],
    ['snooze until (last fired)', () => ({ id: newId(), now: at, type: 'snooze', reminderId: null, by: 'until', until: '2026-03-13T11:00:00+03:00' })],
    ['complete', (_c, id) => ({ id: newId(), now: at, type: 'complete', reminderId: id })],
    ['start correction', (_c, id) => ({ id: newId(), now: at, type: 'start-correction', reminderId: id })],
    ['set timezone', () => ({ id: newId(), now: at, type: 'set-timezone', timezone: 'Europe/Berlin' })],
    ['set lang', () => ({ id: newId(), now: at, type: 'set-lang', lang: 'en' })],
    ['edit', (_c, id) => ({ id: newId(), now: at, type: 'edit', reminderId: id, due: '2026-03-14T09:00:00+03:00', text: 'позвонить папе', rrule: null })],
    ['deactivate', () => ({ id: newId(), now: at, type: 'deactivate' })],
  ];
  it.each(cases)('%s', (_w, make) => {
    const { chat, id } = withReminder('2026-03-12T07:00:00Z', '2026-03-13T09:00:00+03:00', 'позвонить маме');
    chat.feed(delivered('2026-03-13T09:00:01+03:00', id, 0));
    const cmd = make(chat, id);
    expect(chat.run(cmd).length).toBeGreaterThan(0);
    expect(chat.run(cmd)).toEqual([]);
  });

  it('advance, provide-time, correct and activate', () => {
    const { chat, id } = withReminder('2026-03-12T07:00:00Z', '2026-03-13T09:00:00+03:00', 'зарядка', 'FREQ=DAILY');
    const d = delivered('2026-03-13T09:00:01+03:00', id, 0);
    expect(chat.feed(d)).toHaveLength(1);
    expect(chat.run({ id: d.id, now: d.occurredAt, type: 'advance', reminderId: id, occurrence: 0 })).toEqual([]);
    chat.feed(parsed(at, { text: 'купить хлеб' }));
    const pt: Command = { id: newId(), now: at, type: 'provide-time', due: '2026-03-13T18:00:00+03:00', rrule: null };
    expect(chat.run(pt)).toHaveLength(1);
    expect(chat.run(pt)).toEqual([]);
    chat.run({ id: newId(), now: at, type: 'start-correction', reminderId: id });
    const fix: Command = { id: newId(), now: at, type: 'correct', due: '2026-03-14T08:00:00+03:00', text: null, rrule: null };
    expect(chat.run(fix).length).toBeGreaterThan(0);
    expect(chat.run(fix)).toEqual([]);
    chat.run({ id: newId(), now: at, type: 'deactivate' });
    const act: Command = { id: newId(), now: at, type: 'activate' };
    expect(chat.run(act).length).toBeGreaterThan(0);
    expect(chat.run(act)).toEqual([]);
  });
});

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

describe('edited messages', () => {
  const at = '2026-03-12T07:00:00Z';
  /** The user writes `text`; its parse `p` follows (as inference appends it, caused by the message). */
  function say(chat: Chat, m: Input, p: Parameters<typeof parsed>[1], when = m.occurredAt) {
    const pre = chat.feed(m);
    const parse = parsed(when, { ...p, causationId: m.id });
    return { parse, out: [...pre, ...chat.feed(parse)] };
  }
  function created(text = 'напомни завтра в 9 позвонить маме', due = '2026-03-13T09:00:00+03:00', rrule: string | null = null, what = 'позвонить маме') {
    const chat = new Chat();
    const m = message(at, text);
    const { parse, out } = say(chat, m, { due, text: what, rrule });
    expect(types(out)).toEqual(['ReminderScheduled']);
    expect(chat.reminder(parse.id).messageIds).toEqual([(m.data as { messageId: number }).messageId]);
    return { chat, m, id: parse.id };
  }

  it('a new time: the reminder is rescheduled (reason edit), no second reminder, no feedback', () => {
    const { chat, m, id } = created();
    const { out } = say(chat, editOf('2026-03-12T07:01:00Z', m, 'напомни завтра в 10 позвонить маме'), {
      due: '2026-03-13T10:00:00+03:00',
      text: 'позвонить маме',
    });
    expect(out).toEqual([
      { type: 'ReminderRescheduled', data: { chatId: CHAT, reminderId: id, due: '2026-03-13T10:00:00+03:00', reason: 'edit', occurrence: 1 } },
    ]);
    expect(Object.keys(chat.state.reminders)).toEqual([id]);
    expect(chat.reminder(id)).toMatchObject({ due: '2026-03-13T10:00:00+03:00', status: 'pending', occurrence: 1 });
  });

  it('a new text only; the same words again change nothing', () => {
    const { chat, m, id } = created();
    const e1 = editOf('2026-03-12T07:01:00Z', m, 'напомни завтра в 9 позвонить папе');
    const { out } = say(chat, e1, { due: '2026-03-13T09:00:00+03:00', text: 'позвонить папе' });
    expect(out).toEqual([
      {
        type: 'ReminderRescheduled',
        data: { chatId: CHAT, reminderId: id, due: '2026-03-13T09:00:00+03:00', reason: 'edit', occurrence: 1, text: 'позвонить папе' },
      },
    ]);
    expect(chat.reminder(id).text).toBe('позвонить папе');
    const e2 = editOf('2026-03-12T07:02:00Z', m, 'напомни завтра в 9 позвонить папе ');
    expect(say(chat, e2, { due: '2026-03-13T09:00:00+03:00', text: 'позвонить папе' }).out).toEqual([]);
  });

  it('an edit that drops the time changes the text and does not ask "when?"', () => {
    const { chat, m, id } = created();
    const { out } = say(chat, editOf('2026-03-12T07:01:00Z', m, 'напомни позвонить бабушке'), { text: 'позвонить бабушке' });
    expect(dataOf(out, 'ReminderRescheduled')).toMatchObject({ reminderId: id, reason: 'edit', text: 'позвонить бабушке', due: '2026-03-13T09:00:00+03:00' });
    expect(chat.state.pending).toBeNull();
  });

  it('a recurring reminder: a new rule re-anchors the series; no rule any more makes it a one-off', () => {
    const { chat, m, id } = created('каждый понедельник в 10 отчёт', '2026-03-16T10:00:00+03:00', 'FREQ=WEEKLY;BYDAY=MO', 'отчёт');
    const { out } = say(chat, editOf('2026-03-12T07:01:00Z', m, 'каждый вторник в 11 отчёт'), {
      due: '2026-03-17T11:00:00+03:00',
      text: 'отчёт',
      rrule: 'FREQ=WEEKLY;BYDAY=TU',
    });
    expect(dataOf(out, 'ReminderRescheduled')).toEqual({
      chatId: CHAT,
      reminderId: id,
      due: '2026-03-17T11:00:00+03:00',
      reason: 'edit',
      occurrence: 1,
      rrule: 'FREQ=WEEKLY;BYDAY=TU',
    });
    expect(chat.reminder(id)).toMatchObject({ rrule: 'FREQ=WEEKLY;BYDAY=TU', anchor: '2026-03-17T11:00', wallTime: '11:00' });
    const once = say(chat, editOf('2026-03-12T07:02:00Z', m, 'во вторник в 11 отчёт'), { due: '2026-03-17T11:00:00+03:00', text: 'отчёт' });
    expect(dataOf(once.out, 'ReminderRescheduled')).toMatchObject({ rrule: null, due: '2026-03-17T11:00:00+03:00' });
    expect(chat.reminder(id)).toMatchObject({ rrule: null, anchor: null, wallTime: null });
  });

  it('an edit of a message that made nothing reads like a new message; a further edit changes what that one made', () => {
    const chat = new Chat();
    const m = message(at, 'привет');
    expect(say(chat, m, { intent: 'other' }).out).toEqual([]);
    const first = say(chat, editOf('2026-03-12T07:01:00Z', m, 'напомни завтра в 9 позвонить маме'), {
      due: '2026-03-13T09:00:00+03:00',
      text: 'позвонить маме',
    });
    expect(dataOf(first.out, 'ReminderScheduled')).toMatchObject({ reminderId: first.parse.id, text: 'позвонить маме' });
    const second = say(chat, editOf('2026-03-12T07:02:00Z', m, 'напомни завтра в 8 позвонить маме'), {
      due: '2026-03-13T08:00:00+03:00',
      text: 'позвонить маме',
    });
    expect(second.out).toEqual([
      { type: 'ReminderRescheduled', data: { chatId: CHAT, reminderId: first.parse.id, due: '2026-03-13T08:00:00+03:00', reason: 'edit', occurrence: 1 } },
    ]);
    expect(Object.keys(chat.state.reminders)).toEqual([first.parse.id]);
  });

  it('an edit of a request without a time, still waiting for "when?", reads like a new message', () => {
    const chat = new Chat();
    const m = message(at, 'купить хлеб');
    say(chat, m, { text: 'купить хлеб' });
    expect(chat.state.pending).toMatchObject({ kind: 'time', text: 'купить хлеб' });
    const { parse, out } = say(chat, editOf('2026-03-12T07:01:00Z', m, 'купить хлеб в 18'), { due: '2026-03-12T18:00:00+03:00', text: 'купить хлеб' });
    expect(dataOf(out, 'ReminderScheduled')).toMatchObject({ reminderId: parse.id, text: 'купить хлеб' });
    expect(chat.state.pending).toBeNull();
  });

  it('the time given after "when?" and the request both belong to the reminder: editing either changes it', () => {
    const chat = new Chat();
    const request = message(at, 'купить хлеб');
    const asked = say(chat, request, { text: 'купить хлеб' });
    const answer = message('2026-03-12T07:00:30Z', 'в 18');
    expect(types(say(chat, answer, { intent: 'other', due: '2026-03-12T18:00:00+03:00' }).out)).toEqual(['ReminderScheduled']);
    const id = asked.parse.id;
    expect(chat.reminder(id).messageIds).toEqual([(request.data as { messageId: number }).messageId, (answer.data as { messageId: number }).messageId]);
    const t = say(chat, editOf('2026-03-12T07:01:00Z', answer, 'в 19'), { intent: 'other', due: '2026-03-12T19:00:00+03:00' });
    expect(t.out).toEqual([
      { type: 'ReminderRescheduled', data: { chatId: CHAT, reminderId: id, due: '2026-03-12T19:00:00+03:00', reason: 'edit', occurrence: 1 } },
    ]);
    const x = say(chat, editOf('2026-03-12T07:02:00Z', request, 'купить молоко'), { text: 'купить молоко' });
    expect(dataOf(x.out, 'ReminderRescheduled')).toMatchObject({ reminderId: id, text: 'купить молоко', due: '2026-03-12T19:00:00+03:00' });
  });

  it('an edit after the reminder was cancelled or done does nothing (and creates nothing)', () => {
    const { chat, m, id } = created();
    chat.feed(callback('2026-03-12T07:00:30Z', encodeCallbackData({ action: 'cancel', reminderId: id })));
    expect(chat.reminder(id).status).toBe('cancelled');
    expect(
      say(chat, editOf('2026-03-12T07:01:00Z', m, 'напомни завтра в 10 позвонить маме'), { due: '2026-03-13T10:00:00+03:00', text: 'позвонить маме' }).out,
    ).toEqual([]);
    expect(chat.state.pending).toBeNull();
    const done = created();
    done.chat.feed(delivered('2026-03-13T09:00:01+03:00', done.id, 0));
    done.chat.feed(callback('2026-03-13T09:01:00+03:00', encodeCallbackData({ action: 'done', reminderId: done.id })));
    expect(done.chat.reminder(done.id).status).toBe('done');
    expect(
      say(done.chat, editOf('2026-03-13T09:02:00+03:00', done.m, 'напомни завтра в 10 позвонить маме'), {
        due: '2026-03-14T10:00:00+03:00',
        text: 'позвонить маме',
      }).out,
    ).toEqual([]);
    expect(Object.keys(done.chat.state.reminders)).toEqual([done.id]);
  });

  it('a fired one-off: a new time arms it again; a new text alone changes nothing', () => {
    const { chat, m, id } = created();
    chat.feed(delivered('2026-03-13T09:00:01+03:00', id, 0));
    expect(
      say(chat, editOf('2026-03-13T09:01:00+03:00', m, 'напомни завтра в 9 позвонить папе'), { due: '2026-03-14T09:00:00+03:00', text: 'позвонить маме' }).out,
    ).toHaveLength(1);
    expect(chat.reminder(id)).toMatchObject({ status: 'pending', due: '2026-03-14T09:00:00+03:00' });
    chat.feed(delivered('2026-03-14T09:00:01+03:00', id, 1));
    expect(say(chat, editOf('2026-03-14T09:01:00+03:00', m, 'напомни в 9 позвонить папе'), { text: 'позвонить папе' }).out).toEqual([]);
  });

  it('an edit while ✏️ waits for another reminder changes the edited one; ✏️ still waits', () => {
    const { chat, m, id } = created();
    const other = parsed(at, { due: '2026-03-14T09:00:00+03:00', text: 'отчёт' });
    chat.feed(other);
    chat.feed(callback('2026-03-12T07:00:30Z', encodeCallbackData({ action: 'wrong', reminderId: other.id })));
    const { out } = say(chat, editOf('2026-03-12T07:01:00Z', m, 'напомни завтра в 10 позвонить маме'), {
      due: '2026-03-13T10:00:00+03:00',
      text: 'позвонить маме',
    });
    expect(types(out)).toEqual(['ReminderRescheduled']);
    expect(dataOf(out, 'ReminderRescheduled').reminderId).toBe(id);
    expect(chat.state.pending).toMatchObject({ kind: 'correction', reminderId: other.id });
  });

  it('an edit that now asks something else (cancel) reads like a new message', () => {
    const { chat, m, id } = created();
    const { out } = say(chat, editOf('2026-03-12T07:01:00Z', m, 'отмени про маму'), { intent: 'cancel', text: 'про маму' });
    expect(out).toEqual([{ type: 'ReminderCancelled', data: { chatId: CHAT, reminderId: id, reason: 'words' } }]);
  });

  it('the state stays bounded and plain JSON; a state saved before these fields still folds', () => {
    const chat = new Chat();
    for (let i = 0; i < MESSAGES_KEPT + 20; i++) say(chat, message(at, `привет ${i}`), { intent: 'other' });
    expect(chat.state.messages).toHaveLength(MESSAGES_KEPT);
    expect(JSON.parse(JSON.stringify(chat.state))).toEqual(chat.state);
    // A state persisted before it knew messages (the projector keeps its own): no crash, no match.
    const { chat: old, m, id } = created();
    const { messages: _m, ...rest } = old.state;
    old.state = { ...rest, reminders: { [id]: { ...old.reminder(id), messageIds: undefined } } };
    const e = editOf('2026-03-12T07:01:00Z', m, 'напомни завтра в 10 позвонить маме');
    const p2 = say(old, e, { due: '2026-03-13T10:00:00+03:00', text: 'позвонить маме' });
    // The old reminder is not linked to its message: the edit reads like a new message.
    expect(types(p2.out)).toEqual(['ReminderScheduled']);
  });
});
