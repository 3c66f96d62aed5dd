/**
 * Latency of two model versions measured side by side, for candidate_evaluation:
 *
 *   tsx inference/src/eval/paired-latency.ts --model <a> --model <b> [--models-dir D] --corpus file.jsonl ...
 *
 * Both versions are loaded in this one process and every row is parsed by each in turn (the
 * order alternating row by row), so both see the same background load: on a shared machine two
 * runs one after the other differ by more than two models do. Last stdout line:
 * {"<a>": {"n", "p50_ms", "p99_ms"}, "<b>": {...}}.
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { loadGold } from './corpus';
import { latencyQuantile } from './latency';
import { ModelHolder } from '../model/model-holder';
import { pipelineParser } from './parser-registry';

const HELP = `Usage: tsx inference/src/eval/paired-latency.ts --model <a> --model <b> [--models-dir <dir>] --corpus <file.jsonl> [--corpus ...] [--rounds N]

Parses every row of the corpora with the production pipeline (no LLM) and each of the two model
versions in turn, N rounds (default 2), and prints one JSON object as the last stdout line:
{"<a>": {"n", "p50_ms", "p99_ms"}, "<b>": {...}}. Exit 1 when a model does not load or a corpus
is malformed; 2 on usage.`;

export async function pairedLatency(versions: readonly [string, string], files: readonly string[], dir?: string, rounds = 2) {
  const holders = await Promise.all(versions.map((v) => ModelHolder.load(v, dir)));
  const parsers = await Promise.all(holders.map((h) => pipelineParser(h.current.version, h)));
  const rows = files.flatMap((f) => loadGold(f));
  const times: [number[], number[]] = [[], []];
  const parse = (k: 0 | 1, r: (typeof rows)[number]) => parsers[k]!.parse({ text: r.text, timezone: r.tz, now: r.now, lang: r.lang });
  for (const r of rows.slice(0, 5)) for (const k of [0, 1] as const) await parse(k, r); // warm-up, untimed
  for (let round = 0; round < rounds; round++) {
    for (const [i, r] of rows.entries()) {
      for (const k of (i + round) % 2 === 0 ? ([0, 1] as const) : ([1, 0] as const)) {
        const t0 = performance.now();
        await parse(k, r);
        times[k].push(performance.now() - t0);
      }
    }
  }
  await Promise.all(holders.map((h) => h.current.release()));
  const figures = (t: number[]) => {
    const s = [...t].sort((a, b) => a - b);
    return { n: s.length, p50_ms: latencyQuantile(s, 0.5), p99_ms: latencyQuantile(s, 0.99) };
  };
  return { [versions[0]]: figures(times[0]), [versions[1]]: figures(times[1]) };
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      model: { type: 'string', multiple: true },
      'models-dir': { type: 'string' },
      corpus: { type: 'string', multiple: true },
      rounds: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const models = values.model ?? [];
  const rounds = Number(values.rounds ?? 2);
  if (models.length !== 2 || models[0] === models[1] || !values.corpus?.length || !Number.isInteger(rounds) || rounds < 1) {
    console.error('paired-latency: two different --model, at least one --corpus and a whole --rounds are required (see --help)');
    return 2;
  }
  process.env.TZ = 'UTC';
  try {
    console.log(JSON.stringify(await pairedLatency([models[0]!, models[1]!], values.corpus, values['models-dir'], rounds)));
    return 0;
  } catch (err) {
    console.error(`paired-latency: ${(err as Error).message}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
