import path from 'node:path';
import { identity, defineAsset, type PartitionsDefinition } from '../../../framework';
import type { EtlResources } from '../../../resources';
import { PATHS, REPO_ROOT } from '../shared/paths';
import { runSubprocess, throttledLog } from '../shared/subprocess';
import { readCandidateCard } from './card';

/** The line train.sh ends with once the model is in the registry. */
const REGISTERED = /^registered (\S+)$/;

/**
 * `candidate_model` (daily): trains a model on the day's training set with the existing
 * pipeline (inference/training/train.sh: PyTorch → ONNX → checks → registry as a candidate →
 * training profile) as a subprocess with a timeout; its progress is the run's log. The registry
 * changes only when the model is complete (train.sh stages it); a crash or a timeout leaves it
 * as it was. Never promotes: promotion is decided by candidate_evaluation.
 */
export function candidateModelAsset(partitions: PartitionsDefinition, opts: { timeoutMs: number; trainArgs: readonly string[] }) {
  return defineAsset<EtlResources>({
    key: 'candidate_model',
    description: 'a model trained on the training set (train.sh as a subprocess), registered as a candidate',
    partitions,
    deps: [{ asset: 'training_set', mapping: identity() }],
    codeVersion: '1',
    // A crash of a seeded training recurs: one attempt; the run fails with the trainer's last lines.
    retry: { maxAttempts: 1, backoffMs: 0 },
    timeoutMs: opts.timeoutMs,
    materialize: async (ctx) => {
      const { modelsDir } = ctx.resources;
      const set = ctx.upstream.training_set?.[0];
      if (!set) throw new Error('no training set for this day');
      const data = path.join(modelsDir, String(set.metadata.path));
      const args = ['--data', data, '--models', modelsDir, '--no-promote', ...opts.trainArgs];
      ctx.log('info', `training: train.sh ${args.join(' ')}`);
      const started = Date.now();
      const result = await runSubprocess('bash', [PATHS.train, ...args], {
        cwd: REPO_ROOT,
        signal: ctx.signal,
        onLine: throttledLog((l) => ctx.log('info', l), 10_000),
      });
      const version = REGISTERED.exec(result.lastStdout.trim())?.[1];
      if (!version) throw new Error(`train.sh did not say which version it registered (last line: ${result.lastStdout.slice(0, 200)})`);
      const card = await readCandidateCard(modelsDir, version);
      ctx.log('info', `registered candidate ${version} in ${Math.round((Date.now() - started) / 1000)} s`);
      return { metadata: { version, training_set: String(set.metadata.path), train_seconds: Math.round((Date.now() - started) / 1000), ...card } };
    },
  });
}
