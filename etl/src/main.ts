import { runService } from '@napominalka/core';
import { quoteIdent } from '@napominalka/core';
import { ensureBundledModels } from '@napominalka/core/model-registry';
import { startRuntime } from './framework';
import { startMonitors } from './alerts/start-monitors';
import { etlDefinitions } from './definitions';
import { openEtl } from './open-resources';
import { startEtlApi } from './api/start';

/** Long enough for the projector to load the embedded engine and open its gateway. */
const CLICKHOUSE_WAIT_MS = 120_000;

const HELP = `Usage: etl [--help]

The ETL service: software-defined assets (parse quality, drift reports, alerts) materialized on
their schedules and sensors, with the run history as events in the store. Any number of ETL
processes may run: a schedule tick makes one run, a run executes once. Operate it with
\`pnpm etl --help\` (list, status, materialize, backfill, runs, run, checks, cancel).
Settings from the environment (README, Configuration): DATABASE_URL, PG_SCHEMA, CLICKHOUSE_URL
(with ClickHouse embedded in the projector: its gateway, http://127.0.0.1:<CLICKHOUSE_GATEWAY_PORT>),
CLICKHOUSE_USER, CLICKHOUSE_PASSWORD, CLICKHOUSE_DATABASE, ETL_CONCURRENCY, ETL_POLL_MS,
ETL_TICK_MS, ETL_CATCHUP_HOURS, ETL_RUN_RETENTION_DAYS, ETL_TIMEZONE, ETL_START_DATE,
ETL_DRIFT_REFERENCE, ADMIN_CHAT_ID, RABBITMQ_MANAGEMENT_URL. At start-up it waits up to
${CLICKHOUSE_WAIT_MS / 1000} s for ClickHouse to answer (retrying with backoff), then exits non-zero.`;

await runService({
  name: 'etl',
  help: HELP,
  async start({ config, log }) {
    // The model loop registers candidates in MODEL_REGISTRY_DIR: it holds the bundled versions too.
    const seeded = ensureBundledModels(config.MODEL_REGISTRY_DIR);
    if (seeded?.copied.length) log.info({ dir: config.MODEL_REGISTRY_DIR, copied: seeded.copied }, 'added the bundled model versions to the registry');
    const graph = etlDefinitions(config);
    const etl = await openEtl(config, log, { clickHouseWaitMs: CLICKHOUSE_WAIT_MS });
    const runtime = startRuntime({
      history: etl.history,
      graph,
      resources: etl.resources,
      log,
      settings: {
        concurrency: config.ETL_CONCURRENCY,
        pollMs: config.ETL_POLL_MS,
        tickMs: config.ETL_TICK_MS,
        catchUpMs: config.ETL_CATCHUP_HOURS * 3_600_000,
        maxCatchUpTicks: 31,
        retentionDays: config.ETL_RUN_RETENTION_DAYS,
      },
    });
    const monitors = startMonitors({
      store: etl.resources.store,
      pool: etl.resources.pool,
      s: quoteIdent(config.PG_SCHEMA),
      managementUrl: config.RABBITMQ_MANAGEMENT_URL,
      prefix: config.AMQP_PREFIX,
      log,
      lagThreshold: 1000,
    });
    const api = startEtlApi(config, { history: etl.history, graph, log });
    log.info({ assets: graph.order, schedules: graph.schedules.map((s) => s.name), sensors: graph.sensors.map((s) => s.name) }, 'ETL running');
    return {
      readiness: {
        postgres: async () => (await etl.resources.pool.query('select 1')).rowCount === 1,
        clickhouse: async () => (await etl.resources.ch.client.ping()).success,
      },
      async stop() {
        await api.stop();
        await monitors.stop();
        await runtime.stop();
        await etl.close();
      },
    };
  },
});
