import { z } from 'zod';

/** Metadata carried with every event: who caused it and the trace it belongs to. */
export const eventMetadataSchema = z.object({
  correlationId: z.string().min(1),
  causationId: z.string().min(1).nullable(),
  traceparent: z.string().optional(),
  tracestate: z.string().optional(),
});
export type EventMetadata = z.infer<typeof eventMetadataSchema>;

/** An event as stored and as published. `data` is decoded to the current schema version on read. */
export const envelopeSchema = z.object({
  id: z.string().uuid(),
  type: z.string().min(1),
  schemaVersion: z.number().int().positive(),
  streamId: z.string().min(1),
  streamPosition: z.number().int().positive(),
  globalPosition: z.number().int().positive(),
  /** Id of the Postgres transaction that stored it (xid8, as text): the gap-safe read order. */
  transactionId: z.string().regex(/^\d+$/),
  // ISO instants written by Postgres; not re-validated by regex on every delivery (hot path).
  occurredAt: z.string().min(1),
  recordedAt: z.string().min(1),
  metadata: eventMetadataSchema,
  data: z.unknown(),
});
export type EventEnvelope<D = unknown> = Omit<z.infer<typeof envelopeSchema>, 'data'> & { data: D };

/** What a writer hands to `append`: the store fills in ids, positions and times it does not give. */
export interface NewEvent<T extends string = string, D = unknown> {
  type: T;
  data: D;
  id?: string;
  occurredAt?: Date;
  metadata?: Partial<EventMetadata>;
}

export const chatStream = (chatId: number | string): string => `chat-${chatId}`;
const CHAT_STREAM = /^chat-(-?\d+)$/;
/** The chat of a stream `chat-<id>` (null for any other stream). */
export const chatIdOfStream = (streamId: string): number | null => {
  const m = CHAT_STREAM.exec(streamId);
  return m ? Number(m[1]) : null;
};
