import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { GatewayError } from './gateway-errors';

/**
 * Who a request to the gateway says it is, the ways ClickHouse's HTTP interface reads it: HTTP
 * Basic, the `X-ClickHouse-User` / `X-ClickHouse-Key` headers, or the `user` / `password` URL
 * parameters — one of them; none is the user `default` with an empty password.
 */
export interface Credentials {
  user: string;
  password: string;
}

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
};

function basic(value: string): Credentials {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(value);
  if (!m?.[1]) throw new GatewayError('AUTHENTICATION_FAILED', 'Invalid authentication: only HTTP Basic is supported in the Authorization header');
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new GatewayError('AUTHENTICATION_FAILED', 'Invalid authentication: malformed HTTP Basic credentials');
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** The credentials of a request; two ways at once is refused (as ClickHouse does). */
export function requestCredentials(headers: IncomingHttpHeaders, params: URLSearchParams): Credentials {
  const found: Credentials[] = [];
  const authorization = header(headers, 'authorization');
  if (authorization !== undefined) found.push(basic(authorization));
  const hUser = header(headers, 'x-clickhouse-user');
  const hKey = header(headers, 'x-clickhouse-key');
  if (hUser !== undefined || hKey !== undefined) found.push({ user: hUser ?? 'default', password: hKey ?? '' });
  const pUser = params.get('user');
  const pPassword = params.get('password');
  if (pUser !== null || pPassword !== null) found.push({ user: pUser ?? 'default', password: pPassword ?? '' });
  if (found.length > 1) {
    throw new GatewayError(
      'AUTHENTICATION_FAILED',
      'Invalid authentication: it is not allowed to use more than one way of authentication (Authorization header, X-ClickHouse-* headers, URL parameters) at once',
    );
  }
  return found[0] ?? { user: 'default', password: '' };
}

const digest = (c: Credentials): Buffer => Buffer.concat([createHash('sha256').update(c.user).digest(), createHash('sha256').update(c.password).digest()]);

/**
 * Checks credentials against the configured ones in constant time: both are compared as
 * fixed-length digests in one comparison, so neither the lengths nor which part differs show.
 */
export function makeAuthenticator(expected: Credentials): (given: Credentials) => void {
  const want = digest(expected);
  return (given) => {
    if (timingSafeEqual(digest(given), want)) return;
    const shown = given.user.replace(/[^\x20-\x7e]/g, '?').slice(0, 64);
    throw new GatewayError('AUTHENTICATION_FAILED', `${shown}: Authentication failed: password is incorrect, or there is no user with such name`);
  };
}
