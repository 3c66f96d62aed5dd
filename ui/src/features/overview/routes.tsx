import { Hono } from 'hono';
import type { UiEnv } from '../../http/env';
import { page } from '../../http/pages/page';

/** The overview page (to be built). */
export function overviewRoutes() {
  const app = new Hono<UiEnv>();
  app.get('/', (c) => page(c, { title: 'overview', active: 'overview' }, <h1>overview</h1>));
  return app;
}
