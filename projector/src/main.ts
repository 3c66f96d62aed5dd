import { openEventStore, runService, type Config } from '@napominalka/core';
import { startClickHouseProjection } from './clickhouse/service';
import { startPgProjection } from './pg/projection';
import { startScheduler } from './scheduler/service';
import type { ProjectionStarter, RunningProjection } from './projections';

const HELP = `Usage: projector [--help]

The projection service. Consumes every event and keeps the read models built from them:
  - Postgres (consumer "projector-pg"): chats, reminders (with the due index) and parses, each
    batch written with its checkpoint in one transaction. A redelivered event changes nothing.
  - The scheduler: appends ReminderDue for pending reminders whose time has come
    (FOR UPDATE SKIP LOCKED; key due:<reminder>:<occurrence>, so an occurrence fires once however
    many instances run). SCHEDULER_POLL_MS, SCHEDULER_BATCH_SIZE.
  - ClickHouse (consumer "projector-ch"): events_raw, one row per event, and the analytics
    marts filled by materialized views. Embedded (chdb, in CLICKHOUSE_DATA_DIR) unless
    CLICKHOUSE_URL names a server. A redelivered event changes nothing. Other processes reach
    the embedded one through its HTTP gateway when CLICKHOUSE_GATEWAY_PORT is set (their
    CLICKHOUSE_URL=http://127.0.0.1:<port>; CLICKHOUSE_USER / CLICKHOUSE_PASSWORD checked).
Settings from the environment (README, Configuration): DATABASE_URL, PG_SCHEMA, AMQP_URL,
AMQP_PREFIX, CONSUMER_*, CLICKHOUSE_URL, CLICKHOUSE_USER, CLICKHOUSE_PASSWORD,
CLICKHOUSE_DATABASE, CLICKHOUSE_DATA_DIR, CLICKHOUSE_BATCH_SIZE, CLICKHOUSE_GATEWAY_PORT,
CLICKHOUSE_GATEWAY_HOST; PROJECTOR_COMPONENTS (default postgres,scheduler,clickhouse) chooses
what this process runs.`;

/** The projections this service runs, each its own consumer; add one by adding its starter here. */
const projections: Array<{ name: Config['PROJECTOR_COMPONENTS'][number]; start: ProjectionStarter }> = [
  { name: 'postgres', start: startPgProjection },
  { name: 'scheduler', start: startScheduler },
  { name: 'clickhouse', start: startClickHouseProjection },
];

await runService({
  name: 'projector',
  help: HELP,
  async start({ config, log }) {
    const { pool, store } = await openEventStore(config, log);

    const running: RunningProjection[] = [];
    const stopAll = async () => {
      for (const p of running.splice(0).reverse()) await p.stop().catch((err: Error) => log.error({ err: err.message }, 'projection stop failed'));
    };
    try {
      for (const p of projections.filter((x) => config.PROJECTOR_COMPONENTS.includes(x.name))) {
        running.push(await p.start({ config, log, store }));
        log.info({ projection: p.name }, 'projection running');
      }
    } catch (err) {
      await stopAll();
      await pool.end();
      throw err;
    }

    return {
      readiness: {
        postgres: async () => (await pool.query('select 1')).rowCount === 1,
        ...Object.assign({}, ...running.map((p) => p.readiness)),
      },
      async stop() {
        await stopAll();
        await pool.end();
      },
    };
  },
});
