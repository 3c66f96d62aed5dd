import type { EventEnvelope } from '@napominalka/domain';

/**
 * One event as a row of `events_raw` (see migrations.ts): the mapping every writer of the table
 * shares. Pure: writing the rows (batching, deduplication) is the projector's job.
 */

/** Columns of `events_raw` the projection writes, in the order of {@link toRow}'s values. */
export const EVENTS_RAW_COLUMNS = [
  'id',
  'type',
  'schema_version',
  'stream_id',
  'stream_position',
  'global_position',
  'transaction_id',
  'chat_id',
  'occurred_at',
  'recorded_at',
  'correlation_id',
  'causation_id',
  'data',
  'lang',
  'intent',
  'parser',
  'model_version',
  'confidence',
  'latency_ms',
  'reason',
  'kind',
  'lateness_ms',
  'reminder_id',
] as const;

export type Row = [
  id: string,
  type: string,
  schemaVersion: number,
  streamId: string,
  streamPosition: number,
  globalPosition: number,
  transactionId: string,
  chatId: number,
  occurredAt: string,
  recordedAt: string,
  correlationId: string,
  causationId: string,
  /** The object itself: ClickHouse stores its JSON text (input_format_json_read_objects_as_strings). */
  data: unknown,
  lang: string,
  intent: string,
  parser: string,
  modelVersion: string,
  confidence: number,
  latencyMs: number,
  reason: string,
  kind: string,
  latenessMs: number,
  reminderId: string,
];

const isPlainObject = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
/** ISO instant → ClickHouse's DateTime64(3) text (UTC); the store's own form is cut, not parsed. */
const ISO_UTC_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const chTime = (iso: string): string => (ISO_UTC_MS.test(iso) ? iso : new Date(iso).toISOString()).slice(0, 23).replace('T', ' ');

/**
 * One event as a row of `events_raw`: the envelope, `data` as JSON text (decoded to the current
 * schema version, exactly as consumers see it), and the fields the marts group by, read by name
 * so that a field added to a schema later does not need a change here.
 */
export function toRow(e: EventEnvelope): Row {
  const d = (e.data ?? {}) as Record<string, unknown>;
  const confidence = d.confidence as { intent?: unknown } | undefined;
  return [
    e.id,
    e.type,
    e.schemaVersion,
    e.streamId,
    e.streamPosition,
    e.globalPosition,
    e.transactionId,
    Number.isInteger(d.chatId) ? (d.chatId as number) : 0,
    chTime(e.occurredAt),
    chTime(e.recordedAt),
    e.metadata.correlationId,
    e.metadata.causationId ?? '',
    // Serialised once, by the client's encoder, and kept as text by ClickHouse: the same bytes as
    // JSON.stringify(e.data), without stringifying and escaping it twice.
    isPlainObject(e.data) ? e.data : JSON.stringify(e.data),
    str(d.lang),
    str(d.intent),
    str(d.parser),
    str(d.modelVersion) || (e.type === 'ModelPromoted' ? str(d.version) : ''),
    num(confidence?.intent),
    num(d.latencyMs),
    str(d.reason),
    str(d.kind),
    num(d.latenessMs),
    str(d.reminderId),
  ];
}
