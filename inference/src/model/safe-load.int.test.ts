import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { registry } from '@napominalka/core';
import { createApp } from '../http/app';
import { modelAdmin } from '../http/model-admin';
import { ParsePipeline } from '../parse/pipeline';
import { ModelHolder } from './model-holder';
import { ModelLoadError, type ModelLoadFailure } from './load-error';
import { addVersion, COMMITTED_VERSION, scratchRegistry } from './test-registry';

/** Refusals at load: every cause is named, and the served model stays. */
let reg: ReturnType<typeof scratchRegistry>;
beforeAll(() => {
  reg = scratchRegistry();
  addVersion(reg.dir, 'good');
  addVersion(reg.dir, 'flipped', { corrupt: 'flip' });
  addVersion(reg.dir, 'truncated', { corrupt: 'truncate', fixChecksum: true });
  addVersion(reg.dir, 'old-features', { card: (c) => ({ ...c, featurisation: { ...c.featurisation, version: 999 } }) });
  addVersion(reg.dir, 'other-lexicon', { card: (c) => ({ ...c, featurisation: { ...c.featurisation, lexiconSha256: 'f'.repeat(64) } }) });
  addVersion(reg.dir, 'no-checksum', { card: (c) => ({ ...c, model: { file: 'model.onnx' } }) });
  writeFileSync(path.join(addVersion(reg.dir, 'bad-card'), 'card.json'), '{"version": "bad-card", "labels": 3}');
  rmSync(path.join(addVersion(reg.dir, 'no-card'), 'card.json'));
  rmSync(path.join(addVersion(reg.dir, 'no-file'), 'model.onnx'));
});
afterAll(() => reg?.cleanup());

async function refusal(holder: ModelHolder, version: string): Promise<ModelLoadError> {
  const err = await holder.promote(version, reg.dir).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ModelLoadError);
  return err as ModelLoadError;
}

async function metric(name: string, labels: Record<string, string>): Promise<number> {
  const m = (await registry.getSingleMetric(name)!.get()).values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
  return m?.value ?? 0;
}

describe('safe model loading', () => {
  it.each<[string, ModelLoadFailure, RegExp]>([
    ['flipped', 'checksum', /model flipped refused \(checksum\): model\.onnx has sha256 .* \(corrupt or replaced\)/],
    ['truncated', 'onnx', /model truncated refused \(onnx\): onnxruntime cannot open model\.onnx/],
    ['old-features', 'incompatible', /uses featurisation v999, this build v1/],
    ['other-lexicon', 'incompatible', /trained with another lexicon \(sha256 ffffffffffff…\)/],
    ['no-checksum', 'invalid-card', /model\.sha256: Required/],
    ['bad-card', 'invalid-card', /card\.json does not read: .*labels/],
    ['no-card', 'missing-card', /no card at/],
    ['no-file', 'missing-file', /cannot read .*model\.onnx: ENOENT/],
    ['missing', 'missing-card', /model missing refused \(missing-card\)/],
    ['..', 'invalid-version', /invalid model version/],
  ])('refuses %s (%s), names the version and the cause, and keeps serving the active model', async (version, failure, message) => {
    const holder = await ModelHolder.load('good', reg.dir);
    const refusedBefore = await metric('napominalka_inference_model_refusals_total', { failure });
    const err = await refusal(holder, version);
    expect(err.failure).toBe(failure);
    expect(err.version).toBe(version);
    expect(err.message).toMatch(message);
    expect(holder.current.version).toBe('good');
    // Still answers.
    expect((await holder.current.run([[1, 2, 3]])).intent.length).toBeGreaterThan(1);
    expect(await metric('napominalka_inference_model_refusals_total', { failure })).toBe(refusedBefore + 1);
    expect(await metric('napominalka_inference_model_info', { version: 'good' })).toBe(1);
  });

  it('refuses a corrupt version at first load too, and counts swaps by result', async () => {
    await expect(ModelHolder.load('flipped', reg.dir)).rejects.toThrow(/refused \(checksum\)/);
    const holder = await ModelHolder.load(COMMITTED_VERSION, reg.dir);
    const swapped = await metric('napominalka_inference_model_swaps_total', { result: 'swapped' });
    expect(await holder.promote('good', reg.dir, 10)).toBe('swapped');
    expect(await holder.promote('good', reg.dir, 10)).toBe('unchanged');
    expect(await metric('napominalka_inference_model_swaps_total', { result: 'swapped' })).toBe(swapped + 1);
    expect(await metric('napominalka_inference_model_info', { version: 'good' })).toBe(1);
    expect(await metric('napominalka_inference_model_info', { version: COMMITTED_VERSION })).toBe(0);
  });

  it('the admin route checks the same before announcing: a corrupt or incompatible version is a 404 naming the cause', async () => {
    const promoted: string[] = [];
    const app = createApp({
      parser: () => new ParsePipeline({ model: () => null, threshold: 0 }),
      apiKeys: ['k'],
      admin: modelAdmin({ dir: reg.dir, current: () => 'good', promote: async (v) => (promoted.push(v), { previous: 'good' }) }),
    });
    const call = (v: string) => app.request(`/v1/admin/models/${v}/promote`, { method: 'POST', headers: { authorization: 'Bearer k' } });
    const flipped = await call('flipped');
    expect(flipped.status).toBe(404);
    expect(((await flipped.json()) as { error: string }).error).toMatch(/cannot promote flipped: model flipped refused \(checksum\)/);
    expect((await call('old-features')).status).toBe(404);
    const ok = await call('good');
    expect(ok.status).toBe(202);
    expect(await ok.json()).toEqual({ version: 'good', previous: 'good' });
    expect(promoted).toEqual(['good']);
  });
});
