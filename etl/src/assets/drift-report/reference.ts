import { DateTime } from 'luxon';
import type { ClickHouse } from '@napominalka/core/clickhouse';
import type { Reference } from './report';
import { featureWindow } from './window-query';

/** Days the rolling reference covers, before the day reported on. */
export const REFERENCE_DAYS = 28;
/** Rows read per window at most (sampled by event id beyond it). */
export const WINDOW_CAP = 200_000;

/** The window of the 28 days before `day` (in the partitions' zone). */
export function previousDaysWindow(day: string, zone: string): { from: Date; to: Date; label: string } {
  const start = DateTime.fromISO(day, { zone }).startOf('day');
  const from = start.minus({ days: REFERENCE_DAYS });
  return { from: from.toJSDate(), to: start.toJSDate(), label: `the ${REFERENCE_DAYS} days ${from.toISODate()} … ${start.minus({ days: 1 }).toISODate()}` };
}

export async function previousDaysReference(ch: ClickHouse, day: string, zone: string, defaultZone: string): Promise<Reference> {
  const w = previousDaysWindow(day, zone);
  const win = await featureWindow(ch, { from: w.from, to: w.to, cap: WINDOW_CAP, defaultZone });
  return { kind: 'previous-28-days', label: w.label, window: win, missing: [] };
}
