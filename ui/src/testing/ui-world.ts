import { createTestContext, type TestContext } from '@napominalka/core/testing';
import { createTestClickHouse, type TestClickHouse } from '@napominalka/core/clickhouse-testing';
import { migrateClickHouse } from '@napominalka/core/clickhouse';
import { LoginLimiter } from '../auth/login-limit';
import { createUiApp } from '../http/app';
import type { UiDeps } from '../http/env';
import { prepareUi } from '../open-ui';
import { createSession } from '../store/sessions';
import { addUser, type Role } from '../store/users';

/** A signed-in user of the test app: the cookie header to send and the session's CSRF token. */
export interface TestUser {
  cookie: string;
  csrf: string;
  /** GET a path as this user. */
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  /** POST a form as this user, with the CSRF token unless `csrf: false`. */
  post(path: string, fields?: Record<string, string>, opts?: { csrf?: boolean }): Promise<Response>;
}

export interface UiWorld {
  t: TestContext;
  tch: TestClickHouse;
  deps: UiDeps;
  app: ReturnType<typeof createUiApp>;
  /** A user of that role, signed in (made on first use). */
  as(role: Role): Promise<TestUser>;
  cleanup(): Promise<void>;
}

/**
 * The UI against a real Postgres (its own schema) and an embedded ClickHouse (its own database,
 * the analytics schema migrated), with an admin and a viewer. `overrides` replaces deps (the
 * inference and ETL links, the clock); requests go through `app.request()`.
 */
export async function createUiWorld(overrides: Partial<UiDeps> = {}): Promise<UiWorld> {
  const t = await createTestContext();
  const tch = await createTestClickHouse();
  await migrateClickHouse(tch.ch);
  await prepareUi(t.pool, { PG_SCHEMA: t.schema, UI_ADMIN_USER: undefined, UI_ADMIN_PASSWORD: undefined }, t.log);
  const deps: UiDeps = {
    pool: t.pool,
    schema: t.schema,
    secureCookies: false,
    sessionTtlMs: 3_600_000,
    limiter: new LoginLimiter({ max: 100, windowMs: 60_000 }),
    ch: tch.ch,
    inference: { url: 'http://127.0.0.1:9', token: null },
    etl: { url: 'http://127.0.0.1:9', token: null },
    modelsDir: '/nonexistent',
    defaultTimezone: 'Europe/Moscow',
    now: () => new Date(),
    ...overrides,
  };
  const app = createUiApp(deps);
  const users = new Map<Role, TestUser>();
  return {
    t,
    tch,
    deps,
    app,
    async as(role) {
      const known = users.get(role);
      if (known) return known;
      const username = `${role}-user`;
      await addUser(t.pool, t.schema, { username, password: 'a password long enough', role });
      const s = await createSession(t.pool, t.schema, username, 3_600_000);
      const cookie = `napo_session=${s.token}`;
      const user: TestUser = {
        cookie,
        csrf: s.csrf,
        get: async (path, headers = {}) => app.request(path, { headers: { cookie, ...headers } }),
        post: async (path, fields = {}, opts = {}) =>
          app.request(path, {
            method: 'POST',
            headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams(opts.csrf === false ? fields : { _csrf: s.csrf, ...fields }).toString(),
          }),
      };
      users.set(role, user);
      return user;
    },
    async cleanup() {
      await tch.cleanup();
      await t.cleanup();
    },
  };
}
