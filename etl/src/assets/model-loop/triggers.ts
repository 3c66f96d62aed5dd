import { DateTime } from 'luxon';
import { defineSchedule, defineSensor, type SensorDefinition } from '../../framework';
import type { EtlResources } from '../../resources';

/** The model loop's assets, in order: one run materializes them for one day. */
export const MODEL_LOOP = ['feedback_labels', 'training_set', 'candidate_model', 'candidate_evaluation', 'promotion'] as const;

/** Days in a row the drift report must find dataset drift before a retraining is asked for. */
export const DRIFT_DAYS = 2;

/**
 * By default weekly, Monday 03:00 in the ETL's zone: a candidate from the week's feedback
 * (MODEL_RETRAINING_CRON; `off` leaves the sensor and runs by hand). Missed ticks are made up
 * for like every schedule's.
 */
export const retrainingSchedules = (cron: string, timezone: string) =>
  cron === 'off' ? [] : [defineSchedule({ name: 'retraining', cron, timezone, assets: [...MODEL_LOOP] })];

const previousDay = (day: string) => DateTime.fromISO(day, { zone: 'UTC' }).minus({ days: 1 }).toISODate()!;

/**
 * Asks for a retraining of day D when the drift report found dataset drift on D and on the day
 * before, or when daily_alerts found a quality figure past its threshold for its 2 days (it
 * counts them in `quality_breaches`). A cursor per asset (global positions): each
 * materialization is looked at once.
 */
export function retrainingSensor<R = EtlResources>(intervalMs = 60_000): SensorDefinition<R> {
  return defineSensor<R>({
    name: 'retraining',
    intervalMs,
    targets: [...MODEL_LOOP, 'drift_report', 'daily_alerts'],
    async evaluate(ctx, cursor) {
      const [afterDrift, afterAlerts] = (cursor ?? '0:0').split(':').map(Number) as [number, number];
      const drift = await ctx.materializationsAfter('drift_report', 0);
      const alerts = await ctx.materializationsAfter('daily_alerts', afterAlerts);
      const drifted = new Map<string, boolean>();
      for (const m of drift) if (m.partition) drifted.set(m.partition, m.metadata.dataset_drift === true);
      const days = new Set<string>();
      for (const m of drift) {
        if (m.position <= afterDrift || !m.partition || m.metadata.dataset_drift !== true) continue;
        if (drifted.get(previousDay(m.partition)) === true) days.add(m.partition);
      }
      for (const m of alerts) if (m.partition && Number(m.metadata.quality_breaches ?? 0) > 0) days.add(m.partition);
      const next = `${Math.max(afterDrift, ...drift.map((m) => m.position))}:${Math.max(afterAlerts, ...alerts.map((m) => m.position))}`;
      return { cursor: next, requests: [...days].sort().map((partition) => ({ assets: [...MODEL_LOOP], partition })) };
    },
  });
}
