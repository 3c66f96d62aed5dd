import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestContext, type TestContext } from '../testing/context';
import { activeVersion, MODELS_STREAM, readPromotions } from './promotions';
import { promoteModel } from './promote';
import { readCard, readRegistry, RegistryError } from './files';
import { registerVersion, seedRegistry } from './seed';

let t: TestContext;
let scratch: string;
beforeAll(async () => {
  t = await createTestContext();
  scratch = mkdtempSync(path.join(tmpdir(), 'model-registry-'));
});
afterAll(async () => {
  rmSync(scratch, { recursive: true, force: true });
  await t?.cleanup();
});

const card = (version: string) => ({
  version,
  created: '2026-12-01T00:00:00Z',
  featurisation: { version: 1 },
  labels: { intents: ['a', 'b'], tags: ['O', 'X'] },
  metrics: {},
});

function fakeRegistry(name: string, versions: string[]): string {
  const dir = path.join(scratch, name);
  for (const v of versions) {
    mkdirSync(path.join(dir, v), { recursive: true });
    writeFileSync(path.join(dir, v, 'card.json'), JSON.stringify(card(v)));
    writeFileSync(path.join(dir, v, 'model.onnx'), `bytes of ${v}`);
  }
  writeFileSync(path.join(dir, 'registry.json'), JSON.stringify({ current: versions[0], versions }));
  return dir;
}

describe('promotions in the store', () => {
  it('activeVersion: the registry current before any promotion, null without either', async () => {
    const dir = fakeRegistry('active', ['a', 'b']);
    expect(await activeVersion(t.store, dir)).toBe('a');
    expect(await activeVersion(t.store, path.join(scratch, 'none'))).toBeNull();
  });

  it('promoteModel appends with previous = the active version, and readPromotions reads them back in order', async () => {
    const dir = path.join(scratch, 'active');
    const first = await promoteModel(t.store, { version: 'b', actor: 'cli:ops', reason: 'manual', note: 'try b' }, { registryDir: dir });
    expect(first).toEqual({ version: 'b', previous: 'a', duplicate: false });
    const second = await promoteModel(
      t.store,
      { version: 'a', actor: 'etl:r1', reason: 'evaluation', runId: 'r1', metrics: { intent: 0.99 } },
      { idempotencyKey: 'promote:r1' },
    );
    expect(second).toEqual({ version: 'a', previous: 'b', duplicate: false });
    // The same key again appends nothing and says what the first one did.
    expect(await promoteModel(t.store, { version: 'a', actor: 'etl:r1', reason: 'evaluation' }, { idempotencyKey: 'promote:r1' })).toEqual({
      version: 'a',
      previous: 'b',
      duplicate: true,
    });
    const ps = await readPromotions(t.store);
    expect(ps.map((p) => [p.version, p.previous, p.reason, p.actor])).toEqual([
      ['b', 'a', 'manual', 'cli:ops'],
      ['a', 'b', 'evaluation', 'etl:r1'],
    ]);
    expect(ps[0]).toMatchObject({ note: 'try b', streamPosition: 1 });
    expect(ps[1]).toMatchObject({ runId: 'r1', metrics: { intent: 0.99 } });
    expect(ps[0]!.eventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(ps[0]!.recordedAt)).toBeGreaterThan(0);
    expect(await activeVersion(t.store, dir)).toBe('a');
  });

  it('reads old events without actor and reason', async () => {
    await t.store.append(MODELS_STREAM, [{ type: 'ModelPromoted', data: { version: 'old', previous: 'a', metrics: {} } }]);
    const last = (await readPromotions(t.store)).at(-1)!;
    expect(last).toMatchObject({ version: 'old', previous: 'a' });
    expect(last.reason).toBeUndefined();
  });

  it('refuses a note of more than one line', async () => {
    await expect(promoteModel(t.store, { version: 'a', actor: 'api', reason: 'manual', note: 'one\ntwo' })).rejects.toThrow(/one line/);
  });

  it('two concurrent promotions never claim the same previous', async () => {
    const results = await Promise.all(
      ['x', 'y', 'z'].map((v) => promoteModel(t.store, { version: v, actor: 'api', reason: 'manual' }).catch((err: Error) => err)),
    );
    const ok = results.filter((r): r is Exclude<typeof r, Error> => !(r instanceof Error));
    const previous = ok.map((r) => r.previous);
    expect(new Set(previous).size).toBe(previous.length);
    // Whatever succeeded forms one chain: each previous is the version promoted just before it.
    const ps = await readPromotions(t.store);
    for (let i = 1; i < ps.length; i++) expect(ps[i]!.previous).toBe(ps[i - 1]!.version);
    expect(ok.length).toBeGreaterThanOrEqual(2);
  });
});

describe('registry files', () => {
  it('seedRegistry copies versions and registry.json, never overwrites, and adds new committed versions to the list', () => {
    const from = fakeRegistry('from', ['a', 'b']);
    const to = path.join(scratch, 'to');
    expect(seedRegistry(from, to)).toEqual({ copied: ['a', 'b'], registry: 'copied' });
    expect(readRegistry(to)).toEqual({ current: 'a', versions: ['a', 'b'] });
    expect(readFileSync(path.join(to, 'b', 'model.onnx'), 'utf8')).toBe('bytes of b');
    // A copy, not a link: writing into the seeded registry leaves the source alone.
    writeFileSync(path.join(to, 'b', 'model.onnx'), 'changed');
    expect(readFileSync(path.join(from, 'b', 'model.onnx'), 'utf8')).toBe('bytes of b');
    // A local candidate and a changed current survive a second seeding; a new committed version is added.
    mkdirSync(path.join(to, 'local'));
    writeFileSync(path.join(to, 'local', 'card.json'), JSON.stringify(card('local')));
    registerVersion('local', to);
    writeFileSync(path.join(to, 'registry.json'), JSON.stringify({ ...readRegistry(to), current: 'local' }));
    fakeRegistry('from', ['a', 'b', 'c']);
    expect(seedRegistry(from, to)).toEqual({ copied: ['c'], registry: 'kept' });
    expect(readRegistry(to)).toEqual({ current: 'local', versions: ['a', 'b', 'local', 'c'] });
    expect(readFileSync(path.join(to, 'b', 'model.onnx'), 'utf8')).toBe('changed');
    expect(existsSync(path.join(to, 'registry.json.tmp'))).toBe(false);
  });

  it('readCard checks the schema and the version, with typed reasons', () => {
    const dir = fakeRegistry('cards', ['good', 'bad', 'renamed']);
    expect(readCard('good', dir).version).toBe('good');
    writeFileSync(path.join(dir, 'bad', 'card.json'), '{"version": "bad"}');
    const reasonOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        return err instanceof RegistryError ? err.reason : 'other';
      }
      return 'none';
    };
    expect(reasonOf(() => readCard('bad', dir))).toBe('invalid-card');
    writeFileSync(path.join(dir, 'renamed', 'card.json'), JSON.stringify(card('other')));
    expect(reasonOf(() => readCard('renamed', dir))).toBe('invalid-card');
    expect(reasonOf(() => readCard('missing', dir))).toBe('missing-card');
    expect(reasonOf(() => readCard('../etc', dir))).toBe('invalid-version');
    expect(reasonOf(() => readRegistry(path.join(scratch, 'nowhere')))).toBe('no-registry');
    expect(() => registerVersion('missing', dir)).toThrow(/no card.json/);
  });
});
