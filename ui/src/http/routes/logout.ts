import { Hono } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import { deleteSession } from '../../store/sessions';
import { SESSION_COOKIE, type UiEnv } from '../env';

/** Log-out ends the session in the table, not only the cookie (behind the CSRF check). */
export function logoutRoutes() {
  const app = new Hono<UiEnv>();
  app.post('/logout', async (c) => {
    const deps = c.get('deps');
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await deleteSession(deps.pool, deps.schema, token);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/login', 302);
  });
  return app;
}
