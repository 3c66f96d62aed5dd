import { serve } from '@hono/node-server';
import { openEventStore, runService } from '@napominalka/core';
import { LoginLimiter } from './auth/login-limit';
import { createUiApp } from './http/app';
import { prepareUi } from './open-ui';
import { deleteExpiredSessions } from './store/sessions';

const HELP = `Usage: ui [--help]

The operators' web UI on UI_HOST:UI_PORT (default 127.0.0.1:8090): log-in with users in
Postgres (pnpm ui user), sessions in HttpOnly SameSite=Strict cookies (Secure with
UI_SECURE_COOKIES=true), CSRF tokens on every form, roles viewer and admin. The first admin comes
from UI_ADMIN_USER and UI_ADMIN_PASSWORD when there is none. Settings from the environment (README).`;

await runService({
  name: 'ui',
  help: HELP,
  async start({ config, log }) {
    const { pool } = await openEventStore(config, log);
    await prepareUi(pool, config, log);
    const app = createUiApp({
      pool,
      schema: config.PG_SCHEMA,
      secureCookies: config.UI_SECURE_COOKIES,
      sessionTtlMs: config.UI_SESSION_HOURS * 3_600_000,
      limiter: new LoginLimiter({ max: 5, windowMs: 15 * 60_000 }),
    });
    const server = serve({ fetch: app.fetch, hostname: config.UI_HOST, port: config.UI_PORT });
    const sweep = setInterval(() => void deleteExpiredSessions(pool, config.PG_SCHEMA).catch(() => undefined), 3_600_000);
    sweep.unref();
    log.info({ port: config.UI_PORT }, 'ui listening');
    return {
      readiness: { postgres: async () => (await pool.query('select 1')).rowCount === 1 },
      async stop() {
        clearInterval(sweep);
        await new Promise<void>((r) => server.close(() => r()));
        await pool.end();
      },
    };
  },
});
