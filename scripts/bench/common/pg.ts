import { createRequire } from 'node:module';
import { TEST_DATABASE_URL, type TestContext } from '../../../core/src/testing/context';

/** pg is a dependency of the packages, not of the workspace root: the benches load core's. */
export type Pool = TestContext['pool'];

export interface PgClient {
  connect(): Promise<void>;
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
  on(event: 'notification', cb: () => void): void;
  on(event: 'error', cb: (err: Error) => void): void;
  end(): Promise<void>;
}

const pg = createRequire(new URL('../../../core/package.json', import.meta.url))('pg') as {
  Pool: new (cfg: { connectionString: string; max: number; application_name: string }) => Pool;
  Client: new (cfg: { connectionString: string; application_name: string }) => PgClient;
};

/** A pool on TEST_DATABASE_URL named for pg_stat_activity; its idle-client errors are ignored. */
export function newPool(max: number, name: string): Pool {
  const pool = new pg.Pool({ connectionString: TEST_DATABASE_URL, max, application_name: name });
  pool.on('error', () => undefined);
  return pool;
}

export const newClient = (name: string): PgClient => new pg.Client({ connectionString: TEST_DATABASE_URL, application_name: name });
