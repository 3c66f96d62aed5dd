import { Hono } from 'hono';
import type { UiEnv } from '../../http/env';
import { page } from '../../http/pages/page';

/** The history page (to be built). */
export function historyRoutes() {
  const app = new Hono<UiEnv>();
  app.get('/history', (c) => page(c, { title: 'history', active: 'history' }, <h1>history</h1>));
  return app;
}
