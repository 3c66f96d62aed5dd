import { etlStreams, type EventData, type EventStore } from '@napominalka/core';
import { asEtlEvent, type StoredEtlEvent } from '../history/etl-event';

/** Reads of the ETL's streams for the framework's tests: what a run and an asset recorded. */

/** The run's stream, narrowed and validated. */
export async function runEvents(store: EventStore, runId: string): Promise<StoredEtlEvent[]> {
  return (await store.readStream(etlStreams.run(runId))).map((e) => asEtlEvent(e)).filter((e): e is StoredEtlEvent => e !== null);
}

/** Events of one type in a list, their data. */
export function dataOf<T extends StoredEtlEvent['type']>(events: readonly StoredEtlEvent[], type: T): Array<EventData<T>> {
  return events.filter((e): e is Extract<StoredEtlEvent, { type: T }> => e.type === type).map((e) => e.data as EventData<T>);
}

/** Every EtlAssetMaterialized of `asset` that run `runId` recorded (for `partition`). */
export async function materializationsOf(
  store: EventStore,
  asset: string,
  runId: string,
  partition?: string | null,
): Promise<Array<EventData<'EtlAssetMaterialized'>>> {
  const events = (await store.readStream(etlStreams.asset(asset))).map((e) => asEtlEvent(e)).filter((e): e is StoredEtlEvent => e !== null);
  return dataOf(events, 'EtlAssetMaterialized').filter((m) => m.runId === runId && (partition === undefined || m.partition === partition));
}
