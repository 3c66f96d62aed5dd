import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { chatStream } from '../core/src/index';
import { eventually } from '../core/src/testing/index';
import { lockExclusive } from '../projector/src/pg/tables';
import { alertExprs, familyOf, liveConfig, metricNames, servicesOf, shortenedAlerts } from './prometheus-live-config';
import { assertPrometheusInstalled, startPrometheus, type Alert, type RunningPrometheus } from './prometheus-live-server';
import { startLiveServices, type LiveServices } from './prometheus-live-services';

/**
 * Issue 16, Prometheus against the running services: every service of docker-compose.yml a real
 * process here, the real Prometheus (Debian's package) scraping them with compose's jobs and
 * alert rules, every target up and every series the alerts and dashboards read present; then
 * real consumer lag — the Postgres projection stalled behind the lock a read-model rebuild takes,
 * while 1200 events arrive — makes ConsumerLagHigh fire, and it resolves once the projection
 * catches up. Fails (never skips) without prometheus.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const read = (p: string) => readFileSync(path.join(root, p), 'utf8');
const COMPOSE_CONFIG = read('compose/prometheus/prometheus.yml');
const ALERTS = read('compose/prometheus/alerts.yml');
const CHAT = 1601;
/** Over ConsumerLagHigh's threshold (1000 events). */
const INJECTED = 1200;
/**
 * Series that prom-client creates on their first increment (a labelled counter with no labels
 * seen yet): before that Prometheus has their metadata (# TYPE), not a sample. The rules read
 * them that way on purpose (alerts.yml's header).
 */
const FIRST_INCREMENT = new Set(['napominalka_consumer_parked_total', 'napominalka_etl_check_failures_total', 'napominalka_consumer_retries_total']);

let live: LiveServices;
let prom: RunningPrometheus;

beforeAll(async () => {
  assertPrometheusInstalled();
  live = await startLiveServices(CHAT);
  prom = await startPrometheus({
    'prometheus.yml': liveConfig(COMPOSE_CONFIG, live.targets, 1),
    // The same rules with every `for:` cut to 2 s, so that an alert fires within the test's time;
    // expressions and thresholds are alerts.yml's own.
    'alerts.yml': shortenedAlerts(ALERTS, '2s'),
  }).catch(async (err: unknown) => {
    await live.stop();
    throw err;
  });
}, 150_000);

afterAll(async () => {
  await prom?.stop();
  await live?.stop();
});

const firing = async (): Promise<Alert[]> => (await prom.alerts()).filter((a) => a.state === 'firing');
const lagOf = async (consumer: string): Promise<number | null> => {
  const [s] = await prom.query(`min(napominalka_consumer_lag_events{consumer="${consumer}"})`);
  return s ? Number(s.value[1]) : null;
};
/** The consumers ConsumerLagHigh is pending or firing for. */
const lagAlerts = (alerts: Alert[]): string[] =>
  alerts
    .filter((a) => a.labels.alertname === 'ConsumerLagHigh')
    .map((a) => a.labels.consumer!)
    .sort();
/** `eventually`, whose failure says what `why` finds then (the state, not the one before the wait). */
async function within(fn: () => Promise<boolean>, ms: number, why: () => Promise<string>): Promise<void> {
  try {
    await eventually(fn, ms);
  } catch {
    throw new Error(`${await why()}; prometheus said:\n${prom.lines.slice(-10).join('\n')}`);
  }
}

