import { loadConfig, migrate } from '@napominalka/core';
import { migrateClickHouse } from '@napominalka/core/clickhouse';
import { createTestClickHouse, type TestClickHouse } from '@napominalka/core/clickhouse-testing';
import { createTestContext, type TestContext } from '@napominalka/core/testing';
import { REPORTS_MIGRATIONS } from '../assets/drift-report/reports-table';
import { migrateEtlTables } from '../assets/shared/tables';
import { openEtlHistory, type EtlHistory } from '../framework';
import type { EtlResources } from '../resources';

/** What an asset test runs against: a test schema and an embedded ClickHouse with the ETL's tables. */
export interface EtlWorld {
  ctx: TestContext;
  tch: TestClickHouse;
  history: EtlHistory;
  resources: EtlResources;
  cleanup(): Promise<void>;
}

/** Opens it as openEtl does for the service (migrations included), with the given settings. */
export async function createEtlWorld(env: Record<string, string> = {}): Promise<EtlWorld> {
  const ctx = await createTestContext();
  const tch = await createTestClickHouse();
  await migrateClickHouse(tch.ch);
  await migrateEtlTables(tch.ch);
  const history = await openEtlHistory(ctx.store, ctx.pool);
  await migrate(ctx.pool, ctx.schema, REPORTS_MIGRATIONS);
  return {
    ctx,
    tch,
    history,
    resources: { ch: tch.ch, store: ctx.store, pool: ctx.pool, config: loadConfig(env), log: ctx.log, modelsDir: '' },
    async cleanup() {
      await tch.cleanup();
      await ctx.cleanup();
    },
  };
}
