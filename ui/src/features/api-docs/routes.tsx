import { Hono } from 'hono';
import type { UiEnv } from '../../http/env';
import { page } from '../../http/pages/page';

/** The api-docs page (to be built). */
export function apiDocsRoutes() {
  const app = new Hono<UiEnv>();
  app.get('/api-docs', (c) => page(c, { title: 'api-docs', active: 'apiDocs' }, <h1>api-docs</h1>));
  return app;
}
