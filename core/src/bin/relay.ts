import { openEventStore } from '../store/open-store';
import { Relay } from '../relay';
import { runService } from './run-service';

const HELP = `Usage: relay [--help]

Publishes stored events to RabbitMQ in order, with publisher confirms. Several may run:
one is active (Postgres advisory lock), the others stand by and take over within seconds.
Settings come from the environment (DATABASE_URL, PG_SCHEMA, AMQP_URL, AMQP_PREFIX,
RELAY_BATCH_SIZE, RELAY_POLL_MS, HTTP_PORT for /healthz /readyz /metrics, ...; see README).`;

await runService({
  help: HELP,
  name: 'relay',
  async start({ config, log }) {
    const { pool, store } = await openEventStore(config, log);
    const relay = new Relay({
      store,
      databaseUrl: config.DATABASE_URL,
      amqpUrl: config.AMQP_URL,
      prefix: config.AMQP_PREFIX,
      log,
      batchSize: config.RELAY_BATCH_SIZE,
      pollMs: config.RELAY_POLL_MS,
      leaderRetryMs: config.RELAY_LEADER_RETRY_MS,
    }).start();
    return {
      readiness: { postgres: async () => (await pool.query('select 1')).rowCount === 1 },
      async stop() {
        await relay.stop();
        await pool.end();
      },
    };
  },
});
