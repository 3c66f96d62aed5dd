import type { Config } from '@napominalka/core';
import { buildGraph, daily, defineSchedule, type AssetGraph } from './framework';
import { parseQualityAsset } from './assets/parse-quality/asset';
import { driftReportAsset } from './assets/drift-report/asset';
import { dailyAlertsAsset } from './assets/alerts/asset';
import type { EtlResources } from './resources';

/**
 * Everything this ETL runs: its assets, schedules and sensors, validated as one graph (an unknown
 * dependency or a cycle stops start-up naming it). The one place to add an asset.
 */
export function etlDefinitions(config: Pick<Config, 'ETL_START_DATE' | 'ETL_TIMEZONE'>): AssetGraph<EtlResources> {
  const days = daily({ start: config.ETL_START_DATE, timezone: config.ETL_TIMEZONE });
  return buildGraph<EtlResources>({
    assets: [parseQualityAsset(days), driftReportAsset(days), dailyAlertsAsset(days)],
    schedules: [
      // Nightly, once the day is over and late events have had a quarter of an hour to arrive.
      defineSchedule({ name: 'nightly', cron: '15 0 * * *', timezone: config.ETL_TIMEZONE, assets: ['parse_quality', 'drift_report', 'daily_alerts'] }),
    ],
  });
}
