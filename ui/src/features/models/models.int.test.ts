import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUNDLED_MODELS_DIR,
  readPromotions,
  readRegistry,
  promoteModel,
  registerVersion,
  rollbackTarget,
  seedRegistry,
} from '@napominalka/core/model-registry';
import { createUiWorld, type UiWorld } from '../../testing/ui-world';

const TOKEN = 'test-inference-token';
const CANDIDATE = '2099-01-01.1';

/** A registry copy with the bundled version plus a candidate whose card has other figures. */
function seedTempRegistry(): { dir: string; bundled: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'ui-models-'));
  seedRegistry(BUNDLED_MODELS_DIR, dir);
  const bundled = readRegistry(dir).current;
  cpSync(path.join(dir, bundled), path.join(dir, CANDIDATE), { recursive: true });
  const cardFile = path.join(dir, CANDIDATE, 'card.json');
  const card = JSON.parse(readFileSync(cardFile, 'utf8')) as { version: string; metrics: { dev: { intent_accuracy: number } } };
  card.version = CANDIDATE;
  card.metrics.dev.intent_accuracy = 0.5;
  writeFileSync(cardFile, JSON.stringify(card));
  registerVersion(CANDIDATE, dir);
  return { dir, bundled };
}

/**
 * The inference API's model admin protocol (Bearer token; JSON {actor, note}; 202 {version,
 * previous} or 404 {error}), appending through the core registry code on the test's store.
 */
function inferenceEmulator(w: () => UiWorld, dir: string): Server {
  return createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const reply = (status: number, json: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      void (async () => {
        if (req.headers.authorization !== `Bearer ${TOKEN}`) return reply(401, { error: 'unauthorized' });
        const input = JSON.parse(body || '{}') as { actor?: string; note?: string };
        const store = w().t.store;
        let version: string | null = /^\/v1\/admin\/models\/([\w.-]+)\/promote$/.exec(req.url ?? '')?.[1] ?? null;
        let reason: 'manual' | 'rollback' = 'manual';
        if (req.url === '/v1/admin/models/rollback') {
          version = rollbackTarget(await readPromotions(store), readRegistry(dir).current);
          reason = 'rollback';
          if (!version) return reply(409, { error: 'nothing to roll back' });
        }
        if (!version) return reply(404, { error: 'not found' });
        if (!readRegistry(dir).versions.includes(version)) return reply(404, { error: `cannot promote ${version}: unknown` });
        const r = await promoteModel(
          store,
          { version, actor: input.actor ?? 'api', reason, ...(input.note ? { note: input.note } : {}) },
          { registryDir: dir },
        );
        reply(202, { version, previous: r.previous });
      })().catch((err: Error) => reply(500, { error: err.message }));
    });
  });
}

describe('models page', () => {
  let w: UiWorld;
  let server: Server;
  let reg: { dir: string; bundled: string };

  beforeAll(async () => {
    reg = seedTempRegistry();
    server = inferenceEmulator(() => w, reg.dir);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    w = await createUiWorld({ modelsDir: reg.dir, inference: { url: `http://127.0.0.1:${port}`, token: TOKEN } });
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    await w?.cleanup();
    rmSync(reg.dir, { recursive: true, force: true });
  });

  const activeRow = (html: string) => /<tr class="model-active" data-version="([^"]+)"/.exec(html)?.[1];

  it('lists the versions, their status and the cards metrics side by side, in en and ru', async () => {
    const viewer = await w.as('viewer');
    const res = await viewer.get('/models', { 'accept-language': 'en' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(activeRow(html)).toBe(reg.bundled);
    expect(html).toContain(`data-version="${CANDIDATE}" data-status="candidate"`);
    expect(html).toContain('dev.intent_accuracy');
    // The bundled card's 1.0 beats the candidate's 0.5: marked best.
    expect(html).toMatch(/class="model-active metric-best" title="best">1 ★/);
    expect(html).toContain('>0.5<');
    expect(html).not.toContain('/admin/models/');
    const ru = await (await viewer.get('/models', { cookie: `${viewer.cookie}; napo_lang=ru` })).text();
    expect(ru).toContain('Метрики карточек');
  });

  it('refuses a viewer POST and a POST without the CSRF token (403), changing nothing', async () => {
    const viewer = await w.as('viewer');
    expect((await viewer.post(`/admin/models/${CANDIDATE}/promote`)).status).toBe(403);
    expect((await viewer.post('/admin/models/rollback')).status).toBe(403);
    const admin = await w.as('admin');
    expect((await admin.post(`/admin/models/${CANDIDATE}/promote`, {}, { csrf: false })).status).toBe(403);
    expect(await readPromotions(w.t.store)).toHaveLength(0);
  });

  it('shows the error and changes nothing when inference is down', async () => {
    const down = await createUiWorld({ modelsDir: reg.dir, inference: { url: 'http://127.0.0.1:9', token: TOKEN } });
    try {
      const admin = await down.as('admin');
      const res = await admin.post(`/admin/models/${CANDIDATE}/promote`, {}, {});
      expect(res.status).toBe(502);
      const html = await res.text();
      expect(html).toContain('is unreachable');
      expect(activeRow(html)).toBe(reg.bundled);
      expect(await readPromotions(down.t.store)).toHaveLength(0);
    } finally {
      await down.cleanup();
    }
  });

  it('shows the inference API refusing a version (nothing changed), and 404s an unknown confirmation', async () => {
    const admin = await w.as('admin');
    const res = await admin.post('/admin/models/nope.1/promote');
    expect(res.status).toBe(502);
    expect(await res.text()).toContain('the inference API refused it (404): cannot promote nope.1: unknown');
    expect((await admin.get('/admin/models/nope.1/promote')).status).toBe(404);
    expect(await readPromotions(w.t.store)).toHaveLength(0);
  });

  it('lets an admin promote after a confirmation step, then roll back', async () => {
    const admin = await w.as('admin');
    const list = await (await admin.get('/models')).text();
    expect(list).toContain(`href="/admin/models/${CANDIDATE}/promote"`);
    const confirm = await (await admin.get(`/admin/models/${CANDIDATE}/promote`)).text();
    expect(confirm).toContain(`action="/admin/models/${CANDIDATE}/promote"`);
    expect(confirm).toContain(`name="_csrf" value="${admin.csrf}"`);

    const res = await admin.post(`/admin/models/${CANDIDATE}/promote`, { note: 'better on dev' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/models?done=promoted&v=${CANDIDATE}`);
    const after = await (await admin.get(res.headers.get('location')!)).text();
    expect(after).toContain(`Promoted ${CANDIDATE}`);
    expect(activeRow(after)).toBe(CANDIDATE);
    expect(after).toContain('ui:admin-user');
    expect(after).toContain('better on dev');
    expect(after).toContain(`data-version="${reg.bundled}" data-status="retired"`);

    const rb = await admin.post('/admin/models/rollback');
    expect(rb.headers.get('location')).toBe(`/models?done=rolledback&v=${reg.bundled}`);
    expect(activeRow(await (await admin.get('/models')).text())).toBe(reg.bundled);
    const last = (await readPromotions(w.t.store)).at(-1)!;
    expect(last).toMatchObject({ version: reg.bundled, reason: 'rollback', actor: 'ui:admin-user' });
  });
});
