import { Counter, Gauge, Histogram } from 'prom-client';
import { registry } from '@napominalka/core';

/** The ETL's Prometheus metrics (alert rules in compose/prometheus/alerts.yml read them). */
export const etlMetrics = {
  runs: new Counter({
    name: 'napominalka_etl_runs_total',
    help: 'ETL runs finished, by outcome (succeeded, failed, cancelled) and asset',
    labelNames: ['asset', 'outcome'],
    registers: [registry],
  }),
  runDuration: new Histogram({
    name: 'napominalka_etl_run_duration_seconds',
    help: 'Wall time of an ETL run attempt',
    labelNames: ['asset'],
    buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
    registers: [registry],
  }),
  materializations: new Counter({
    name: 'napominalka_etl_materializations_total',
    help: 'Asset partitions materialized',
    labelNames: ['asset'],
    registers: [registry],
  }),
  checkFailures: new Counter({
    name: 'napominalka_etl_check_failures_total',
    help: 'Asset checks that failed, by severity',
    labelNames: ['asset', 'check', 'severity'],
    registers: [registry],
  }),
  freshnessLag: new Gauge({
    name: 'napominalka_etl_freshness_lag_seconds',
    help: 'Seconds since the end of the newest partition that should be materialized but is not (0 when up to date)',
    labelNames: ['asset'],
    registers: [registry],
  }),
  running: new Gauge({ name: 'napominalka_etl_runs_running', help: 'Runs this process is executing', registers: [registry] }),
  datasetDrift: new Gauge({ name: 'napominalka_etl_dataset_drift', help: '1 when the latest drift report found dataset drift, else 0', registers: [registry] }),
  qualityBreaches: new Gauge({
    name: 'napominalka_etl_quality_breaches',
    help: 'Consecutive days a parse-quality figure was worse than its threshold',
    labelNames: ['metric'],
    registers: [registry],
  }),
};
