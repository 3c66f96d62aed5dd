import { type EventEnvelope, newEventId } from '@napominalka/domain';

/** An event the decider appended, as it was stored (position, id, time and metadata given by the handler). */
export type DecidedEvent = Pick<EventEnvelope, 'id' | 'type' | 'data' | 'occurredAt' | 'streamId' | 'streamPosition' | 'metadata'>;

/** The decided events with the ids, positions and time they are appended with, caused by `input`. */
export function stampDecided(input: EventEnvelope, head: number, events: ReadonlyArray<{ type: string; data: unknown }>): DecidedEvent[] {
  const occurredAt = new Date().toISOString();
  return events.map((d, i) => ({
    ...d,
    id: newEventId(),
    occurredAt,
    streamId: input.streamId,
    streamPosition: head + 1 + i,
    metadata: { correlationId: input.metadata.correlationId, causationId: input.id },
  }));
}
