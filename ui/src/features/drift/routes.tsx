import { Hono } from 'hono';
import type { UiEnv } from '../../http/env';
import { page } from '../../http/pages/page';

/** The drift page (to be built). */
export function driftRoutes() {
  const app = new Hono<UiEnv>();
  app.get('/drift', (c) => page(c, { title: 'drift', active: 'drift' }, <h1>drift</h1>));
  return app;
}
