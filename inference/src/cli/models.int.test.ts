import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '@napominalka/core/testing';
import { readPromotions, readRegistry } from '@napominalka/core/model-registry';
import { main, USAGE_TEXT } from './models';
import { MODELS_DIR } from '../model/registry';
import { addVersion, COMMITTED_VERSION, scratchRegistry } from '../model/test-registry';

/** `pnpm models` in process against a test schema and a scratch registry. */
let t: TestContext;
let reg: ReturnType<typeof scratchRegistry>;
beforeAll(async () => {
  t = await createTestContext();
  reg = scratchRegistry('models-cli-');
  addVersion(reg.dir, 'cand', { card: (c) => ({ ...c, metrics: { ...c.metrics, dev: { intent_accuracy: 0.95, due_accuracy: 0.875 } } }) });
  addVersion(reg.dir, 'incompatible', { card: (c) => ({ ...c, featurisation: { ...c.featurisation, version: 999 } }) });
  addVersion(reg.dir, 'stray', { unregistered: true });
});
afterAll(async () => {
  await t?.cleanup();
  reg?.cleanup();
});

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env: { ...t.env, MODEL_REGISTRY_DIR: reg.dir, USER: 'ops' } });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('pnpm models', () => {
  it('answers --help for itself and every command, and exits 2 on bad usage', async () => {
    expect(await run('--help')).toMatchObject({ code: 0, out: USAGE_TEXT });
    for (const c of ['list', 'show', 'promote', 'rollback'])
      expect(await run(c, '--help')).toMatchObject({ code: 0, out: expect.stringContaining(`Usage: pnpm models ${c}`) });
    expect(await run()).toMatchObject({ code: 2, err: expect.stringContaining('Usage: pnpm models <command>') });
    expect(await run('frobnicate')).toMatchObject({ code: 2, err: expect.stringMatching(/unknown command "frobnicate"/) });
    expect(await run('show')).toMatchObject({ code: 2, err: expect.stringMatching(/show needs a <version>/) });
    expect(await run('promote', 'a', 'b')).toMatchObject({ code: 2, err: expect.stringMatching(/unexpected argument "b"/) });
    expect(await run('list', '--note', 'x')).toMatchObject({ code: 2, err: expect.stringMatching(/list takes no --note/) });
    expect(await run('list', '--bogus')).toMatchObject({ code: 2 });
  });

  it('lists the versions with status and card figures before any promotion', async () => {
    const r = await run('list');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(/^VERSION\s+STATUS\s+CREATED\s+DEV INTENT\s+DEV DUE\s+PROMOTED\s+BY\s+REASON\s+NOTE$/);
    expect(lines.find((l) => l.startsWith(COMMITTED_VERSION))).toMatch(/active/);
    expect(lines.find((l) => l.startsWith('cand'))).toMatch(/candidate\s+\S+ \S+\s+95\.0%\s+87\.5%/);
    expect(r.out).not.toMatch(/stray/);
  });

  it('refuses unknown, unregistered and incompatible versions with exit 1, appending nothing', async () => {
    expect(await run('promote', 'nope')).toMatchObject({ code: 1, err: expect.stringMatching(/unknown model version "nope" \(registered: .*cand/) });
    expect(await run('promote', 'stray')).toMatchObject({ code: 1, err: expect.stringMatching(/unknown model version "stray"/) });
    expect(await run('show', 'nope')).toMatchObject({ code: 1, err: expect.stringMatching(/unknown model version "nope"/) });
    expect(await run('promote', 'incompatible')).toMatchObject({
      code: 1,
      err: expect.stringMatching(/cannot promote incompatible: model incompatible refused \(incompatible\): .*featurisation v999/),
    });
    expect(await run('promote', COMMITTED_VERSION)).toMatchObject({ code: 0, out: expect.stringMatching(/already the active model: nothing promoted/) });
    expect(await run('rollback')).toMatchObject({ code: 1, err: expect.stringMatching(/nothing to roll back: .* is active/) });
    expect(await readPromotions(t.store)).toEqual([]);
  });

  it('promotes with who and why, shows it, and rolls back through the same event', async () => {
    expect(await run('promote', 'cand', '--note', 'better on\ndue')).toMatchObject({
      code: 0,
      out: `promoted cand (was ${COMMITTED_VERSION}; cli:ops): every inference instance swaps to it now`,
      err: expect.stringMatching(/checking cand/),
    });
    const list = (await run('list')).out.split('\n');
    expect(list.find((l) => l.startsWith('cand'))).toMatch(/active .* cli:ops\s+manual\s+better on due$/);
    expect(list.find((l) => l.startsWith(COMMITTED_VERSION))).toMatch(/retired/);

    const show = await run('show', 'cand');
    expect(show.out).toMatch(/^model cand: active, last promoted .* by cli:ops \(manual\)/);
    expect(show.out).toContain(`${COMMITTED_VERSION} → cand  (cli:ops, manual)  "better on due"`);
    expect(show.out).toContain('"intent_accuracy": 0.95');

    expect(await run('rollback', '--json')).toMatchObject({
      code: 0,
      out: JSON.stringify({ version: COMMITTED_VERSION, previous: 'cand', duplicate: false, actor: 'cli:ops', reason: 'rollback', note: null }),
    });
    const json = JSON.parse((await run('list', '--json')).out) as Array<{ version: string; status: string; reason?: string }>;
    // Other committed versions (registered, never promoted here) are candidates.
    const others = readRegistry(MODELS_DIR).versions.filter((v) => v !== COMMITTED_VERSION);
    expect(json.map((r) => [r.version, r.status])).toEqual([
      [COMMITTED_VERSION, 'active'],
      ...others.map((v) => [v, 'candidate']),
      ['cand', 'retired'],
      ['incompatible', 'candidate'],
    ]);
    expect(json[0]!.reason).toBe('rollback');
    const shown = JSON.parse((await run('show', 'cand', '--json')).out) as { promotions: unknown[]; card: { version: string } };
    expect(shown.promotions).toHaveLength(2);
    expect(shown.card.version).toBe('cand');
  });

  it('fails clearly when the database is unreachable', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['list'], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      env: { ...t.env, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none', MODEL_REGISTRY_DIR: reg.dir },
    });
    expect(code).toBe(1);
    expect(err.join('\n')).toMatch(/cannot open the event store/);
  });
});
