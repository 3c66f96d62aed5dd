import type pg from 'pg';
import type { EventData, EventStore } from '@napominalka/core';

export type AdminAlert = EventData<'AdminAlertRaised'>;

/** The stream operators' alerts are appended to; the bot's `bot-alerts` consumer delivers them. */
export const ALERTS_STREAM = 'alerts';

/**
 * Raises an alert once: the key names what it is about (a day, a run, a queue and hour), so a
 * re-run, a second ETL process or a restart raises nothing new. Returns false when it was raised before.
 */
export async function raiseAlert(
  store: EventStore,
  key: string,
  alert: AdminAlert,
  opts: { client?: pg.PoolClient; correlationId?: string } = {},
): Promise<boolean> {
  const res = await store.append(ALERTS_STREAM, [{ type: 'AdminAlertRaised', data: alert }], {
    idempotencyKey: `alert:${key}`,
    ...(opts.client ? { client: opts.client } : {}),
    ...(opts.correlationId ? { metadata: { correlationId: opts.correlationId } } : {}),
  });
  return !res.duplicate;
}
