import { Hono } from 'hono';
import { Layout } from '../pages/layout';
import type { UiEnv } from '../env';

/** The start page (the Overview's place): where the operator's pages will be. */
export function homeRoutes() {
  const app = new Hono<UiEnv>();
  app.get('/', (c) => {
    const s = c.get('session')!;
    return c.html(
      <Layout title="Overview" session={s}>
        <h1>Overview</h1>
        <p>
          Signed in as {s.username}, {s.role}.
        </p>
        {s.role === 'admin' ? (
          <p>
            <a href="/admin/users">Users</a>
          </p>
        ) : null}
      </Layout>,
    );
  });
  return app;
}
