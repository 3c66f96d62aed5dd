import { etlCatalog, type EtlEventType, type EventData } from '@napominalka/core';

/** Any ETL event, narrowed by its type. */
export type EtlEvent = { [T in EtlEventType]: { type: T; data: EventData<T> } }[EtlEventType];

/** An ETL event as stored: where it sits in the log and when. */
export type StoredEtlEvent = EtlEvent & { globalPosition: number; recordedAt: string };

const isEtlType = (t: string): t is EtlEventType => Object.hasOwn(etlCatalog, t);

/** Narrows a decoded envelope to an ETL event (validating its data), or null for any other type. */
export function asEtlEvent(e: { type: string; data: unknown; globalPosition: number; recordedAt: string }): StoredEtlEvent | null {
  if (!isEtlType(e.type)) return null;
  return narrow(e.type, e.data, e.globalPosition, e.recordedAt);
}

function narrow<T extends EtlEventType>(type: T, data: unknown, globalPosition: number, recordedAt: string): StoredEtlEvent {
  const parsed = etlCatalog[type].schema.parse(data) as EventData<T>;
  // One generic branch per type cannot be told to TS without a switch of 17 cases; the schema parse
  // above is what guarantees the pairing.
  return { type, data: parsed, globalPosition, recordedAt } as StoredEtlEvent;
}
