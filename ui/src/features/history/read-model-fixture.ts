import type pg from 'pg';
import { migrateReadModel } from '@napominalka/core/read-model';

/**
 * For tests: the read-model tables (chats, reminders, parses and their indexes) as the projector
 * creates them, from the same migrations in core; createUiWorld does not run them.
 */
export async function createReadModelTables(pool: pg.Pool, schema: string): Promise<void> {
  await migrateReadModel(pool, schema);
}
