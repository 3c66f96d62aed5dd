import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { findSession } from '../../../store/sessions';
import { SESSION_COOKIE, type UiEnv } from '../../env';

/** Looks the request's session up (null when there is none, or it expired). */
export const session = (): MiddlewareHandler<UiEnv> => async (c, next) => {
  const token = getCookie(c, SESSION_COOKIE);
  const deps = c.get('deps');
  c.set('session', token ? await findSession(deps.pool, deps.schema, token) : null);
  await next();
};

/** A page needs a signed-in user: a browser is sent to log in (and back), anything else gets 401. */
export const requireUser = (): MiddlewareHandler<UiEnv> => async (c, next) => {
  if (c.get('session')) return next();
  if (c.req.method === 'GET') return c.redirect(`/login?next=${encodeURIComponent(new URL(c.req.url).pathname)}`, 302);
  return c.text('sign in first', 401);
};
