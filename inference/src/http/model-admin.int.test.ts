import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '@napominalka/core/testing';
import { activeVersion, readPromotions } from '@napominalka/core/model-registry';
import { addVersion, COMMITTED_VERSION, scratchRegistry } from '../model/test-registry';
import { ParsePipeline } from '../parse/pipeline';
import { createApp } from './app';
import { modelAdmin, storeModelAdmin } from './model-admin';

/** The admin routes over a real event store: promote with an actor and note, rollback as the CLI's. */
describe('model admin routes', () => {
  let t: TestContext;
  let reg: ReturnType<typeof scratchRegistry>;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    t = await createTestContext();
    reg = scratchRegistry();
    addVersion(reg.dir, 'next');
    addVersion(reg.dir, 'flipped', { corrupt: 'flip' });
    const deps = storeModelAdmin(t.store, reg.dir, () => null);
    app = createApp({ parser: () => new ParsePipeline({ model: () => null, threshold: 0 }), apiKeys: ['k'], admin: modelAdmin(deps) });
  });
  afterAll(async () => {
    reg?.cleanup();
    await t?.cleanup();
  });

  const post = (path: string, body?: unknown, key = 'k') =>
    app.request(path, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('refuses a rollback with nothing before the active version (409), and unauthenticated calls (401)', async () => {
    expect((await post('/v1/admin/models/rollback', undefined, 'wrong')).status).toBe(401);
    const r = await post('/v1/admin/models/rollback');
    expect(r.status).toBe(409);
    expect(((await r.json()) as { error: string }).error).toMatch(/nothing to roll back/);
    expect(await readPromotions(t.store)).toHaveLength(0);
  });

  it('promotes with the actor and note given, or as api', async () => {
    const r = await post('/v1/admin/models/next/promote', { actor: 'ui:alice', note: 'better  dev' });
    expect(r.status).toBe(202);
    expect(await r.json()).toEqual({ version: 'next', previous: COMMITTED_VERSION });
    expect((await readPromotions(t.store)).at(-1)).toMatchObject({
      version: 'next',
      previous: COMMITTED_VERSION,
      actor: 'ui:alice',
      reason: 'manual',
      note: 'better dev',
    });
    expect((await post('/v1/admin/models/flipped/promote', { actor: 'ui:alice' })).status).toBe(404);
    expect((await post('/v1/admin/models/next/promote', { actor: 'bad actor!' })).status).toBe(422);
    expect((await readPromotions(t.store)).length).toBe(1);
  });

  it('rolls back to the version active before, as the CLI does (reason rollback)', async () => {
    const r = await post('/v1/admin/models/rollback', { actor: 'ui:alice', note: 'regression' });
    expect(r.status).toBe(202);
    expect(await r.json()).toEqual({ version: COMMITTED_VERSION, previous: 'next' });
    expect((await readPromotions(t.store)).at(-1)).toMatchObject({ version: COMMITTED_VERSION, actor: 'ui:alice', reason: 'rollback', note: 'regression' });
    expect(await activeVersion(t.store, reg.dir)).toBe(COMMITTED_VERSION);
    // The stack is back at its bottom: a second rollback has nowhere to go.
    expect((await post('/v1/admin/models/rollback')).status).toBe(409);
    // Without a body the actor is "api".
    expect((await post('/v1/admin/models/next/promote')).status).toBe(202);
    expect((await readPromotions(t.store)).at(-1)).toMatchObject({ version: 'next', actor: 'api' });
  });
});
