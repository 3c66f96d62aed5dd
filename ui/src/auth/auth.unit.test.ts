import { describe, expect, it } from 'vitest';
import { LoginLimiter } from './login-limit';
import { hashPassword, passwordProblem, verifyPassword } from './password';

describe('passwords', () => {
  it('are stored as salted scrypt hashes that verify only the right password', async () => {
    const h = await hashPassword('correct horse battery');
    expect(h).toMatch(/^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(h).not.toContain('correct');
    expect(await hashPassword('correct horse battery')).not.toBe(h);
    expect(await verifyPassword('correct horse battery', h)).toBe(true);
    expect(await verifyPassword('correct horse batterx', h)).toBe(false);
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
  });

  it('must be at least 12 characters', () => {
    expect(passwordProblem('short')).toMatch(/12 characters/);
    expect(passwordProblem('a long enough one')).toBeNull();
  });
});

describe('the log-in limit', () => {
  it('refuses a key after 5 failures in 15 minutes, until the oldest leaves the window; a success clears it', () => {
    let now = 0;
    const l = new LoginLimiter({ max: 5, windowMs: 15 * 60_000, now: () => now });
    for (let i = 0; i < 5; i++) {
      expect(l.retryAfterMs(['u:ann', 'ip:1'])).toBe(0);
      l.fail(['u:ann', 'ip:1']);
      now += 1000;
    }
    expect(l.retryAfterMs(['u:ann'])).toBe(15 * 60_000 - 5000);
    expect(l.retryAfterMs(['ip:1', 'u:bob'])).toBeGreaterThan(0);
    expect(l.retryAfterMs(['u:bob'])).toBe(0);
    now += 15 * 60_000;
    expect(l.retryAfterMs(['u:ann'])).toBe(0);
    l.fail(['u:cid']);
    l.succeed(['u:cid']);
    expect(l.retryAfterMs(['u:cid'])).toBe(0);
  });
});
