import { Hono } from 'hono';
import type { UiEnv } from '../../http/env';
import { page } from '../../http/pages/page';

/** The etl page (to be built). */
export function etlRoutes() {
  const app = new Hono<UiEnv>();
  app.get('/etl', (c) => page(c, { title: 'etl', active: 'etl' }, <h1>etl</h1>));
  return app;
}
