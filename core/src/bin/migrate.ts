import pg from 'pg';
import { ConfigError, loadConfig } from '../config';
import { migrate } from '../store/migrations';
import { SNAPSHOT_MIGRATIONS } from '../store/snapshots/migrations';

/** Applies pending migrations and exits; safe to run from several processes at once. */
export async function migrateFromEnv(): Promise<number[]> {
  const config = loadConfig();
  const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 1 });
  try {
    const applied = await migrate(pool, config.PG_SCHEMA);
    await migrate(pool, config.PG_SCHEMA, SNAPSHOT_MIGRATIONS);
    return applied;
  } finally {
    await pool.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log('Usage: migrate [--help]\n\nApplies pending event-store migrations to DATABASE_URL, schema PG_SCHEMA.');
    process.exit(0);
  }
  try {
    const applied = await migrateFromEnv();
    console.log(applied.length ? `applied migrations ${applied.join(', ')}` : 'migrations up to date');
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : `migration failed: ${(err as Error).message}`);
    process.exit(1);
  }
}
