import type { AssetContext } from '../../../framework';
import type { EtlResources } from '../../../resources';
import { PATHS, REPO_ROOT } from '../shared/paths';
import { runSubprocess, throttledLog } from '../shared/subprocess';
import { z } from 'zod';
import { modelEvaluationSchema, type ModelEvaluation } from './compare';

/**
 * One model on the given corpora, in a process of its own (so its RSS is its own), with the
 * production pipeline (inference/src/eval/evaluate-model.ts).
 */
export async function evaluateInSubprocess(
  ctx: AssetContext<EtlResources>,
  version: string,
  corpora: ReadonlyArray<{ name: string; file: string }>,
): Promise<ModelEvaluation> {
  const args = [
    PATHS.evaluateModel,
    '--model',
    version,
    '--models-dir',
    ctx.resources.modelsDir,
    ...corpora.flatMap((c) => ['--corpus', `${c.name}=${c.file}`]),
  ];
  const result = await runSubprocess(PATHS.tsx, args, { cwd: REPO_ROOT, signal: ctx.signal, onLine: throttledLog((l) => ctx.log('info', `${version}: ${l}`)) });
  return modelEvaluationSchema.parse(JSON.parse(result.lastStdout));
}

const latencySchema = z.record(z.object({ n: z.number(), p50_ms: z.number().nullable(), p99_ms: z.number().nullable() }));

/**
 * The two models' latency measured side by side in one process (inference/src/eval/paired-latency.ts):
 * one after the other, background load on a shared machine moves p50 by more than the models differ.
 */
export async function pairedLatencyInSubprocess(
  ctx: AssetContext<EtlResources>,
  versions: readonly [string, string],
  corpora: ReadonlyArray<{ file: string }>,
): Promise<z.infer<typeof latencySchema>> {
  const args = [
    PATHS.pairedLatency,
    ...versions.flatMap((v) => ['--model', v]),
    '--models-dir',
    ctx.resources.modelsDir,
    ...corpora.flatMap((c) => ['--corpus', c.file]),
  ];
  const result = await runSubprocess(PATHS.tsx, args, { cwd: REPO_ROOT, signal: ctx.signal });
  return latencySchema.parse(JSON.parse(result.lastStdout));
}
