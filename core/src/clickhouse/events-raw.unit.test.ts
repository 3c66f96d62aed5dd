import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '@napominalka/domain';
import { EVENTS_RAW_COLUMNS, toRow } from './events-raw';

const envelope = (type: string, data: unknown, over: Partial<EventEnvelope> = {}): EventEnvelope => ({
  id: '01a23328-adf2-73cb-a67e-53fd1d83e354',
  type,
  schemaVersion: 1,
  streamId: 'chat-5',
  streamPosition: 3,
  globalPosition: 42,
  transactionId: '18446744073709551000',
  occurredAt: '2026-03-02T10:00:01.250Z',
  recordedAt: '2026-03-02T10:00:01.300Z',
  metadata: { correlationId: 'c-1', causationId: null },
  data,
  ...over,
});

describe('events_raw rows', () => {
  it('maps the envelope and the fields the marts use', () => {
    const row = toRow(
      envelope('MessageParsed', {
        chatId: 5,
        intent: 'create',
        lang: 'ru',
        parser: 'llm',
        confidence: { intent: 0.42, slots: 0.5 },
        latencyMs: 812.5,
        modelVersion: 'm7',
      }),
    );
    expect(row).toHaveLength(EVENTS_RAW_COLUMNS.length);
    const byName = Object.fromEntries(EVENTS_RAW_COLUMNS.map((c, i) => [c, row[i]]));
    expect(byName).toMatchObject({
      id: '01a23328-adf2-73cb-a67e-53fd1d83e354',
      type: 'MessageParsed',
      stream_id: 'chat-5',
      stream_position: 3,
      global_position: 42,
      transaction_id: '18446744073709551000',
      chat_id: 5,
      occurred_at: '2026-03-02 10:00:01.250',
      recorded_at: '2026-03-02 10:00:01.300',
      correlation_id: 'c-1',
      causation_id: '',
      lang: 'ru',
      intent: 'create',
      parser: 'llm',
      model_version: 'm7',
      confidence: 0.42,
      latency_ms: 812.5,
      reason: '',
      lateness_ms: 0,
    });
    expect(byName.data).toMatchObject({ intent: 'create' });
  });

  it('leaves fields a type does not carry empty, and reads the model of ModelPromoted', () => {
    const promoted = Object.fromEntries(
      EVENTS_RAW_COLUMNS.map((c, i) => [c, toRow(envelope('ModelPromoted', { version: 'm8', previous: 'm7', metrics: {} }))[i]]),
    );
    expect(promoted).toMatchObject({ chat_id: 0, model_version: 'm8', lang: '', confidence: 0, reminder_id: '' });
    const delivered = Object.fromEntries(
      EVENTS_RAW_COLUMNS.map((c, i) => [c, toRow(envelope('ReminderDelivered', { chatId: -100, reminderId: 'r1', occurrence: 0, latenessMs: 1500 }))[i]]),
    );
    expect(delivered).toMatchObject({ chat_id: -100, reminder_id: 'r1', lateness_ms: 1500 });
  });
});
