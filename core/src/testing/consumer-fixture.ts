import pg from 'pg';
import { catalog } from '@napominalka/domain';
import { EventStore } from '../store/event-store';
import { Consumer } from '../bus/consumer';
import { runService } from '../bin/run-service';

/**
 * A consumer process for crash tests: records one row per applied event in `<schema>.effects`,
 * optionally slowly (FIXTURE_DELAY_MS per event) so that a kill lands mid-batch.
 */
await runService({
  name: 'consumer-fixture',
  help: 'Usage: consumer-fixture (env: DATABASE_URL, PG_SCHEMA, AMQP_URL, AMQP_PREFIX, FIXTURE_CONSUMER, FIXTURE_DELAY_MS)',
  async start({ config, log }) {
    const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 4 });
    pool.on('error', () => undefined);
    const store = new EventStore(pool, catalog, config.PG_SCHEMA);
    const name = process.env.FIXTURE_CONSUMER ?? 'fixture';
    const delay = Number(process.env.FIXTURE_DELAY_MS ?? 0);
    const consumer = new Consumer({
      name,
      types: ['#'],
      store,
      amqpUrl: config.AMQP_URL,
      prefix: config.AMQP_PREFIX,
      log,
      batchSize: 20,
      async handle(e, { tx }) {
        if (delay > 0) await new Promise((r) => setTimeout(r, delay));
        await tx.query(`insert into "${config.PG_SCHEMA}".effects (consumer, event_id, stream_id, stream_position) values ($1, $2, $3, $4)`, [
          name,
          e.id,
          e.streamId,
          e.streamPosition,
        ]);
      },
    });
    await consumer.start();
    log.info('fixture consuming');
    return {
      readiness: {},
      async stop() {
        await consumer.stop();
        await pool.end();
      },
    };
  },
});
