import { describe, expect, it } from 'vitest';
import { evolve, initialState, type EventEnvelope } from '@napominalka/core';
import { repliesFor } from './replies-handler';

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
  return repliesFor(events.at(-1)!, s).map((r) => ({ text: r.text, buttons: JSON.stringify(r.markup ?? null) }));
}

const ru = ev('ChatSettingsChanged', { lang: 'ru', timezone: 'Europe/Moscow' });
const scheduled = ev('ReminderScheduled', { reminderId: 'r1', text: 'позвонить <маме>', due: '2026-03-13T09:00:00+03:00', rrule: null, timezone: 'Europe/Moscow' });

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
    expect(replies(ru, scheduled, ev('ReminderRescheduled', { reminderId: 'r1', due: '2026-03-13T10:00:00+03:00', reason: 'snooze' }))[0]!.text).toContain('10:00');
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
});
