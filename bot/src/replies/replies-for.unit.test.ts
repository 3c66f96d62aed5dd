import { describe, expect, it } from 'vitest';
import { evolve, initialState, type EventEnvelope } from '@napominalka/core';
import { factsOf, repliesFor } from './replies-for';

let pos = 0;
const ev = (type: string, data: Record<string, unknown>, occurredAt = '2026-03-12T07:15:00.000Z'): EventEnvelope => ({
  id: `00000000-0000-4000-8000-${String(++pos).padStart(12, '0')}`,
  type,
  schemaVersion: 1,
  streamId: 'chat-7',
  streamPosition: pos,
  globalPosition: pos,
  transactionId: '1',
  occurredAt,
  recordedAt: occurredAt,
  metadata: { correlationId: 'c', causationId: null },
  data: { chatId: 7, ...data },
});

/** The replies to the last event, the state folded over all of them. */
function replies(...events: EventEnvelope[]) {
  const s = events.reduce(evolve, initialState({ chatId: 7, timezone: 'Europe/Moscow' }));
  return repliesFor(events.at(-1)!, s, factsOf(events.slice(0, -1))).map((r) => ({ text: r.text, buttons: JSON.stringify(r.markup ?? null) }));
}

let update = 100;
const say = (text: string, extra: Record<string, unknown> = {}) =>
  ev('MessageReceived', { updateId: ++update, messageId: update, text, kind: 'text', sentAt: '2026-03-12T07:15:00Z', ...extra });
const press = (data: string) => ev('CallbackReceived', { updateId: ++update, callbackQueryId: `q${update}`, messageId: 1, data });
const remind = (id: string, text: string, due: string) => ev('ReminderScheduled', { reminderId: id, text, due, rrule: null, timezone: 'Europe/Moscow' });

const ru = ev('ChatSettingsChanged', { lang: 'ru', timezone: 'Europe/Moscow' });
const scheduled = ev('ReminderScheduled', {
  reminderId: 'r1',
  text: 'позвонить <маме>',
  due: '2026-03-13T09:00:00+03:00',
  rrule: null,
  timezone: 'Europe/Moscow',
});