describe('Prometheus against the running services', () => {
  it("scrapes every job of compose's prometheus.yml, and every compose service's target is up", async () => {
    const jobs = (parse(COMPOSE_CONFIG) as { scrape_configs: { job_name: string }[] }).scrape_configs;
    const expected = jobs.flatMap((j) => servicesOf(j as never).map((service) => `${j.job_name}/${service}`));
    await within(
      async () => {
        const ts = await prom.targets();
        return ts.length === Object.values(live.targets).flat().length && ts.every((t) => t.health === 'up');
      },
      30_000,
      async () => `not every target came up: ${JSON.stringify(await prom.targets().catch(() => []))}`,
    );
    const ts = await prom.targets();
    expect(new Set(ts.map((t) => `${t.labels.job}/${t.labels.service}`))).toEqual(new Set(expected));
    const [relays] = await prom.query('sum(napominalka_relay_leader{job="relay"})');
    expect(Number(relays!.value[1]), 'exactly one relay leads').toBe(1);
    expect((await prom.query('up{job="relay"}')).length, 'leader and standby are scraped').toBe(2);
  });

  it('has every series the alert rules and the dashboards read, after a user message went through', async () => {
    // A user writes to the bot on (emulated) Telegram and gets its reply: the ingress', the
    // consumers' and the bot's series exist.
    await live.tg.sendText(CHAT, 'remind me tomorrow at 9 to water the plants');
    await live.tg.nextBotMessage(CHAT, { timeoutMs: 30_000 });
    const exprs = [...Object.values(alertExprs(ALERTS)), ...dashboardExprs()];
    const wanted = [...new Set(exprs.flatMap(metricNames))].sort();
    expect(wanted).toContain('napominalka_consumer_lag_events');
    let missing: string[] = [];
    await within(
      async () => {
        const meta = await prom.metadata();
        const absent: string[] = [];
        for (const m of wanted) {
          if (!(familyOf(m) in meta) && m !== 'up') absent.push(`${m} (no target exports it)`);
          else if (!FIRST_INCREMENT.has(m) && (await prom.query(`count(${m})`)).length === 0) absent.push(`${m} (no series)`);
        }
        missing = absent;
        return absent.length === 0;
      },
      30_000,
      async () => `some series the rules or dashboards read are missing: ${missing.join(', ')}`,
    );
  });

  it('fires no critical alert while everything runs', async () => {
    await new Promise((r) => setTimeout(r, 4_000));
    const critical = (await firing()).filter((a) => a.labels.severity === 'critical');
    expect(critical.map((a) => a.labels)).toEqual([]);
  });

  it('fires ConsumerLagHigh for a stalled consumer falling behind, and resolves it once it caught up', async () => {
    const consumer = 'projector-pg';
    expect(await lagOf(consumer)).toBeLessThan(1000);
    // A rebuild's swap lock stalls the Postgres projection (its process runs and reports its lag).
    const lock = await live.t.pool.connect();
    try {
      await lock.query('begin');
      await lockExclusive(lock, live.t.schema);
      // ParseFailed: only the projections consume it, so nothing else has work to do.
      for (let chat = 0; chat < INJECTED / 100; chat++) {
        const events = Array.from({ length: 100 }, () => ({ type: 'ParseFailed' as const, data: { chatId: 9000 + chat, reason: 'injected lag' } }));
        await live.t.store.append(chatStream(9000 + chat), events);
      }
      await within(
        async () => (await firing()).some((a) => a.labels.alertname === 'ConsumerLagHigh' && a.labels.consumer === consumer),
        40_000,
        async () => `ConsumerLagHigh did not fire for ${consumer} (lag ${await lagOf(consumer)})`,
      );
      expect(await lagOf(consumer)).toBeGreaterThanOrEqual(INJECTED);
      // The other consumers have had nothing to do: none of them is reported behind.
      expect(lagAlerts(await prom.alerts())).toEqual([consumer]);
    } finally {
      await lock.query('rollback').catch(() => undefined);
      lock.release();
    }
    await within(
      async () => !(await prom.alerts()).some((a) => a.labels.alertname === 'ConsumerLagHigh' && a.labels.consumer === consumer),
      40_000,
      async () => `ConsumerLagHigh for ${consumer} did not resolve (lag ${await lagOf(consumer)})`,
    );
    expect(await lagOf(consumer)).toBeLessThan(1000);
    expect(lagAlerts(await prom.alerts())).toEqual([]);
  });
});

/** The PromQL of the Grafana dashboards (the backbone dashboard, which the service dashboard embeds). */
function dashboardExprs(): string[] {
  const d = JSON.parse(read('grafana/dashboards/service.json')) as { panels: { datasource?: { type?: string }; targets?: { expr?: string }[] }[] };
  return d.panels.filter((p) => p.datasource?.type === 'prometheus').flatMap((p) => (p.targets ?? []).flatMap((t) => (t.expr ? [t.expr] : [])));
}
