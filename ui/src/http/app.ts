import { Hono } from 'hono';
import { apiDocsRoutes } from '../features/api-docs/routes';
import { driftRoutes } from '../features/drift/routes';
import { etlRoutes } from '../features/etl/routes';
import { eventsRoutes } from '../features/events/routes';
import { historyRoutes } from '../features/history/routes';
import { modelsRoutes } from '../features/models/routes';
import { overviewRoutes } from '../features/overview/routes';
import { playgroundRoutes } from '../features/playground/routes';
import type { UiDeps, UiEnv } from './env';
import { csrf } from './middleware/csrf/csrf';
import { lang, langRoutes } from './middleware/lang/lang';
import { requireRole } from './middleware/require-role/require-role';
import { securityHeaders } from './middleware/security-headers/security-headers';
import { requireUser, session } from './middleware/session/session';
import { loginRoutes } from './routes/login';
import { logoutRoutes } from './routes/logout';
import { userRoutes } from './routes/users';
import { staticRoutes } from './static/serve-static';

/**
 * The operators' web UI. In order: security headers on everything, the session and language
 * looked up, the static files, the language switch and the log-in (open), then every other route
 * behind a signed-in user and the CSRF check; every admin page and action is under `/admin/`, behind
 * the admin role.
 */
export function createUiApp(deps: UiDeps) {
  const app = new Hono<UiEnv>();
  app.use('*', securityHeaders());
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  app.use('*', session());
  app.use('*', lang());
  app.route('/', staticRoutes());
  app.route('/', langRoutes());
  app.route('/', loginRoutes());
  app.use('*', requireUser());
  app.use('*', csrf());
  app.route('/', logoutRoutes());
  app.use('/admin/*', requireRole('admin'));
  app.route('/', overviewRoutes());
  app.route('/', playgroundRoutes());
  app.route('/', historyRoutes());
  app.route('/', eventsRoutes());
  app.route('/', etlRoutes());
  app.route('/', driftRoutes());
  app.route('/', modelsRoutes());
  app.route('/', apiDocsRoutes());
  app.route('/', userRoutes());
  return app;
}
