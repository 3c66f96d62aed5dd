import path from 'node:path';
import { migrate, openEventStore, type Config, type Logger } from '@napominalka/core';
import { clickHouseFromConfig, migrateClickHouse, REPO_ROOT } from '@napominalka/core/clickhouse';
import { openEtlHistory, type EtlHistory } from './framework';
import { migrateEtlTables } from './assets/shared/tables';
import { REPORTS_MIGRATIONS } from './assets/drift-report/reports-table';
import type { EtlResources } from './resources';

/**
 * Opens what the ETL works with — the store (and its ETL read models), ClickHouse (the analytics
 * schema and the ETL's own tables) — for the service and the CLI alike. With ClickHouse embedded
 * in the projector, CLICKHOUSE_URL must point at the projector's gateway (one process per data dir).
 */
export async function openEtl(config: Config, log: Logger): Promise<{ resources: EtlResources; history: EtlHistory; close(): Promise<void> }> {
  const { pool, store } = await openEventStore(config, log);
  try {
    const history = await openEtlHistory(store, pool);
    await migrate(pool, store.schema, REPORTS_MIGRATIONS);
    const ch = await clickHouseFromConfig(config);
    try {
      await migrateClickHouse(ch);
      await migrateEtlTables(ch);
    } catch (err) {
      await ch.close().catch(() => undefined);
      throw new Error(`ClickHouse (${ch.backend}${config.CLICKHOUSE_URL ? ` at ${config.CLICKHOUSE_URL}` : ''}) is not usable: ${(err as Error).message}`, { cause: err });
    }
    const resources: EtlResources = { ch, store, pool, config, log, modelsDir: path.join(REPO_ROOT, 'inference/models') };
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
