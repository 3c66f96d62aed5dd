import { serve } from '@hono/node-server';
import { openEventStore, runService } from '@napominalka/core';
import { clickHouseFromConfig } from '@napominalka/core/clickhouse';
import { LoginLimiter } from './auth/login-limit';
import { createUiApp } from './http/app';
import { prepareUi } from './open-ui';
import { deleteExpiredSessions } from './store/sessions';

const HELP = `Usage: ui [--help]

The operators' web UI on UI_HOST:UI_PORT (default 127.0.0.1:8090): log-in with users in
Postgres (pnpm ui user), sessions in HttpOnly SameSite=Strict cookies (Secure with
UI_SECURE_COOKIES=true), CSRF tokens on every form, roles viewer and admin. The first admin comes
from UI_ADMIN_USER and UI_ADMIN_PASSWORD when there is none.

It reads the ClickHouse marts at CLICKHOUSE_URL (a server, or the projector's gateway: the
embedded engine belongs to the projector), the inference API at UI_INFERENCE_URL (key
UI_INFERENCE_API_KEY, else the first of INFERENCE_API_KEYS) and the ETL's control API at
UI_ETL_URL (token ETL_API_TOKEN). Settings from the environment (README).`;

await runService({
  name: 'ui',
  help: HELP,
  async start({ config, log }) {
    if (!config.CLICKHOUSE_URL)
      throw new Error("the UI needs CLICKHOUSE_URL: a ClickHouse server or the projector's gateway (the embedded engine is the projector's)");
    const { pool } = await openEventStore(config, log);
    await prepareUi(pool, config, log);
    const ch = await clickHouseFromConfig(config);
    const app = createUiApp({
      pool,
      schema: config.PG_SCHEMA,
      secureCookies: config.UI_SECURE_COOKIES,
      sessionTtlMs: config.UI_SESSION_HOURS * 3_600_000,
      limiter: new LoginLimiter({ max: 5, windowMs: 15 * 60_000 }),
      ch,
      inference: { url: config.UI_INFERENCE_URL, token: config.UI_INFERENCE_API_KEY ?? config.INFERENCE_API_KEYS?.[0] ?? null },
      etl: { url: config.UI_ETL_URL, token: config.ETL_API_TOKEN ?? null },
      modelsDir: config.MODEL_REGISTRY_DIR,
      defaultTimezone: config.DEFAULT_TIMEZONE,
      now: () => new Date(),
    });
    const server = serve({ fetch: app.fetch, hostname: config.UI_HOST, port: config.UI_PORT });
    const sweep = setInterval(() => void deleteExpiredSessions(pool, config.PG_SCHEMA).catch(() => undefined), 3_600_000);
    sweep.unref();
    log.info({ port: config.UI_PORT }, 'ui listening');
    return {
      readiness: {
        postgres: async () => (await pool.query('select 1')).rowCount === 1,
        clickhouse: async () => (await ch.query<{ one: number }>('SELECT 1 AS one', {})).length === 1,
      },
      async stop() {
        clearInterval(sweep);
        await new Promise<void>((r) => server.close(() => r()));
        await ch.close().catch(() => undefined);
        await pool.end();
      },
    };
  },
});
