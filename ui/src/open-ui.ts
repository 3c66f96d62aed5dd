import { migrate, type Config, type Logger } from '@napominalka/core';
import type pg from 'pg';
import { UI_MIGRATIONS } from './store/migrations';
import { addUser, hasAdmin } from './store/users';

/** The UI's tables, and the first admin from UI_ADMIN_USER/UI_ADMIN_PASSWORD when there is none. */
export async function prepareUi(pool: pg.Pool, config: Pick<Config, 'PG_SCHEMA' | 'UI_ADMIN_USER' | 'UI_ADMIN_PASSWORD'>, log: Logger): Promise<void> {
  await migrate(pool, config.PG_SCHEMA, UI_MIGRATIONS);
  if (await hasAdmin(pool, config.PG_SCHEMA)) return;
  if (!config.UI_ADMIN_USER || !config.UI_ADMIN_PASSWORD) {
    log.warn('the UI has no admin: set UI_ADMIN_USER and UI_ADMIN_PASSWORD, or run pnpm ui user add <name> --role admin');
    return;
  }
  await addUser(pool, config.PG_SCHEMA, { username: config.UI_ADMIN_USER, password: config.UI_ADMIN_PASSWORD, role: 'admin' });
  log.info({ user: config.UI_ADMIN_USER }, 'created the first UI admin');
}
