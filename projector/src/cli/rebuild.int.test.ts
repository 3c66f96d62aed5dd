import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate } from '@napominalka/core';
import { createTestContext, type TestContext } from '@napominalka/core/testing';
import { syntheticSessions } from '../synthetic-history';
import { rebuildPg } from '../pg/rebuild';
import { PROJECTION_MIGRATIONS } from '../pg/tables';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
let t: TestContext;

/** `pnpm replay …` as an operator runs it: the dispatcher as a process. */
function replay(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const p = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/replay.ts'), ...args], {
    cwd: root,
    env: { ...process.env, ...t.env, DEFAULT_TIMEZONE: 'Europe/Moscow' },
  });
  let out = '';
  let err = '';
  p.stdout.on('data', (b: Buffer) => (out += b.toString()));
  p.stderr.on('data', (b: Buffer) => (err += b.toString()));
  return new Promise((r) => p.once('exit', (code) => r({ code, out, err })));
}

beforeAll(async () => {
  t = await createTestContext();
  await migrate(t.pool, t.schema, PROJECTION_MIGRATIONS);
  for (const s of syntheticSessions(1500, { seed: 3, chats: 40 })) {
    await t.store.append(
      s[0]!.streamId,
      s.map((e) => ({ type: e.type, data: e.data, occurredAt: e.occurredAt })),
    );
  }
  await rebuildPg({ store: t.store, defaultTimezone: 'Europe/Moscow' });
});

afterAll(async () => {
  await t?.cleanup();
});

describe('pnpm replay rebuild|verify postgres', () => {
  it('rebuilds with progress on stderr, and verify then finds the live tables equal', async () => {
    const r = await replay(['rebuild', 'postgres']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^rebuilt postgres: \d+ events → \d+ chats, \d+ reminders, \d+ parses/);
    expect(r.err).toMatch(/100% [\d,]+\/[\d,]+ events/);
    const v = await replay(['verify', 'postgres']);
    expect(v.code).toBe(0);
    expect(v.out).toMatch(/postgres projection equals its rebuild/);
  });

  it('prints each difference and exits 3 when the live tables differ', async () => {
    const { rows } = await t.pool.query(
      `update "${t.schema}".reminders set status = 'done' where id = (select min(id) from "${t.schema}".reminders where status <> 'done') returning id`,
    );
    const v = await replay(['verify', 'postgres']);
    expect(v.code).toBe(3);
    expect(v.out).toContain(`reminders ${rows[0].id}: status live done ≠ rebuilt`);
    const j = await replay(['verify', 'postgres', '--json']);
    expect(JSON.parse(j.out.trim())).toMatchObject({ equal: false, differences: [{ table: 'reminders', key: rows[0].id, kind: 'changed' }] });
  });

  it('answers --help and refuses a bad projection name', async () => {
    expect((await replay(['rebuild', '--help'])).out).toMatch(/Usage: pnpm replay rebuild <projection>/);
    const bad = await replay(['rebuild', 'mysql']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/expected "rebuild\|verify postgres\|clickhouse"/);
  });
});
