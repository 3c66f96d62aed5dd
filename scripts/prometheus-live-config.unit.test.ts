import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { alertExprs, familyOf, liveConfig, metricNames, shortenedAlerts } from './prometheus-live-config';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../compose/prometheus');
const COMPOSE = readFileSync(path.join(dir, 'prometheus.yml'), 'utf8');
const ALERTS = readFileSync(path.join(dir, 'alerts.yml'), 'utf8');
const LOCAL: Record<string, string[]> = {
  relay: ['127.0.0.1:1', '127.0.0.1:2'],
  rabbitmq: ['127.0.0.1:15692'],
  ...Object.fromEntries(['inference', 'projector', 'scheduler', 'bot', 'ui', 'etl'].map((s, i) => [s, [`127.0.0.1:${10 + i}`]])),
};

interface Config {
  global: Record<string, string>;
  rule_files: string[];
  scrape_configs: { job_name: string; metrics_path: string; static_configs: { targets: string[]; labels: { service: string } }[] }[];
}

describe('the live Prometheus configuration', () => {
  it("keeps compose's jobs, metrics paths and rule files, with each service's local targets labelled as compose labels them", () => {
    const c = parse(liveConfig(COMPOSE, LOCAL, 1)) as Config;
    const compose = parse(COMPOSE) as Config;
    expect(c.rule_files).toEqual(compose.rule_files);
    expect(c.scrape_configs.map((j) => [j.job_name, j.metrics_path])).toEqual(compose.scrape_configs.map((j) => [j.job_name, j.metrics_path]));
    const relay = c.scrape_configs.find((j) => j.job_name === 'relay')!;
    expect(relay.static_configs).toEqual([{ targets: LOCAL.relay!, labels: { service: 'relay' } }]);
    const services = c.scrape_configs.find((j) => j.job_name === 'napominalka')!.static_configs.map((s) => s.labels.service);
    expect(services).toEqual(['inference', 'projector', 'scheduler', 'bot', 'ui']);
    expect(c.global).toMatchObject({ scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' });
  });

  it('refuses a compose service with no local target', () => {
    const withoutEtl = Object.fromEntries(Object.entries(LOCAL).filter(([s]) => s !== 'etl'));
    expect(() => liveConfig(COMPOSE, withoutEtl, 1)).toThrow(/job etl: no local target for compose service etl/);
  });

  it('shortens the alerts’ waits and nothing else', () => {
    const short = shortenedAlerts(ALERTS, '2s');
    expect(alertExprs(short)).toEqual(alertExprs(ALERTS));
    const rules = (parse(short) as { groups: { rules: { for: string }[] }[] }).groups.flatMap((g) => g.rules);
    expect(new Set(rules.map((r) => r.for))).toEqual(new Set(['2s', '0m']));
  });
});

describe('metric names of an expression', () => {
  it('are the series read, not functions, keywords, labels or grouping labels', () => {
    expect(metricNames(ALERT_LIKE)).toEqual(['napominalka_consumer_parked_total', 'process_start_time_seconds']);
    expect(metricNames('histogram_quantile(0.99, sum by (le, consumer) (rate(napominalka_handler_duration_seconds_bucket[$__rate_interval])))')).toEqual([
      'napominalka_handler_duration_seconds_bucket',
    ]);
    expect(metricNames('(sum(napominalka_relay_leader{job="relay"}) or vector(0)) < 1')).toEqual(['napominalka_relay_leader']);
    expect(familyOf('napominalka_handler_duration_seconds_bucket')).toBe('napominalka_handler_duration_seconds');
  });
});

const ALERT_LIKE = `sum by (consumer, reason) (increase(napominalka_consumer_parked_total[15m])) > 0
  or sum by (consumer, reason) (napominalka_consumer_parked_total and on (instance) (time() - process_start_time_seconds < 900)) > 0`;
