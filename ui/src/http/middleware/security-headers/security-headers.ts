import type { MiddlewareHandler } from 'hono';

/**
 * No inline script or style anywhere (a message shown on a page cannot run), no framing, forms
 * post only here. Scripts and styles come from /static of this server (served offline).
 */
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";

export const securityHeaders = (): MiddlewareHandler => async (c, next) => {
  await next();
  // A response with its own policy keeps it (the drift report's sandboxed HTML, framed by our page).
  const own = c.res.headers.has('Content-Security-Policy');
  if (!own) c.header('Content-Security-Policy', CSP);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'same-origin');
  if (!own || !c.res.headers.has('X-Frame-Options')) c.header('X-Frame-Options', 'DENY');
  // Pages hold personal data: never cached. Static files say otherwise themselves.
  if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
};
