import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { EventEnvelope } from '@napominalka/domain';
import type { ClickHouse } from './client';
import { EVENTS_RAW_COLUMNS, toRow } from './events-raw';

/**
 * An event for a test seed: its type, when and the data the marts read. What a test leaves out
 * is made up: a random id and correlation id, no causation, the stream chat-<data.chatId> and
 * the stream position equal to the global one.
 */
export interface SeedEvent {
  type: string;
  occurredAt: string;
  data: Record<string, unknown>;
  id?: string;
  streamId?: string;
  streamPosition?: number;
  correlationId?: string;
  causationId?: string | null;
}

/**
 * Writes events straight into events_raw (as the projector's rows; the marts' views fill from
 * there), for tests and benchmarks that need ClickHouse filled without the whole pipeline.
 * Global positions follow `from`; returns the next one.
 */
export async function insertEventsRaw(ch: ClickHouse, events: readonly SeedEvent[], from = 1): Promise<number> {
  const body = events
    .map((e, i) => {
      const env: EventEnvelope = {
        id: e.id ?? randomUUID(),
        type: e.type,
        schemaVersion: 1,
        streamId: e.streamId ?? `chat-${String(e.data.chatId ?? 0)}`,
        streamPosition: e.streamPosition ?? from + i,
        globalPosition: from + i,
        transactionId: String(from + i),
        occurredAt: e.occurredAt,
        recordedAt: e.occurredAt,
        metadata: { correlationId: e.correlationId ?? randomUUID(), causationId: e.causationId ?? null },
        data: e.data,
      };
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
