import type { Config, Logger } from '@napominalka/core';
import { clickHouseFromConfig, migrateClickHouse, startClickHouseGateway, type ClickHouse, type ClickHouseGateway } from '@napominalka/core/clickhouse';
import type { ProjectionStarter } from '../projections';
import { clickhouseConsumer } from './projection';

/**
 * The gateway to the embedded ClickHouse, if one is wanted: the engine binds its data directory
 * to this process, so the ETL and the UI reach it only through here (CLICKHOUSE_URL pointing at
 * it). Nothing to serve when the projection writes to a ClickHouse server.
 */
async function startGateway(ch: ClickHouse, config: Config, log: Logger): Promise<ClickHouseGateway | null> {
  if (ch.backend !== 'chdb' || config.CLICKHOUSE_GATEWAY_PORT === 0) return null;
  return startClickHouseGateway({
    ch,
    host: config.CLICKHOUSE_GATEWAY_HOST,
    port: config.CLICKHOUSE_GATEWAY_PORT,
    user: config.CLICKHOUSE_USER,
    password: config.CLICKHOUSE_PASSWORD,
    log,
  });
}

/**
 * The ClickHouse projection: migrate ClickHouse, then consume every event as `projector-ch`;
 * beside it, with the embedded engine and CLICKHOUSE_GATEWAY_PORT set, the HTTP gateway to it.
 */
export const startClickHouseProjection: ProjectionStarter = async ({ config, log, store }) => {
  const chLog = log.child({ projection: 'clickhouse' });
  const ch = await clickHouseFromConfig(config);
  let gateway: ClickHouseGateway | null = null;
  try {
    const applied = await migrateClickHouse(ch);
    chLog.info({ backend: ch.backend, database: ch.database, migrations: applied }, 'ClickHouse ready');
    gateway = await startGateway(ch, config, chLog);
    const consumer = clickhouseConsumer({ ch, store, config, log: chLog });
    await consumer.start();
    const gw = gateway;
    return {
      readiness: {
        clickhouse: async () => (await ch.client.ping()).success,
        ...(gw ? { clickhouse_gateway: () => gw.listening() } : {}),
      },
      async stop() {
        // The gateway first: its requests run on the engine the projection's client closes.
        await gw?.close();
        await consumer.stop();
        await ch.close();
      },
    };
  } catch (err) {
    await gateway?.close().catch(() => undefined);
    await ch.close().catch(() => undefined);
    throw err;
  }
};
