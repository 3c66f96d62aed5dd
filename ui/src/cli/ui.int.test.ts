import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '@napominalka/core/testing';
import { verifyPassword } from '../auth/password';
import { findUser } from '../store/users';

/** `pnpm ui user …` as a process, the password on standard input. */
let t: TestContext;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.cleanup());

const ui = (args: string[], input = '') => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'ui/src/cli/ui.ts', ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
    env: { ...process.env, ...t.env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('pnpm ui user', () => {
  it('adds, lists, changes the password of and removes users; refuses weak passwords and unknown users', async () => {
    expect(ui(['--help']).out).toContain('user add <name>');
    expect(ui(['user', 'add', 'ops', '--role', 'admin'], 'a password long enough\n')).toMatchObject({ code: 0, out: 'added ops (admin)\n' });
    expect(await verifyPassword('a password long enough', (await findUser(t.pool, t.schema, 'ops'))!.passwordHash)).toBe(true);
    expect(ui(['user', 'add', 'ops'], 'a password long enough\n')).toMatchObject({ code: 1, err: 'ui: user ops exists\n' });
    expect(ui(['user', 'add', 'weak'], 'short\n')).toMatchObject({ code: 1, err: 'ui: a password needs at least 12 characters\n' });
    expect(ui(['user', 'list']).out).toMatch(/^ops\tadmin\t\d{4}-\d\d-\d\d\n$/);
    expect(ui(['user', 'passwd', 'ops'], 'the next long password\n').code).toBe(0);
    expect(await verifyPassword('the next long password', (await findUser(t.pool, t.schema, 'ops'))!.passwordHash)).toBe(true);
    expect(ui(['user', 'remove', 'nobody'])).toMatchObject({ code: 1, err: 'ui: no user nobody\n' });
    expect(ui(['user', 'remove', 'ops']).code).toBe(0);
    expect(ui(['user', 'add', 'x', '--role', 'god']).code).toBe(2);
  }, 60_000);
});
