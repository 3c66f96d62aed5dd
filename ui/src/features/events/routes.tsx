import { Hono } from 'hono';
import type { UiEnv } from '../../http/env';
import { page } from '../../http/pages/page';

/** The events page (to be built). */
export function eventsRoutes() {
  const app = new Hono<UiEnv>();
  app.get('/events', (c) => page(c, { title: 'events', active: 'events' }, <h1>events</h1>));
  return app;
}
