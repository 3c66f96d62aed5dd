import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { verifyPassword } from '../../auth/password';
import { createSession } from '../../store/sessions';
import { findUser } from '../../store/users';
import { LOGIN_CSRF_COOKIE, SESSION_COOKIE, type UiEnv } from '../env';
import { sameToken } from '../middleware/csrf/csrf';
import { LoginPage, type LoginError } from '../pages/login-page';
import { safeNext } from '../safe-next';

/**
 * Log-in (before the session checks: there is no session yet). The form is CSRF-protected before there is a session by a
 * double-submit token (a cookie and the form field must agree); failures are counted per user
 * name and per client address (LoginLimiter), and past the limit the answer is 429.
 */
export function loginRoutes() {
  const app = new Hono<UiEnv>();
  const cookie = (c: Context<UiEnv>) => ({ httpOnly: true, sameSite: 'Strict' as const, secure: c.get('deps').secureCookies, path: '/' });

  app.get('/login', (c) => {
    if (c.get('session')) return c.redirect(safeNext(c.req.query('next')), 302);
    // Keep a token already set: the browser's own requests (a favicon sent here to log in) or a
    // second tab would otherwise replace it and the open form's token would no longer match.
    const known = getCookie(c, LOGIN_CSRF_COOKIE);
    const token = known && /^[\w-]{32}$/.test(known) ? known : randomBytes(24).toString('base64url');
    setCookie(c, LOGIN_CSRF_COOKIE, token, { ...cookie(c), maxAge: 3600 });
    return c.html(<LoginPage lang={c.get('lang')} csrf={token} next={safeNext(c.req.query('next'))} />);
  });

  app.post('/login', async (c) => {
    const deps = c.get('deps');
    const body = await c.req.parseBody();
    const field = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
    if (!sameToken(field('_csrf'), getCookie(c, LOGIN_CSRF_COOKIE))) return c.text('missing or wrong CSRF token', 403);
    const username = field('username').trim().toLowerCase();
    const keys = [`user:${username}`, `addr:${c.req.header('x-forwarded-for')?.split(',')[0]?.trim() ?? 'direct'}`];
    const wait = deps.limiter.retryAfterMs(keys);
    const again = (status: 401 | 429, error: LoginError) =>
      c.html(<LoginPage lang={c.get('lang')} csrf={field('_csrf')} next={safeNext(field('next'))} error={error} username={username} />, status);
    if (wait > 0) {
      c.header('Retry-After', String(Math.ceil(wait / 1000)));
      return again(429, { code: 'limited', minutes: Math.ceil(wait / 60_000) });
    }
    const user = await findUser(deps.pool, deps.schema, username);
    if (!user || !(await verifyPassword(field('password'), user.passwordHash))) {
      deps.limiter.fail(keys);
      return again(401, { code: 'wrong' });
    }
    deps.limiter.succeed(keys);
    const s = await createSession(deps.pool, deps.schema, user.username, deps.sessionTtlMs);
    setCookie(c, SESSION_COOKIE, s.token, { ...cookie(c), maxAge: Math.floor(deps.sessionTtlMs / 1000) });
    deleteCookie(c, LOGIN_CSRF_COOKIE, { path: '/' });
    return c.redirect(safeNext(field('next')), 302);
  });

  return app;
}
