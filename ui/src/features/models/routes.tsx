import { Hono } from 'hono';
import type { UiEnv } from '../../http/env';
import { page } from '../../http/pages/page';

/** The models page (to be built). */
export function modelsRoutes() {
  const app = new Hono<UiEnv>();
  app.get('/models', (c) => page(c, { title: 'models', active: 'models' }, <h1>models</h1>));
  return app;
}
