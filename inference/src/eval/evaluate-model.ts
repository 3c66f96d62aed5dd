/**
 * One model version on several labelled corpora, for the model loop's candidate_evaluation:
 *
 *   tsx inference/src/eval/evaluate-model.ts --model <version> [--models-dir D] --corpus name=file.jsonl ...
 *
 * The production pipeline (no LLM) with that model; per corpus the metrics of score.ts, over all
 * rows the latency of one parse (p50/p99) and the process's peak RSS. Run each model in a
 * process of its own so the RSS figures compare. Last stdout line: one JSON object.
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { loadGold } from './corpus';
import { latencyQuantile } from './latency';
import { pipelineParser } from './parser-registry';
import { runParser } from './run-eval';
import type { Metrics } from './score';
import { ModelHolder } from '../model/model-holder';

const HELP = `Usage: tsx inference/src/eval/evaluate-model.ts --model <version> [--models-dir <dir>] --corpus <name>=<file.jsonl> [--corpus ...]

Parses every row of each corpus (format: shared/eval/CONVENTIONS.md) with the production
pipeline and the given model version (no LLM), scores it like shared/eval/score.py, and prints
one JSON object as the last stdout line:
  {"version", "corpora": {name: {n, intent_acc, due_acc, rrule_acc, text_f1, exact, errors}},
   "latency": {"n", "p50_ms", "p99_ms"}, "rss_mb", "load_ms"}
Progress on stderr. Exit 1 when the model does not load or a corpus is malformed; 2 on usage.`;

export interface ModelEvaluation {
  version: string;
  corpora: Record<string, Metrics & { errors: number }>;
  latency: { n: number; p50_ms: number | null; p99_ms: number | null };
  rss_mb: number;
  load_ms: number;
}

export async function evaluateModel(version: string, corpora: ReadonlyArray<{ name: string; file: string }>, dir?: string): Promise<ModelEvaluation> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    const t0 = performance.now();
    const holder = await ModelHolder.load(version, dir);
    const loadMs = performance.now() - t0;
    const parser = await pipelineParser(`model ${version}`, holder);
    const out: ModelEvaluation['corpora'] = {};
    const latencies: number[] = [];
    for (const c of corpora) {
      const gold = loadGold(c.file);
      const run = await runParser(parser, gold, true);
      out[c.name] = { ...run.result.metrics, errors: run.errors.length };
      latencies.push(...run.latenciesMs);
    }
    latencies.sort((a, b) => a - b);
    peak = Math.max(peak, process.memoryUsage().rss);
    return {
      version,
      corpora: out,
      latency: { n: latencies.length, p50_ms: latencyQuantile(latencies, 0.5), p99_ms: latencyQuantile(latencies, 0.99) },
      rss_mb: Math.round((peak / 2 ** 20) * 10) / 10,
      load_ms: Math.round(loadMs),
    };
  } finally {
    clearInterval(sampler);
  }
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { model: { type: 'string' }, 'models-dir': { type: 'string' }, corpus: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const corpora = (values.corpus ?? []).map((c) => {
    const at = c.indexOf('=');
    return at > 0 ? { name: c.slice(0, at), file: c.slice(at + 1) } : null;
  });
  if (!values.model || corpora.length === 0 || corpora.some((c) => c === null)) {
    console.error('evaluate-model: --model and at least one --corpus name=file are required (see --help)');
    return 2;
  }
  process.env.TZ = 'UTC';
  try {
    const result = await evaluateModel(values.model, corpora as Array<{ name: string; file: string }>, values['models-dir']);
    console.log(JSON.stringify(result));
    return 0;
  } catch (err) {
    console.error(`evaluate-model: ${(err as Error).message}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
