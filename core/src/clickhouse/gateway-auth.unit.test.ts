import { describe, expect, it } from 'vitest';
import { makeAuthenticator, requestCredentials } from './gateway-auth';
import { toFailure } from './gateway-errors';

const basic = (u: string, p: string) => ({ authorization: `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}` });
const none = new URLSearchParams();

describe('gateway credentials', () => {
  it('reads HTTP Basic, the X-ClickHouse headers or the URL parameters; none is default', () => {
    expect(requestCredentials(basic('etl', 'p:w'), none)).toEqual({ user: 'etl', password: 'p:w' });
    expect(requestCredentials({ 'x-clickhouse-user': 'ui', 'x-clickhouse-key': 'k' }, none)).toEqual({ user: 'ui', password: 'k' });
    expect(requestCredentials({}, new URLSearchParams('user=a&password=b'))).toEqual({ user: 'a', password: 'b' });
    expect(requestCredentials({}, none)).toEqual({ user: 'default', password: '' });
  });

  it('refuses two ways at once, and an Authorization that is not Basic', () => {
    const type = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        return toFailure(err).type;
      }
      return 'accepted';
    };
    expect(type(() => requestCredentials({ ...basic('a', 'b'), 'x-clickhouse-user': 'a' }, none))).toBe('AUTHENTICATION_FAILED');
    expect(type(() => requestCredentials({ authorization: 'Bearer t' }, none))).toBe('AUTHENTICATION_FAILED');
    expect(type(() => requestCredentials({}, new URLSearchParams('user=a')))).toBe('accepted');
  });

  it('accepts exactly the configured user and password', () => {
    const check = makeAuthenticator({ user: 'etl', password: 's3cret' });
    expect(() => check({ user: 'etl', password: 's3cret' })).not.toThrow();
    for (const wrong of [
      { user: 'etl', password: 's3cre' },
      { user: 'etl', password: 's3cret ' },
      { user: 'et', password: 's3cret' },
      { user: 'default', password: '' },
    ]) {
      expect(() => check(wrong)).toThrow(/Authentication failed/);
    }
    expect(() => check({ user: 'x\r\ny', password: '' })).toThrow(/^x\?\?y: Authentication failed/);
  });
});
