import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ModelHolder } from './model-holder';
import { MODELS_DIR, readRegistry } from './registry';
import { ParsePipeline } from '../parse/pipeline';
import { createApp } from '../http/app';
import { modelAdmin } from '../http/model-admin';

/** Two registry versions made from the shipped model, in a scratch registry. */
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'models-'));
  const current = readRegistry().current;
  for (const v of ['va', 'vb']) {
    cpSync(path.join(MODELS_DIR, current), path.join(dir, v), { recursive: true });
    const cardPath = path.join(dir, v, 'card.json');
    writeFileSync(cardPath, JSON.stringify({ ...JSON.parse(readFileSync(cardPath, 'utf8')), version: v }));
  }
  cpSync(path.join(dir, 'va'), path.join(dir, 'incompatible'), { recursive: true });
  const bad = path.join(dir, 'incompatible', 'card.json');
  const card = JSON.parse(readFileSync(bad, 'utf8'));
  writeFileSync(bad, JSON.stringify({ ...card, version: 'incompatible', featurisation: { ...card.featurisation, version: 999 } }));
  writeFileSync(path.join(dir, 'registry.json'), JSON.stringify({ current: 'va', versions: ['va', 'vb'] }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('model rollout without downtime', () => {
  it('swaps models while parsing under load with zero failed requests', async () => {
    const holder = await ModelHolder.load('va', dir);
    const pipeline = new ParsePipeline({ model: () => holder.current, threshold: 0 });
    const app = createApp({ parser: () => pipeline, apiKeys: ['k'] });
    const body = JSON.stringify({ text: 'напомни завтра в 9 позвонить маме', timezone: 'Europe/Moscow', now: '2026-03-12T10:15:00+03:00' });
    const seen: string[] = [];
    let failures = 0;
    let stop = false;
    const loops = Array.from({ length: 8 }, async () => {
      while (!stop) {
        const res = await app.request('/v1/parse', { method: 'POST', body, headers: { 'content-type': 'application/json', authorization: 'Bearer k' } });
        if (res.status !== 200) failures++;
        else {
          const r = (await res.json()) as { modelVersion: string; due: string };
          if (Date.parse(r.due) !== Date.parse('2026-03-13T09:00:00+03:00')) failures++;
          seen.push(r.modelVersion);
        }
      }
    });
    await new Promise((r) => setTimeout(r, 400));
    await holder.promote('vb', dir, 100);
    await new Promise((r) => setTimeout(r, 600));
    stop = true;
    await Promise.all(loops);
    expect(failures).toBe(0);
    expect(seen.length).toBeGreaterThan(100);
    const switchAt = seen.indexOf('vb');
    expect(switchAt).toBeGreaterThan(0);
    // Once the new version answers, the old one never does again.
    expect(seen.slice(switchAt).every((v) => v === 'vb')).toBe(true);
    expect(holder.current.version).toBe('vb');
  });

  it('refuses a model trained with other features, and keeps serving the current one', async () => {
    const holder = await ModelHolder.load('va', dir);
    await expect(holder.promote('incompatible', dir)).rejects.toThrow(/featurisation v999/);
    expect(holder.current.version).toBe('va');
    await expect(holder.promote('missing', dir)).rejects.toThrow();
    expect(holder.current.version).toBe('va');
  });

  it('has an authenticated admin route that refuses unknown versions', async () => {
    const promoted: string[] = [];
    const app = createApp({
      parser: () => new ParsePipeline({ model: () => null, threshold: 0 }),
      apiKeys: ['k'],
      admin: modelAdmin({ current: () => 'va', promote: async (v) => void promoted.push(v) }),
    });
    const call = (v: string, key = 'k') => app.request(`/v1/admin/models/${v}/promote`, { method: 'POST', headers: { authorization: `Bearer ${key}` } });
    expect((await call(readRegistry().current, 'wrong')).status).toBe(401);
    expect((await call('no-such-version')).status).toBe(404);
    expect((await call('..%2F..%2Fetc')).status).not.toBe(202);
    const ok = await call(readRegistry().current);
    expect(ok.status).toBe(202);
    expect(promoted).toEqual([readRegistry().current]);
  });
});
