import type { Config } from '@napominalka/core';
import { buildGraph, daily, defineSchedule, type AssetGraph } from './framework';
import { parseQualityAsset } from './assets/parse-quality/asset';
import { driftReportAsset } from './assets/drift-report/asset';
import { dailyAlertsAsset } from './assets/alerts/asset';
import { feedbackLabelsAsset } from './assets/model-loop/feedback-labels/asset';
import { trainingSetAsset } from './assets/model-loop/training-set/asset';
import { candidateModelAsset } from './assets/model-loop/candidate-model/asset';
import { candidateEvaluationAsset } from './assets/model-loop/evaluation/asset';
import { promotionAsset } from './assets/model-loop/promotion/asset';
import { retrainingSchedules, retrainingSensor } from './assets/model-loop/triggers';
import type { EtlResources } from './resources';

/**
 * Everything this ETL runs: its assets, schedules and sensors, validated as one graph (an unknown
 * dependency or a cycle stops start-up naming it). The one place to add an asset.
 */
export function etlDefinitions(
  config: Pick<Config, 'ETL_START_DATE' | 'ETL_TIMEZONE' | 'MODEL_TRAIN_TIMEOUT_MS' | 'MODEL_TRAIN_ARGS' | 'MODEL_RETRAINING_CRON'>,
): AssetGraph<EtlResources> {
  const days = daily({ start: config.ETL_START_DATE, timezone: config.ETL_TIMEZONE });
  return buildGraph<EtlResources>({
    assets: [
      parseQualityAsset(days),
      driftReportAsset(days),
      dailyAlertsAsset(days),
      // The model loop: production feedback → training set → candidate → evaluation → promotion.
      feedbackLabelsAsset(days),
      trainingSetAsset(days),
      candidateModelAsset(days, { timeoutMs: config.MODEL_TRAIN_TIMEOUT_MS, trainArgs: config.MODEL_TRAIN_ARGS }),
      candidateEvaluationAsset(days),
      promotionAsset(days),
    ],
    schedules: [
      // Nightly, once the day is over and late events have had a quarter of an hour to arrive.
      defineSchedule({
        name: 'nightly',
        cron: '15 0 * * *',
        timezone: config.ETL_TIMEZONE,
        assets: ['parse_quality', 'drift_report', 'daily_alerts', 'feedback_labels'],
      }),
      ...retrainingSchedules(config.MODEL_RETRAINING_CRON, config.ETL_TIMEZONE),
    ],
    sensors: [retrainingSensor()],
  });
}
