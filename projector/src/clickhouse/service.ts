import type { ProjectionStarter } from '../projections';
import { clickHouseFromConfig, migrateClickHouse } from '@napominalka/core/clickhouse';
import { clickhouseConsumer } from './projection';

/** The ClickHouse projection: migrate ClickHouse, then consume every event as `projector-ch`. */
export const startClickHouseProjection: ProjectionStarter = async ({ config, log, store }) => {
  const chLog = log.child({ projection: 'clickhouse' });
  const ch = await clickHouseFromConfig(config);
  try {
    const applied = await migrateClickHouse(ch);
    chLog.info({ backend: ch.backend, database: ch.database, migrations: applied }, 'ClickHouse ready');
    const consumer = clickhouseConsumer({ ch, store, config, log: chLog });
    await consumer.start();
    return {
      readiness: {
        clickhouse: async () => (await ch.client.ping()).success,
      },
      async stop() {
        await consumer.stop();
        await ch.close();
      },
    };
  } catch (err) {
    await ch.close().catch(() => undefined);
    throw err;
  }
};