describe('what the bot answers in the chat', () => {
  it('confirms a scheduled reminder with what was understood, escaped, with ✏️ and ❌', () => {
    const [r] = replies(ru, scheduled);
    expect(r!.text).toContain('позвонить &lt;маме&gt;');
    expect(r!.text).toContain('09:00');
    expect(r!.buttons).toMatch(/✏️/);
    expect(r!.buttons).toMatch(/❌/);
  });

  it('acknowledges a cancel and a snooze with the reminder’s text', () => {
    expect(replies(ru, scheduled, ev('ReminderCancelled', { reminderId: 'r1' }))[0]!.text).toContain('позвонить');
    expect(replies(ru, scheduled, ev('ReminderRescheduled', { reminderId: 'r1', due: '2026-03-13T10:00:00+03:00', reason: 'snooze' }))[0]!.text).toContain(
      '10:00',
    );
  });

  it('a series that ran out ends with its last reminder: no "✅ Готово" nobody asked for; a ✅ press still gets it', () => {
    const series = ev('ReminderScheduled', {
      reminderId: 's1',
      text: 'таблетки',
      due: '2026-03-13T09:00:00+03:00',
      rrule: 'FREQ=DAILY;COUNT=2',
      timezone: 'Europe/Moscow',
    });
    expect(replies(ru, series, ev('ReminderCompleted', { reminderId: 's1', scope: 'reminder', reason: 'series-ended' }))).toEqual([]);
    expect(replies(ru, series, ev('ReminderCompleted', { reminderId: 's1', scope: 'reminder', occurrence: 1, reason: 'user' }))[0]!.text).toContain('таблетки');
    // Events written before the reason existed are the user's.
    expect(replies(ru, series, ev('ReminderCompleted', { reminderId: 's1', scope: 'reminder' }))[0]!.text).toContain('таблетки');
  });

  it('the confirmation of a COUNT series corrected after a delivery says how many are left, not its COUNT', () => {
    const series = ev('ReminderScheduled', {
      reminderId: 's2',
      text: 'таблетки',
      due: '2026-03-13T09:00:00+03:00',
      rrule: 'FREQ=DAILY;COUNT=5',
      timezone: 'Europe/Moscow',
    });
    expect(replies(ru, series)[0]!.text).toContain('ещё 5 раз');
    const fired = ev('ReminderDue', { reminderId: 's2', occurrence: 0, due: '2026-03-13T09:00:00+03:00', firedAt: '2026-03-13T06:00:00Z' });
    const next = ev('ReminderRescheduled', { reminderId: 's2', due: '2026-03-14T09:00:00+03:00', reason: 'next-occurrence', occurrence: 1 });
    const edit = ev('ReminderRescheduled', { reminderId: 's2', due: '2026-03-14T10:00:00+03:00', reason: 'edit' });
    const [r] = replies(ru, series, fired, next, edit);
    expect(r!.text).toContain('10:00');
    expect(r!.text).toContain('ещё 4 раза');
  });

  it('asks the clarification’s question', () => {
    const [r] = replies(ru, ev('ClarificationRequested', { question: 'no-time', options: [] }));
    expect(r!.text.length).toBeGreaterThan(0);
    expect(r!.text).not.toBe('no-time');
  });

  it('says it cannot read a sticker yet, and /start asks the language first', () => {
    expect(replies(ev('MessageReceived', { updateId: 1, messageId: 1, text: '', kind: 'sticker', sentAt: '2026-03-12T07:15:00Z' }))).toHaveLength(1);
    const [start] = replies(ev('MessageReceived', { updateId: 2, messageId: 2, text: '/start', kind: 'text', sentAt: '2026-03-12T07:15:00Z' }));
    expect(start!.text).toMatch(/язык/i);
  });

  it('says nothing to an ordinary message (the parse answers it) or a next occurrence', () => {
    expect(replies(ru, ev('MessageReceived', { updateId: 3, messageId: 3, text: 'напомни завтра', kind: 'text', sentAt: '2026-03-12T07:15:00Z' }))).toEqual([]);
    expect(replies(ru, scheduled, ev('ReminderRescheduled', { reminderId: 'r1', due: '2026-03-14T09:00:00+03:00', reason: 'next-occurrence' }))).toEqual([]);
  });

  it('/start → language → zone: the language button answers in that language and asks the zone', () => {
    const [done, zoneQ, location] = replies(say('/start'), press('lg:en'));
    expect(done!.text).toMatch(/English/);
    expect(zoneQ!.text).toMatch(/time zone/i);
    expect(zoneQ!.buttons).toMatch(/tz:Europe\/Moscow/);
    expect(location!.buttons).toMatch(/request_location/);
    // Once a zone was set, a language change does not ask it again.
    expect(replies(ev('ChatSettingsChanged', { timezone: 'Asia/Tokyo' }), press('lg:ru'))).toHaveLength(1);
  });

  it('acknowledges a zone by button, /tz and free text, in the new zone — even when it is already the chat’s', () => {
    expect(replies(ru, press('tz:Asia/Novosibirsk'))[0]!.text).toMatch(/Asia\/Novosibirsk \(UTC\+7\), у вас сейчас 14:15/);
    expect(replies(ru, press('tz:Europe/Moscow'))[0]!.text).toMatch(/Europe\/Moscow/);
    expect(replies(ru, say('/tz Europe/Paris'))[0]!.text).toMatch(/Europe\/Paris/);
    const parsed = ev('MessageParsed', {
      intent: 'timezone',
      timezone: 'Europe/Berlin',
      slots: [],
      due: null,
      rrule: null,
      text: null,
      confidence: { intent: 1, slots: 1 },
      modelVersion: 'm',
      parser: 'model',
      latencyMs: 1,
      corrections: [],
      lang: 'ru',
    });
    expect(replies(ru, parsed)[0]!.text).toMatch(/Europe\/Berlin/);
  });

  it('asks the zone for a bare /tz, says so for an unknown one, offers the languages for a bare /lang', () => {
    expect(replies(ru, say('/tz'))[0]!.text).toMatch(/часовом поясе/);
    const [unknown] = replies(ru, say('/tz Атлантида <b>'));
    expect(unknown!.text).toContain('«Атлантида &lt;b&gt;»');
    expect(unknown!.buttons).toMatch(/tz:/);
    expect(replies(ru, say('/lang'))[0]!.buttons).toMatch(/lg:ru.*lg:en/);
    expect(replies(ru, say('/lang en'))[0]!.text).toMatch(/English/);
  });

  it('/list shows what is to come, soonest first, 5 a page with ❌ each and ◀️ ▶️; a page button shows that page', () => {
    const reminders = Array.from({ length: 7 }, (_, i) => remind(`r${i}`, `дело ${i}`, `2026-03-${String(20 - i).padStart(2, '0')}T09:00:00+03:00`));
    const cancelledOne = ev('ReminderCancelled', { reminderId: 'r0' });
    const [first] = replies(ru, ...reminders, cancelledOne, say('/list'));
    expect(first!.text).toMatch(/Ваши напоминания<\/b> \(6\)/);
    expect(first!.text).toMatch(/Страница 1 из 2/);
    expect(first!.text.indexOf('дело 6')).toBeLessThan(first!.text.indexOf('дело 5'));
    expect(first!.text).not.toContain('дело 0');
    expect(JSON.parse(first!.buttons).inline_keyboard).toHaveLength(6);
    expect(first!.buttons).toMatch(/c:r6/);
    expect(first!.buttons).toMatch(/lp:1/);
    const turned = press('lp:1');
    const s2 = [ru, ...reminders, cancelledOne, turned].reduce(evolve, initialState({ chatId: 7, timezone: 'Europe/Moscow' }));
    expect(repliesFor(turned, s2, factsOf([]))[0]!.editMessageId).toBe(1);
    const [second] = replies(ru, ...reminders, cancelledOne, turned);
    expect(second!.text).toMatch(/Страница 2 из 2/);
    expect(second!.text).toMatch(/6\. .* — дело 1/);
    expect(second!.buttons).toMatch(/lp:0/);
    // Bare /cancel offers the same list; "/cancel words" is the domain's; an empty list says how to make one.
    expect(replies(ru, ...reminders, say('/cancel'))[0]!.buttons).toMatch(/c:r6/);
    expect(replies(ru, ...reminders, say('/cancel дело 3'))).toEqual([]);
    expect(replies(ru, say('/list'))[0]!.text).toMatch(/Напоминаний нет/);
    const listIntent = ev('MessageParsed', {
      intent: 'list',
      slots: [],
      due: null,
      rrule: null,
      text: null,
      confidence: { intent: 1, slots: 1 },
      modelVersion: 'm',
      parser: 'model',
      latencyMs: 1,
      corrections: [],
      lang: 'ru',
    });
    expect(replies(ru, ...reminders, listIntent)[0]!.text).toMatch(/\(7\)/);
  });

  it("a list request naming a period shows that period's reminders (a daily one at its time there); its pages stay within it", () => {
    const reminders = Array.from({ length: 7 }, (_, i) => remind(`r${i}`, `дело ${i}`, `2026-03-${String(20 - i).padStart(2, '0')}T09:00:00+03:00`));
    const daily = ev('ReminderScheduled', {
      reminderId: 'd',
      text: 'зарядка',
      due: '2026-03-12T20:00:00+03:00',
      rrule: 'FREQ=DAILY',
      timezone: 'Europe/Moscow',
    });
    const listed = (listFrom: string, listTo: string) =>
      ev('MessageParsed', {
        intent: 'list',
        slots: [],
        due: null,
        rrule: null,
        text: null,
        confidence: { intent: 1, slots: 1 },
        modelVersion: 'm',
        parser: 'model',
        latencyMs: 1,
        corrections: [],
        lang: 'ru',
        timezone: null,
        listFrom,
        listTo,
      });
    // Thursday, March 12: Sunday the 15th holds "дело 5" and the daily one.
    const [sunday] = replies(ru, ...reminders, daily, listed('2026-03-15', '2026-03-15'));
    expect(sunday!.text.split('\n').slice(0, 3)).toEqual(['<b>На воскресенье, 15 марта</b>: 2 напоминания', '', '1. вс, 15 мар 09:00 — дело 5']);
    expect(sunday!.text.split('\n')[3]).toMatch(/^2\. вс, 15 мар 20:00 — зарядка 🔁 /);
    expect(sunday!.buttons).toMatch(/c:r5.*c:d/);
    expect(replies(ru, ...reminders, listed('2026-03-21', '2026-03-21'))[0]!.text).toBe('На 21 марта напоминаний нет. Все напоминания — /list.');
    // Next week (16–22): five one-offs, and the daily one once (at its first time there); two pages, ▶️ carries the period.
    const [week] = replies(ru, ...reminders, listed('2026-03-16', '2026-03-22'));
    expect(week!.text).toMatch(/^<b>На следующую неделю<\/b>: 5 напоминаний\n\n/);
    const [all] = replies(ru, ...reminders, daily, listed('2026-03-16', '2026-03-22'));
    expect(all!.text).toMatch(/^<b>На следующую неделю<\/b>: 6 напоминаний\nСтраница 1 из 2\n\n1\. пн, 16 мар 09:00 — дело 4\n2\. пн, 16 мар 20:00 — зарядка/);
    expect(all!.buttons).toContain('lp:1:20260316-20260322');
    const [second] = replies(ru, ...reminders, daily, press('lp:1:20260316-20260322'));
    expect(second!.text).toBe('<b>На следующую неделю</b>: 6 напоминаний\nСтраница 2 из 2\n\n6. пт, 20 мар 09:00 — дело 0');
    expect(second!.buttons).toContain('lp:0:20260316-20260322');
  });

  it('/settings shows language, zone with offset and the local time; an unknown command gets the help', () => {
    expect(replies(ru, say('/settings'))[0]!.text).toMatch(/Язык: русский[\s\S]*Europe\/Moscow, UTC\+3[\s\S]*10:15/);
    expect(replies(ru, say('/frobnicate'))[0]!.text).toMatch(/Что я умею/);
  });

  it('answers a flood once: the first throttled message gets the polite reply, the rest of the run nothing', () => {
    expect(replies(ru, say('a'), say('b', { throttled: true }))[0]!.text).toMatch(/Слишком много/);
    expect(replies(ru, say('a', { throttled: true }), say('b', { throttled: true }))).toEqual([]);
    expect(replies(ru, say('/start', { throttled: true }), say('ok'), say('/help', { throttled: true }))[0]!.text).toMatch(/Слишком много/);
  });

  it('answers in the Telegram client’s language until the chat chooses one', () => {
    expect(replies(say('/help', { languageCode: 'en-GB' }))[0]!.text).toMatch(/What I can do/);
    expect(replies(say('/help', { languageCode: 'de' }), say('/settings'))[0]!.text).toMatch(/Settings/);
    expect(replies(say('/help', { languageCode: 'uk' }))[0]!.text).toMatch(/Что я умею/);
  });

  it('ignores commands in edited messages', () => {
    expect(replies(ru, say('/help', { edited: true }))).toEqual([]);
  });

  it('says it did not understand a message that is no reminder, unless a question already answers it', () => {
    const msg = say('привет');
    const parse = (intent: string) => ({
      ...ev('MessageParsed', {
        intent,
        slots: [],
        due: null,
        rrule: null,
        text: null,
        confidence: { intent: 0.9, slots: 1 },
        modelVersion: 'm',
        parser: 'model',
        latencyMs: 1,
        corrections: [],
        lang: 'ru',
      }),
      metadata: { correlationId: 'c', causationId: msg.id },
    });
    const other = parse('other');
    const s = [ru, msg, other].reduce(evolve, initialState({ chatId: 7, timezone: 'Europe/Moscow' }));
    expect(repliesFor(other, s, factsOf([ru, msg], other))[0]!.text).toMatch(/Не понял/);
    const question = { ...ev('ClarificationRequested', { question: 'low-confidence', options: [] }), metadata: { correlationId: 'c', causationId: msg.id } };
    expect(repliesFor(other, s, factsOf([ru, msg], other, question))).toEqual([]);
  });

  it('a location answers with the zone found there, a fixed offset at sea as just "UTC-3", or says it found none', () => {
    const at = (latitude: number, longitude: number, extra: Record<string, unknown> = {}) =>
      ev('MessageReceived', {
        updateId: ++update,
        messageId: update,
        text: '',
        kind: 'location',
        location: { latitude, longitude },
        sentAt: '2026-03-12T07:15:00Z',
        ...extra,
      });
    expect(replies(ru, at(55.75, 37.62))[0]!.text).toMatch(/Europe\/Moscow \(UTC\+3\)/);
    expect(replies(ru, at(52.52, 13.4))[0]!.buttons).toMatch(/remove_keyboard/);
    const sea = replies(ru, at(-30, -25))[0]!.text;
    expect(sea).toMatch(/Часовой пояс: UTC-[12],/);
    expect(sea).not.toMatch(/Etc\//);
    expect(replies(ru, at(55.75, 37.62, { edited: true }))).toEqual([]);
  });

  it('an edit of the message that made a reminder: no "when?" and no "did not understand"; a finished one says the edit changes nothing', () => {
    const msg = ev('MessageReceived', {
      updateId: ++update,
      messageId: 77,
      text: 'напомни завтра в 9 позвонить маме',
      kind: 'text',
      sentAt: '2026-03-12T07:15:00Z',
    });
    const parse = {
      ...ev('MessageParsed', {
        intent: 'create',
        slots: [],
        due: '2026-03-13T09:00:00+03:00',
        rrule: null,
        text: 'позвонить маме',
        confidence: { intent: 1, slots: 1 },
        modelVersion: 'm',
        parser: 'model',
        latencyMs: 1,
        corrections: [],
        lang: 'ru',
      }),
      metadata: { correlationId: 'c', causationId: msg.id },
    };
    const made = {
      ...ev('ReminderScheduled', {
        reminderId: parse.id,
        text: 'позвонить маме',
        due: '2026-03-13T09:00:00+03:00',
        rrule: null,
        timezone: 'Europe/Moscow',
        sourceEventId: parse.id,
      }),
      metadata: { correlationId: 'c', causationId: parse.id },
    };
    const edit = ev('MessageReceived', {
      updateId: ++update,
      messageId: 77,
      text: 'напомни позвонить папе',
      kind: 'text',
      edited: true,
      sentAt: '2026-03-12T07:20:00Z',
    });
    const reparse = {
      ...ev('MessageParsed', {
        intent: 'create',
        slots: [],
        due: null,
        rrule: null,
        text: 'позвонить папе',
        confidence: { intent: 1, slots: 1 },
        modelVersion: 'm',
        parser: 'model',
        latencyMs: 1,
        corrections: [],
        lang: 'ru',
      }),
      metadata: { correlationId: 'c', causationId: edit.id },
    };
    const when = { ...ev('ClarificationRequested', { question: 'no-time', options: [] }), metadata: { correlationId: 'c', causationId: edit.id } };
    expect(replies(ru, msg, parse, made, edit, reparse)).toEqual([]);
    expect(replies(ru, msg, parse, made, edit, reparse, when)).toEqual([]);
    const [finished] = replies(ru, msg, parse, made, ev('ReminderCancelled', { reminderId: parse.id }), edit, reparse);
    expect(finished!.text).toMatch(/уже выполнено или отменено/);
  });
});
