import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { EVENTS_RAW_COLUMNS, toRow, type ClickHouse } from '@napominalka/core/clickhouse';
import type { EventEnvelope } from '@napominalka/core';

/** An event for the tests: its type, when, and the data the marts read. */
export interface SeedEvent {
  type: string;
  at: string;
  data: Record<string, unknown>;
}

/**
 * Writes events straight into events_raw as the projector's rows (the marts' views fill from
 * there), for the overview's tests; global positions follow `from`.
 */
export async function seedEvents(ch: ClickHouse, events: readonly SeedEvent[], from = 1): Promise<number> {
  const body = events
    .map((e, i) => {
      const env: EventEnvelope = {
        id: randomUUID(),
        type: e.type,
        schemaVersion: 1,
        streamId: `chat-${String(e.data.chatId ?? 0)}`,
        streamPosition: from + i,
        globalPosition: from + i,
        transactionId: String(from + i),
        occurredAt: e.at,
        recordedAt: e.at,
        metadata: { correlationId: randomUUID(), causationId: null },
        data: e.data,
      } as EventEnvelope;
      return `${JSON.stringify(toRow(env))}\n`;
    })
    .join('');
  if (body === '') return from;
  const r = await ch.client.exec({
    query: `INSERT INTO ${ch.table('events_raw')} (${EVENTS_RAW_COLUMNS.join(', ')}) SETTINGS input_format_json_read_objects_as_strings = 1 FORMAT JSONCompactEachRow`,
    values: Readable.from([body], { objectMode: false }),
  });
  for await (const _ of r.stream) void _;
  return from + events.length;
}
