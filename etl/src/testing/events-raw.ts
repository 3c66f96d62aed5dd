import { Readable } from 'node:stream';
import { EVENTS_RAW_COLUMNS, toRow, type ClickHouse } from '@napominalka/core/clickhouse';
import type { EventEnvelope } from '@napominalka/core';
import type { HistoryEvent } from './parse-history';

/**
 * Writes history events straight into events_raw (as the projector's rows), for tests and the
 * benchmark that need ClickHouse filled without the whole pipeline. Global positions follow `from`.
 */
export async function insertHistory(ch: ClickHouse, events: readonly HistoryEvent[], from = 1): Promise<number> {
  let body = '';
  events.forEach((e, i) => {
    const env: EventEnvelope = {
      id: e.id,
      type: e.type,
      schemaVersion: 1,
      streamId: e.streamId,
      streamPosition: e.streamPosition,
      globalPosition: from + i,
      transactionId: String(from + i),
      occurredAt: e.occurredAt,
      recordedAt: e.occurredAt,
      metadata: { correlationId: e.correlationId, causationId: e.causationId },
      data: e.data,
    };
    body += `${JSON.stringify(toRow(env))}\n`;
  });
  if (body === '') return from;
  const r = await ch.client.exec({
    query: `INSERT INTO ${ch.table('events_raw')} (${EVENTS_RAW_COLUMNS.join(', ')}) SETTINGS input_format_json_read_objects_as_strings = 1 FORMAT JSONCompactEachRow`,
    values: Readable.from([body], { objectMode: false }),
  });
  for await (const _ of r.stream) void _;
  return from + events.length;
}
