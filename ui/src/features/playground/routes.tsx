import { Hono } from 'hono';
import type { UiEnv } from '../../http/env';
import { page } from '../../http/pages/page';

/** The playground page (to be built). */
export function playgroundRoutes() {
  const app = new Hono<UiEnv>();
  app.get('/playground', (c) => page(c, { title: 'playground', active: 'playground' }, <h1>playground</h1>));
  return app;
}
