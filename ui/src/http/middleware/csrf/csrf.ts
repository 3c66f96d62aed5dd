import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { UiEnv } from '../../env';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The token a request carries: the `x-csrf-token` header (htmx) or a form's `_csrf` field. */
export async function requestToken(c: Parameters<MiddlewareHandler>[0]): Promise<string | undefined> {
  const header = c.req.header('x-csrf-token');
  if (header) return header;
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) return undefined;
  const body = await c.req.parseBody();
  return typeof body._csrf === 'string' ? body._csrf : undefined;
}

/** Every state-changing request of a session carries that session's token, or is refused (403). */
export const csrf = (): MiddlewareHandler<UiEnv> => async (c, next) => {
  if (SAFE.has(c.req.method)) return next();
  const s = c.get('session');
  if (!s || !sameToken(await requestToken(c), s.csrf)) return c.text('missing or wrong CSRF token', 403);
  return next();
};
