/**
 * The model workflow's gate (.github/workflows/model.yml): a candidate is kept only if the model
 * loop would promote it, by the same rule (etl's compareModels: not worse on any corpus, latency
 * or memory within the tolerances, better on a quality metric).
 *
 *   tsx scripts/ci/model-gate.ts [--accept-equal] <active.json> <candidate.json>
 *
 * Each file holds the last stdout line of inference/src/eval/evaluate-model.ts for one version.
 * Prints the verdict and why; exit 0 promote, 1 refused, 2 bad usage. A worse candidate is always
 * refused; one that is no better only without --accept-equal (a model that already scores 100 %
 * on the corpora can be retrained, e.g. on new feedback, without being refused for it).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareModels, describeComparison, modelEvaluationSchema, type Comparison } from '../../etl/src/assets/model-loop/evaluation/compare';

export function gate(activeJson: string, candidateJson: string, opts: { acceptEqual?: boolean } = {}): Comparison & { exitCode: 0 | 1; summary: string } {
  const lastLine = (s: string) => s.trim().split('\n').at(-1) ?? '';
  const active = modelEvaluationSchema.parse(JSON.parse(lastLine(activeJson)));
  const candidate = modelEvaluationSchema.parse(JSON.parse(lastLine(candidateJson)));
  const c = compareModels(candidate, active);
  return {
    ...c,
    exitCode: c.verdict === 'promote' || (c.verdict === 'not-better' && opts.acceptEqual === true) ? 0 : 1,
    summary: `${candidate.version} vs ${active.version}: ${c.verdict}: ${describeComparison(c)}`,
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const acceptEqual = args[0] === '--accept-equal';
  const [activeFile, candidateFile, extra] = acceptEqual ? args.slice(1) : args;
  if (!activeFile || !candidateFile || extra !== undefined) {
    console.error('Usage: tsx scripts/ci/model-gate.ts [--accept-equal] <active.json> <candidate.json>');
    process.exit(2);
  }
  const g = gate(readFileSync(activeFile, 'utf8'), readFileSync(candidateFile, 'utf8'), { acceptEqual });
  console.log(g.summary);
  process.exit(g.exitCode);
}
