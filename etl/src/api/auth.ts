import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

/** Compares hashes so neither the length nor the content of the token leaks through timing. */
export function tokenMatches(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Every route needs `Authorization: Bearer <ETL_API_TOKEN>`. */
export function requireBearer(token: string): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const m = /^Bearer (.+)$/.exec(header);
    if (!m || !tokenMatches(m[1]!, token)) return c.json({ error: 'unauthorized', message: 'Authorization: Bearer <ETL_API_TOKEN> required' }, 401);
    await next();
  };
}
