import { describe, expect, it } from 'vitest';
import { catalog } from './catalog';
import { upcast } from './catalog-builder';

/** The catalog changes the domain made are additive: events stored before them still read. */
describe('catalog: events written before the domain read unchanged', () => {
  it.each([
    ['ClarificationRequested', { chatId: 1, question: 'Когда?', options: ['завтра'] }, { kind: undefined, candidates: [], reason: undefined }],
    ['ReminderRescheduled', { chatId: 1, reminderId: 'r', due: '2026-03-13T09:00:00+03:00', reason: 'snooze' }, { occurrence: undefined }],
    ['ReminderCompleted', { chatId: 1, reminderId: 'r' }, { scope: 'reminder' }],
    // What edits and shared locations read: absent in the oldest messages.
    [
      'MessageReceived',
      { chatId: 1, updateId: 1, messageId: 1, text: 'x', sentAt: '2026-03-12T07:00:00Z' },
      { edited: false, kind: 'text', location: undefined },
    ],
    [
      'MessageParsed',
      {
        chatId: 1,
        intent: 'create',
        slots: [],
        due: null,
        rrule: null,
        text: 'x',
        confidence: { intent: 1, slots: 1 },
        modelVersion: 'm',
        parser: 'rules',
        latencyMs: 1,
        corrections: [],
        lang: 'ru',
      },
      { text: 'x', listFrom: undefined, listTo: undefined },
    ],
    // A list parsed before rule 20 names no period: it lists everything, as it did.
    [
      'MessageParsed',
      {
        chatId: 1,
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
        lang: 'en',
        timezone: null,
      },
      { listFrom: undefined, listTo: undefined },
    ],
  ])('%s', (type, old, expected) => {
    const data = upcast(catalog, type, 1, old) as Record<string, unknown>;
    expect(data).toMatchObject(old);
    for (const [k, v] of Object.entries(expected)) expect(data[k]).toEqual(v);
  });
});

describe('catalog: MessageParsed with a list period', () => {
  const list = {
    chatId: 1,
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
  };

  it('reads the period as written, or null for a list without one', () => {
    expect(upcast(catalog, 'MessageParsed', 1, { ...list, listFrom: '2026-12-05', listTo: '2026-12-06' })).toMatchObject({
      listFrom: '2026-12-05',
      listTo: '2026-12-06',
    });
    expect(upcast(catalog, 'MessageParsed', 1, { ...list, listFrom: null, listTo: null })).toMatchObject({ listFrom: null, listTo: null });
  });

  it('refuses a period that is no calendar date', () => {
    for (const bad of ['2026-12-5', '2026-02-30', '2026-12-05T00:00:00Z', 'tomorrow'])
      expect(() => upcast(catalog, 'MessageParsed', 1, { ...list, listFrom: bad, listTo: bad })).toThrow();
  });
});
