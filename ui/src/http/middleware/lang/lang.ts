import { Hono, type MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { LANG_COOKIE, type UiEnv } from '../../env';
import { isLang, pickLang } from '../../i18n/lang';
import { safeNext } from '../../safe-next';

/** Sets the request's language: the switch's cookie, else the browser's. */
export const lang = (): MiddlewareHandler<UiEnv> => async (c, next) => {
  c.set('lang', pickLang(getCookie(c, LANG_COOKIE), c.req.header('accept-language')));
  await next();
};

/** GET /lang/:lang?next=… — the switch: remembers the choice for a year and goes back. */
export function langRoutes() {
  const app = new Hono<UiEnv>();
  app.get('/lang/:lang', (c) => {
    const to = c.req.param('lang');
    if (!isLang(to)) return c.text('unknown language', 404);
    setCookie(c, LANG_COOKIE, to, { sameSite: 'Lax', secure: c.get('deps').secureCookies, path: '/', maxAge: 365 * 86_400 });
    return c.redirect(safeNext(c.req.query('next')), 302);
  });
  return app;
}
