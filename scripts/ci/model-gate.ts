/**
 * The model workflow's gate (.github/workflows/model.yml): a candidate is kept only if the model
 * loop would promote it, by the same rule (etl's compareModels: not worse on any corpus, latency
 * or memory within the tolerances, better on a quality metric).
 *
 *   tsx scripts/ci/model-gate.ts <active.json> <candidate.json>
 *
 * Each file holds the last stdout line of inference/src/eval/evaluate-model.ts for one version.
 * Prints the verdict and why; exit 0 promote, 1 refused (inferior or not better), 2 bad usage.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareModels, describeComparison, modelEvaluationSchema, type Comparison } from '../../etl/src/assets/model-loop/evaluation/compare';

export function gate(activeJson: string, candidateJson: string): Comparison & { exitCode: 0 | 1; summary: string } {
  const lastLine = (s: string) => s.trim().split('\n').at(-1) ?? '';
  const active = modelEvaluationSchema.parse(JSON.parse(lastLine(activeJson)));
  const candidate = modelEvaluationSchema.parse(JSON.parse(lastLine(candidateJson)));
  const c = compareModels(candidate, active);
  return { ...c, exitCode: c.verdict === 'promote' ? 0 : 1, summary: `${candidate.version} vs ${active.version}: ${c.verdict}: ${describeComparison(c)}` };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [activeFile, candidateFile] = process.argv.slice(2);
  if (!activeFile || !candidateFile) {
    console.error('Usage: tsx scripts/ci/model-gate.ts <active.json> <candidate.json>');
    process.exit(2);
  }
  const g = gate(readFileSync(activeFile, 'utf8'), readFileSync(candidateFile, 'utf8'));
  console.log(g.summary);
  process.exit(g.exitCode);
}
