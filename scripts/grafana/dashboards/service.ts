import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ch, prom, type DashboardSpec, type Panel, type PanelType } from './panels';

/**
 * Service: the event backbone on Prometheus (every panel of the backbone dashboard, read from
 * grafana/dashboards/backbone.json so the two never differ), headline stats of consumer lag,
 * parked messages and the bot's outbox, and the ETL's runs, materializations, checks and the
 * operator alerts from ClickHouse (the ETL's history and AdminAlertRaised are events, so the
 * projection has them in events_raw).
 */
const BACKBONE = join(dirname(fileURLToPath(import.meta.url)), '../../../grafana/dashboards/backbone.json');

interface BackbonePanel {
  type: PanelType;
  title: string;
  fieldConfig?: { defaults?: { unit?: string } };
  targets: { expr: string; legendFormat?: string }[];
}

function backbonePanels(): Panel[] {
  const d = JSON.parse(readFileSync(BACKBONE, 'utf8')) as { panels: BackbonePanel[] };
  return d.panels.map((p) =>
    prom({
      title: p.title,
      type: p.type,
      w: 8,
      ...(p.fieldConfig?.defaults?.unit ? { unit: p.fieldConfig.defaults.unit } : {}),
      exprs: p.targets.map((t) => ({ expr: t.expr, ...(t.legendFormat ? { legend: t.legendFormat } : {}) })),
    }),
  );
}

const RUN_OUTCOMES = "'EtlRunSucceeded', 'EtlRunFailed', 'EtlRunCancelled', 'EtlRunRetryScheduled'";

export const service: DashboardSpec = {
  uid: 'napominalka-service',
  title: 'Napominalka — service',
  description: 'The event backbone (Prometheus) and the ETL (ClickHouse).',
  tags: ['napominalka', 'service'],
  time: { from: 'now-6h', to: 'now' },
  refresh: '30s',
  variables: [],
  panels: [
    prom({ title: 'Consumer lag (max, events)', type: 'stat', w: 6, h: 4, exprs: [{ expr: 'max(napominalka_consumer_lag_events)' }] }),
    prom({
      title: 'Parked messages in range',
      type: 'stat',
      w: 6,
      h: 4,
      exprs: [{ expr: 'sum(increase(napominalka_consumer_parked_total[$__range]))' }],
    }),
    prom({ title: 'Bot outbox waiting', type: 'stat', w: 6, h: 4, exprs: [{ expr: 'max(napominalka_bot_outbox_pending)' }] }),
    ch({
      title: 'ETL runs failed in range',
      type: 'stat',
      w: 6,
      h: 4,
      sql: `SELECT uniqExactIf(id, type = 'EtlRunFailed') AS failed, uniqExactIf(id, type = 'EtlRunSucceeded') AS succeeded
FROM events_raw
WHERE type IN ('EtlRunFailed', 'EtlRunSucceeded') AND $__timeFilter(occurred_at)`,
    }),
    ...backbonePanels(),
    ch({
      title: 'ETL runs by outcome',
      type: 'timeseries',
      bars: true,
      stacked: true,
      sql: `SELECT $__timeInterval(occurred_at) AS time, replaceOne(type, 'EtlRun', '') AS outcome, uniqExact(id) AS runs
FROM events_raw
WHERE type IN (${RUN_OUTCOMES}) AND $__timeFilter(occurred_at)
GROUP BY time, outcome
ORDER BY time`,
    }),
    ch({
      title: 'ETL materializations by asset',
      type: 'timeseries',
      bars: true,
      stacked: true,
      sql: `SELECT $__timeInterval(occurred_at) AS time, JSONExtractString(data, 'asset') AS asset, uniqExact(id) AS materializations
FROM events_raw
WHERE type = 'EtlAssetMaterialized' AND $__timeFilter(occurred_at)
GROUP BY time, asset
ORDER BY time`,
    }),
    ch({
      title: 'ETL run duration',
      type: 'timeseries',
      unit: 'ms',
      sql: `SELECT $__timeInterval(occurred_at) AS time, quantile(0.5)(JSONExtractFloat(data, 'durationMs')) AS p50, max(JSONExtractFloat(data, 'durationMs')) AS max
FROM events_raw
WHERE type = 'EtlRunSucceeded' AND $__timeFilter(occurred_at)
GROUP BY time
ORDER BY time`,
    }),
    ch({
      title: 'ETL runs',
      type: 'table',
      w: 16,
      h: 10,
      description: 'The latest 50 runs requested in the range: assets, partition, outcome, duration, failure.',
      sql: `SELECT JSONExtractString(data, 'runId') AS run_id,
  min(occurred_at) AS requested_at,
  anyIf(arrayStringConcat(JSONExtract(data, 'assets', 'Array(String)'), ', '), type = 'EtlRunRequested') AS assets,
  anyIf(JSONExtractString(data, 'partition'), type = 'EtlRunRequested') AS partition,
  anyIf(JSONExtractString(data, 'reason'), type = 'EtlRunRequested') AS reason,
  argMaxIf(replaceOne(type, 'EtlRun', ''), global_position, type IN ('EtlRunSucceeded', 'EtlRunFailed', 'EtlRunCancelled')) AS outcome,
  maxIf(JSONExtractFloat(data, 'durationMs'), type = 'EtlRunSucceeded') AS duration_ms,
  anyIf(JSONExtractString(data, 'failure', 'message'), type = 'EtlRunFailed') AS failure
FROM events_raw
WHERE type LIKE 'EtlRun%' AND $__timeFilter(occurred_at)
GROUP BY run_id
HAVING countIf(type = 'EtlRunRequested') > 0
ORDER BY requested_at DESC
LIMIT 50`,
    }),
    ch({
      title: 'ETL asset checks',
      type: 'table',
      w: 8,
      h: 10,
      sql: `SELECT JSONExtractString(data, 'asset') AS asset, JSONExtractString(data, 'check') AS check,
  countIf(JSONExtractBool(data, 'passed')) AS passed, countIf(NOT JSONExtractBool(data, 'passed')) AS failed
FROM events_raw
WHERE type = 'EtlCheckEvaluated' AND $__timeFilter(occurred_at)
GROUP BY asset, check
ORDER BY failed DESC, asset, check`,
    }),
    ch({
      title: 'Operator alerts raised',
      type: 'timeseries',
      bars: true,
      stacked: true,
      w: 24,
      description: 'AdminAlertRaised (consumer lag, parked messages, drift, quality, failed ETL runs and checks) per interval.',
      sql: `SELECT $__timeInterval(occurred_at) AS time, JSONExtractString(data, 'alert') AS alert, uniqExact(id) AS alerts
FROM events_raw
WHERE type = 'AdminAlertRaised' AND $__timeFilter(occurred_at)
GROUP BY time, alert
ORDER BY time`,
    }),
  ],
};
