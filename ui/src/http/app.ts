import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import type { UiDeps, UiEnv } from './env';
import { csrf } from './middleware/csrf/csrf';
import { requireRole } from './middleware/require-role/require-role';
import { securityHeaders } from './middleware/security-headers/security-headers';
import { requireUser, session } from './middleware/session/session';
import { homeRoutes } from './routes/home';
import { loginRoutes } from './routes/login';
import { logoutRoutes } from './routes/logout';
import { userRoutes } from './routes/users';

const CSS = readFileSync(new URL('./static/ui.css', import.meta.url), 'utf8');

/**
 * The operators' web UI. In order: security headers on everything, the session looked up, the
 * static files and the log-in (open), then every other route behind a signed-in user and the
 * CSRF check, and the admin ones behind the admin role.
 */
export function createUiApp(deps: UiDeps) {
  const app = new Hono<UiEnv>();
  app.use('*', securityHeaders());
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  app.use('*', session());
  app.get('/static/ui.css', (c) => c.body(CSS, 200, { 'content-type': 'text/css; charset=utf-8' }));
  app.route('/', loginRoutes());
  app.use('*', requireUser());
  app.use('*', csrf());
  app.route('/', logoutRoutes());
  app.route('/', homeRoutes());
  app.use('/admin/*', requireRole('admin'));
  app.route('/', userRoutes());
  return app;
}
