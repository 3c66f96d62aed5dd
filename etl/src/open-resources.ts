import { migrate, openEventStore, type Config, type Logger } from '@napominalka/core';
import { clickHouseFromConfig, migrateClickHouse } from '@napominalka/core/clickhouse';
import { openEtlHistory, type EtlHistory } from './framework';
import { migrateEtlTables } from './assets/shared/tables';
import { REPORTS_MIGRATIONS } from './assets/drift-report/reports-table';
import type { EtlResources } from './resources';
import { httpPing, waitForClickHouse } from './wait-for-clickhouse';

export interface OpenEtlOptions {
  /**
   * How long to wait for ClickHouse to answer before giving up (default 0: one attempt). The
   * service waits — the projector's gateway may not be up yet; the CLI fails at once.
   */
  clickHouseWaitMs?: number;
}

/**
 * Opens what the ETL works with — the store (and its ETL read models), ClickHouse (the analytics
 * schema and the ETL's own tables) — for the service and the CLI alike. With ClickHouse embedded
 * in the projector, CLICKHOUSE_URL must point at the projector's gateway (one process per data dir).
 */
export async function openEtl(
  config: Config,
  log: Logger,
  opts: OpenEtlOptions = {},
): Promise<{ resources: EtlResources; history: EtlHistory; close(): Promise<void> }> {
  const { pool, store } = await openEventStore(config, log);
  try {
    const history = await openEtlHistory(store, pool);
    await migrate(pool, store.schema, REPORTS_MIGRATIONS);
    const ch = await clickHouseFromConfig(config);
    const url = config.CLICKHOUSE_URL;
    const where = url ? `at ${url}` : 'embedded';
    try {
      await waitForClickHouse(url ? () => httpPing(url) : () => ch.client.ping(), where, { timeoutMs: opts.clickHouseWaitMs ?? 0, log });
      await migrateClickHouse(ch);
      await migrateEtlTables(ch);
    } catch (err) {
      await ch.close().catch(() => undefined);
      throw new Error(`ClickHouse (${ch.backend} ${where}) is not usable: ${(err as Error).message}`, { cause: err });
    }
    const resources: EtlResources = { ch, store, pool, config, log, modelsDir: config.MODEL_REGISTRY_DIR };
    return {
      resources,
      history,
      async close() {
        await ch.close().catch(() => undefined);
        await pool.end().catch(() => undefined);
      },
    };
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
}
