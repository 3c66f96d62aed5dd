import type { EventData, EventTypeName } from '../events/catalog';

/** An event as the domain reads it: the envelope's fields evolve needs (tests give fewer). */
export interface StreamEvent {
  type: string;
  data: unknown;
  id?: string;
  occurredAt?: string;
  streamPosition?: number;
  metadata?: { causationId?: string | null };
}

/** Catalog events of the types `T`, each with its own data: `switch (event.type)` narrows it. */
type CatalogEvent<T extends EventTypeName> = { [K in T]: { type: K; data: EventData<K> } }[T];

/** What the decider emits. */
export type DomainEventType =
  'ReminderScheduled' | 'ReminderRescheduled' | 'ReminderCancelled' | 'ReminderCompleted' | 'ClarificationRequested' | 'ChatSettingsChanged' | 'FeedbackGiven';
/** An event the decider emits, typed by the catalog. */
export type DomainEvent = CatalogEvent<DomainEventType>;

/** What evolve folds: the decider's own events and the inputs the state keeps track of. */
export type FoldedEvent = CatalogEvent<DomainEventType | 'MessageReceived' | 'MessageParsed' | 'ReminderDelivered'>;

const FOLDED_TYPES: ReadonlySet<string> = new Set<FoldedEvent['type']>([
  'ReminderScheduled',
  'ReminderRescheduled',
  'ReminderCancelled',
  'ReminderCompleted',
  'ClarificationRequested',
  'ChatSettingsChanged',
  'FeedbackGiven',
  'MessageReceived',
  'MessageParsed',
  'ReminderDelivered',
]);

/**
 * The stream event typed by its name, or null for a type evolve ignores. Not validated again: the
 * store validated its data against the catalog when it was appended.
 */
export function foldedEvent(e: StreamEvent): FoldedEvent | null {
  return FOLDED_TYPES.has(e.type) ? (e as FoldedEvent) : null;
}
