import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClickHouse, ident, type ClickHouse } from './client';

// Filling events_raw directly, for the tests of the marts (etl, ui) without the pipeline.
export * from './seed-events-raw';

/**
 * One embedded ClickHouse data directory per test process, in the system's temp directory and
 * removed when the process exits. The engine binds one directory per process, and integration
 * test files share a process: they share the directory and each gets its own database.
 */
const dir = path.join(os.tmpdir(), `napominalka-chdb-test-${process.pid}`);
let cleanupRegistered = false;

export interface TestClickHouse {
  ch: ClickHouse;
  /** Another fresh database on the same client (dropped by cleanup too). */
  database(prefix?: string): ClickHouse;
  cleanup(): Promise<void>;
}

export async function createTestClickHouse(): Promise<TestClickHouse> {
  if (!cleanupRegistered) {
    cleanupRegistered = true;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  const databases: string[] = [];
  const fresh = (prefix = 't') => `${prefix}_${randomBytes(4).toString('hex')}`;
  const name = fresh();
  databases.push(name);
  const ch = await createClickHouse({ database: name, dataDir: dir });
  return {
    ch,
    database(prefix) {
      const db = fresh(prefix);
      databases.push(db);
      return ch.withDatabase(db);
    },
    async cleanup() {
      for (const db of databases) await ch.command(`DROP DATABASE IF EXISTS ${ident(db)} SYNC`).catch(() => undefined);
      await ch.close();
    },
  };
}
