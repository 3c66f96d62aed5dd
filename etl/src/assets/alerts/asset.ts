import { defineAsset, identity, window, type PartitionsDefinition, type UpstreamPartition } from '../../framework';
import { etlMetrics } from '../../framework/execution/metrics';
import type { EtlResources } from '../../resources';
import { raiseAlert } from '../../alerts/raise';
import { QUALITY_THRESHOLDS, type QualityMetric } from '../parse-quality/figures';

/** Days running a quality figure must be past its threshold before operators are told. */
export const BREACH_DAYS = 2;

/**
 * `daily_alerts` (daily): tells operators, in the admin chat, what the day's figures say — dataset
 * drift in the drift report, and each parse-quality figure worse than its threshold on this day
 * and the one before. One alert per subject and day (idempotent), so a re-run says nothing twice.
 */
export function dailyAlertsAsset(partitions: PartitionsDefinition) {
  return defineAsset<EtlResources>({
    key: 'daily_alerts',
    description: 'alerts for the day: dataset drift, quality figures past their thresholds for 2 days (AdminAlertRaised → the admin chat)',
    partitions,
    deps: [
      { asset: 'drift_report', mapping: identity() },
      { asset: 'parse_quality', mapping: window(BREACH_DAYS - 1, { includeSelf: true }), optional: true },
    ],
    codeVersion: '1',
    retry: { maxAttempts: 3, backoffMs: 5_000 },
    timeoutMs: 60_000,
    materialize: async (ctx) => {
      const day = ctx.partition!;
      const raised: string[] = [];
      let qualityBreaches = 0;
      const drift = ctx.upstream.drift_report?.[0];
      if (drift?.metadata.dataset_drift === true) {
        const ok = await raiseAlert(
          ctx.resources.store,
          `drift:${day}`,
          {
            alert: 'drift-detected',
            severity: 'warning',
            title: `Dataset drift on ${day}`,
            text: `Drifted: ${String(drift.metadata.drifted ?? '')} (share ${Number(drift.metadata.drift_share ?? 0).toFixed(2)}) against ${String(drift.metadata.reference ?? 'the reference')}.`,
            link: String(drift.metadata.report_html ?? ''),
          },
          { correlationId: ctx.runId },
        );
        if (ok) raised.push('drift');
      }
      const days = [...(ctx.upstream.parse_quality ?? [])].sort((a, b) => String(a.partition).localeCompare(String(b.partition)));
      for (const metric of Object.keys(QUALITY_THRESHOLDS) as QualityMetric[]) {
        const streak = breachStreak(days, metric, day);
        if (day === latestDay(days)) etlMetrics.qualityBreaches.set({ metric }, streak);
        if (streak < BREACH_DAYS) continue;
        qualityBreaches++;
        const value = Number(days.find((d) => d.partition === day)!.metadata[metric]);
        const ok = await raiseAlert(
          ctx.resources.store,
          `quality:${metric}:${day}`,
          {
            alert: 'quality-degraded',
            severity: 'warning',
            title: `${metric.replaceAll('_', ' ')} above ${QUALITY_THRESHOLDS[metric].max} for ${streak} days`,
            text: `${metric} was ${(value * 100).toFixed(1)} % on ${day} (threshold ${(QUALITY_THRESHOLDS[metric].max * 100).toFixed(1)} %), and past it the day before too.`,
          },
          { correlationId: ctx.runId },
        );
        if (ok) raised.push(`quality:${metric}`);
      }
      ctx.log('info', raised.length > 0 ? `alerts raised: ${raised.join(', ')}` : 'no alerts');
      // The retraining sensor reads quality_breaches (model-loop/triggers.ts).
      return { metadata: { alerts: raised.length, raised: raised.join(','), quality_breaches: qualityBreaches } };
    },
  });
}

/** Consecutive days up to `day` on which the figure was past its threshold (0 when it was not on `day`). */
export function breachStreak(days: readonly UpstreamPartition[], metric: QualityMetric, day: string): number {
  let streak = 0;
  for (const d of [...days].reverse()) {
    if (d.partition! > day) continue;
    const v = d.metadata[metric];
    if (typeof v !== 'number' || v <= QUALITY_THRESHOLDS[metric].max) break;
    streak++;
  }
  return streak;
}

const latestDay = (days: readonly UpstreamPartition[]): string | null => days.at(-1)?.partition ?? null;
