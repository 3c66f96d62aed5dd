import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRegistry, BUNDLED_MODELS_DIR } from '@napominalka/core/model-registry';
import { buildGraph, daily, executeRuns, requestRun, type AssetGraph } from '../../../framework';
import type { EtlResources } from '../../../resources';
import { createEtlWorld, type EtlWorld } from '../../../testing/etl-world';
import { snapshot } from '../../../testing/file-snapshot';
import { feedbackLabelsAsset } from '../feedback-labels/asset';
import { trainingSetAsset } from '../training-set/asset';
import { PATHS, REPO_ROOT } from '../shared/paths';
import { candidateModelAsset } from './asset';

/**
 * candidate_model when training goes wrong: a trainer that crashes, one that runs past the step's
 * timeout. Either fails the run with the reason and leaves the registry as it was (the training
 * sets the loop keeps beside it aside), with no trainer process left behind. And training needs
 * no network: it runs in a network namespace of its own.
 */
let world: EtlWorld;
let registry: string;
let resources: EtlResources;
const TINY = ['--epochs', '1', '--dim', '16', '--hidden', '16', '--profile-n', '100', '--time-budget', '30', '--threads', '1'];
const days = daily({ start: '2026-11-01', timezone: 'UTC' });
const graphWith = (timeoutMs: number): AssetGraph<EtlResources> =>
  buildGraph({ assets: [feedbackLabelsAsset(days), trainingSetAsset(days), candidateModelAsset(days, { timeoutMs, trainArgs: TINY })] });

beforeAll(async () => {
  registry = mkdtempSync(path.join(tmpdir(), 'candidate-model-'));
  seedRegistry(BUNDLED_MODELS_DIR, registry);
  world = await createEtlWorld({ MODEL_LOOP_SYNTHETIC_N: '1500' });
  resources = { ...world.resources, modelsDir: registry };
});
afterAll(async () => {
  await world?.cleanup();
  rmSync(registry, { recursive: true, force: true });
});

async function run(graph: AssetGraph<EtlResources>, day: string) {
  const { runId } = await world.history.transaction((w) =>
    requestRun(
      w,
      graph,
      { assets: ['training_set', 'candidate_model'], partition: day, reason: 'manual', origin: 'test', key: `cm:${day}:${Math.random()}` },
      new Date(),
    ),
  );
  return (await executeRuns({ history: world.history, graph, resources, log: world.ctx.log }, [runId]))[0]!;
}
const registryNow = () => snapshot(registry, (rel) => rel.startsWith('training-sets'));
const trainers = () => spawnSync('pgrep', ['-f', `--models ${registry}`], { encoding: 'utf8' }).stdout.trim();

describe('candidate_model when training goes wrong', () => {
  it('a trainer that crashes fails the run with its error; the registry is untouched', async () => {
    const before = registryNow();
    process.env.NAPOMINALKA_TRAIN_FAIL = '1';
    try {
      const r = await run(graphWith(120_000), '2026-11-10');
      expect(r.status).toBe('failed');
      expect(r.failure?.message).toMatch(/^bash train\.sh exited with 1: .*failing on purpose/s);
    } finally {
      delete process.env.NAPOMINALKA_TRAIN_FAIL;
    }
    expect(registryNow()).toEqual(before);
  }, 180_000);

  it('a trainer past the timeout is stopped with everything it started; the run fails as a timeout', async () => {
    const before = registryNow();
    const r = await run(graphWith(4_000), '2026-11-10'); // the same day: its training set is reused
    expect(r.status).toBe('failed');
    expect(r.failure?.code).toBe('timeout');
    await new Promise((res) => setTimeout(res, 6_000)); // SIGTERM, then SIGKILL after 5 s
    expect(trainers()).toBe('');
    expect(registryNow()).toEqual(before);
  }, 180_000);

  it('training needs no network: the whole pipeline registers a model inside a network namespace of its own', () => {
    const set = path.join(registry, 'training-sets');
    const data = execFileSync('ls', [set], { encoding: 'utf8' }).split('\n').filter(Boolean)[0]!;
    const out = execFileSync('unshare', ['-rn', 'bash', PATHS.train, '--data', path.join(set, data), '--models', registry, '--no-promote', ...TINY], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(out.trim().split('\n').at(-1)).toMatch(/^registered \S+$/);
  }, 180_000);
});
