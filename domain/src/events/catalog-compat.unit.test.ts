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
      { text: 'x' },
    ],
  ])('%s', (type, old, expected) => {
    const data = upcast(catalog, type, 1, old) as Record<string, unknown>;
    expect(data).toMatchObject(old);
    for (const [k, v] of Object.entries(expected)) expect(data[k]).toEqual(v);
  });
});
