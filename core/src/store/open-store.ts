import pg from 'pg';
import { catalog } from '@napominalka/domain';
import type { Config } from '../config';
import type { Logger } from '../observability/logger';
import { EventStore } from './event-store';

/**
 * A service's event store from its settings: a pool whose idle-client errors are logged, not
 * fatal (a database restart must not kill the process), and the store's migrations run.
 */
export async function openEventStore(
  config: Pick<Config, 'DATABASE_URL' | 'PG_POOL_MAX' | 'PG_SCHEMA'>,
  log: Logger,
): Promise<{ pool: pg.Pool; store: EventStore }> {
  const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: config.PG_POOL_MAX });
  pool.on('error', (err) => log.warn({ err: err.message }, 'pg pool error'));
  const store = new EventStore(pool, catalog, config.PG_SCHEMA);
  await store.migrate();
  return { pool, store };
}
