/**
 * Parser evaluation: runs a parser over a labelled corpus, scores it like shared/eval/score.py
 * (score.ts), and compares it with the chrono-node baseline on the same corpus.
 *
 *   pnpm eval:parse --corpus <file.jsonl> [--json] [--parser <name>] [--predictions out.jsonl] [--failures] [--help]
 *
 * Progress goes to stderr; the report, then as the very last stdout line one JSON object, to stdout.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { appendBenchmarkSection, machineInfo } from '@napominalka/core/bench';
import { CorpusError, loadGold } from './corpus';
import { findFailures, formatFailures } from './failures';
import { BASELINE_PARSER, DEFAULT_PARSER, parsers, type Parser } from './parser-registry';
import { latencyQuantile } from './latency';
import { score, type GoldRow, type Metrics, type PredRow, type ScoreResult } from './score';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const DEFAULT_CORPUS = path.resolve(REPO_ROOT, '../shared/eval/parse-dev.jsonl');

const USAGE = `Usage: pnpm eval:parse [--corpus <file.jsonl>] [options]

Runs a parser over a labelled corpus (format and metrics: shared/eval/CONVENTIONS.md), scores it
exactly like shared/eval/score.py, runs the chrono-node baseline on the same corpus, and prints
metric | parser | chrono, per-tag due accuracy for both and the worst tags. The last stdout line
is one JSON object: {"n","intent_acc","due_acc","rrule_acc","text_f1","exact","baseline_due_acc",
"p50_ms","p99_ms",...} (p50/p99: in-process latency of one parse call, after an untimed
warm-up call on the first row of each language). A corpus whose gold carries list_from/list_to
(rule 20) also gets "list_period_acc", scored like score.py (over gold list: both dates equal,
both absent counts as right); a corpus without them gets no such key.

Options:
  --corpus <file>        labelled JSONL corpus (default: ../shared/eval/parse-dev.jsonl from the
                         repository root)
  --parser <name>        parser under test: ${Object.keys(parsers).join(', ')} (default: ${DEFAULT_PARSER})
  --predictions <file>   also write the parser's predictions as JSONL (score.py's input format)
  --failures             also print every example the parser got wrong: id, language, text and
                         tags, then per wrong field (intent, due, rrule, text, list_period)
                         what was expected and what the parser gave, judged as the metrics judge
                         them (text: token F1 below 1); printed before the JSON line
  --json                 print only the JSON line
  --record               append the figures and the worst tags' errors to docs/benchmarks.md
  --help                 this text

Exit status: 0 on success; 1 when the corpus is malformed (the line is named), a parser fails
on a row or the predictions cannot be written; 2 on a usage error.`;

export interface RunSummary {
  name: string;
  predictions: PredRow[];
  latenciesMs: number[];
  errors: { id: string; message: string }[];
  result: ScoreResult;
}

class UsageError extends Error {}

function asPrediction(id: string, out: unknown): PredRow {
  const o = out as Record<string, unknown> | null;
  const okStr = (v: unknown): v is string | null => v === null || typeof v === 'string';
  const okOpt = (v: unknown): v is string | null | undefined => v === undefined || okStr(v);
  if (!o || typeof o.intent !== 'string' || !okStr(o.due) || !okStr(o.rrule) || !okStr(o.reminderText) || !okOpt(o.listFrom) || !okOpt(o.listTo)) {
    throw new Error(`the parser returned ${JSON.stringify(out)}, not {intent, due, rrule, reminderText[, listFrom, listTo]}`);
  }
  const pred: PredRow = { id, intent: o.intent, due: o.due, rrule: o.rrule, reminder_text: o.reminderText };
  // Only a list with a period carries the fields (CONVENTIONS, Metrics).
  if (o.listFrom != null) pred.list_from = o.listFrom;
  if (o.listTo != null) pred.list_to = o.listTo;
  return pred;
}

export async function runParser(parser: Parser, gold: readonly GoldRow[], progress: boolean): Promise<RunSummary> {
  const predictions: PredRow[] = [];
  const latenciesMs: number[] = [];
  const errors: { id: string; message: string }[] = [];
  const step = Math.max(1, Math.ceil(gold.length / 10));
  // Untimed warm-up on the first row of each language: lazy initialisation (chrono builds a
  // locale's parsers on first use) is not per-message latency.
  for (const lang of ['ru', 'en'] as const) {
    const row = gold.find((g) => g.lang === lang);
    if (!row) continue;
    try {
      await parser.parse({ text: row.text, timezone: row.tz, now: row.now, lang: row.lang });
    } catch {
      // reported with the row below
    }
  }
  for (const [i, row] of gold.entries()) {
    const input = { text: row.text, timezone: row.tz, now: row.now, lang: row.lang };
    try {
      const t0 = performance.now();
      const out = await parser.parse(input);
      latenciesMs.push(performance.now() - t0);
      predictions.push(asPrediction(row.id, out));
    } catch (e) {
      errors.push({ id: row.id, message: e instanceof Error ? e.message : String(e) });
      predictions.push({ id: row.id, intent: null, due: null, rrule: null, reminder_text: null });
    }
    if (progress && ((i + 1) % step === 0 || i + 1 === gold.length)) {
      process.stderr.write(`[eval] ${parser.name}: ${i + 1}/${gold.length}\n`);
    }
  }
  return { name: parser.name, predictions, latenciesMs, errors, result: score(gold, predictions) };
}

async function loadParser(name: string): Promise<Parser> {
  const factory = parsers[name];
  if (!factory) throw new UsageError(`unknown parser ${JSON.stringify(name)}; known: ${Object.keys(parsers).join(', ')}`);
  return factory();
}

// ---------------------------------------------------------------------------------------------
// Report

const METRIC_KEYS = ['n', 'intent_acc', 'due_acc', 'rrule_acc', 'text_f1', 'exact'] as const satisfies readonly (keyof Metrics)[];

/** The metric rows of a report: list_period_acc only where the corpus scores it. */
const metricKeys = (m: Metrics): (keyof Metrics)[] => (m.list_period_acc !== undefined ? [...METRIC_KEYS, 'list_period_acc'] : [...METRIC_KEYS]);

const fmt = (x: number | null | undefined, digits = 4): string =>
  x === null || x === undefined ? '—' : Number.isInteger(x) && digits === 0 ? String(x) : x.toFixed(digits);

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((x, c) => (c === 0 ? x.padEnd(widths[c] as number) : x.padStart(widths[c] as number)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Gold intent × predicted intent, with the rows that are not all on the diagonal (the confusions). */
export function intentConfusion(
  gold: readonly GoldRow[],
  predictions: readonly PredRow[],
): { intents: string[]; counts: Record<string, Record<string, number>>; errors: Array<{ id: string; text: string; gold: string; predicted: string }> } {
  const pred = new Map(predictions.map((p) => [p.id, p.intent ?? 'none']));
  const counts: Record<string, Record<string, number>> = {};
  const errors: Array<{ id: string; text: string; gold: string; predicted: string }> = [];
  for (const g of gold) {
    const got = pred.get(g.id) ?? 'none';
    const row = (counts[g.intent] ??= {});
    row[got] = (row[got] ?? 0) + 1;
    if (got !== g.intent) errors.push({ id: g.id, text: g.text, gold: g.intent, predicted: got });
  }
  const intents = [...new Set([...Object.keys(counts), ...Object.values(counts).flatMap((r) => Object.keys(r))])].sort();
  return { intents, counts, errors };
}

function confusionTable(c: ReturnType<typeof intentConfusion>): string[][] {
  return c.intents.filter((g) => c.counts[g]).map((g) => [g, ...c.intents.map((p) => String(c.counts[g]?.[p] ?? 0))]);
}

function report(run: RunSummary, base: RunSummary, corpus: string, gold: readonly GoldRow[]): string {
  const pLabel = `parser (${run.name})`;
  const bLabel = BASELINE_PARSER;
  const sortedRun = [...run.latenciesMs].sort((a, b) => a - b);
  const sortedBase = [...base.latenciesMs].sort((a, b) => a - b);
  const out: string[] = [];
  out.push(`corpus: ${corpus}`);
  out.push('');
  out.push(
    table(
      ['metric', pLabel, bLabel],
      [
        ...metricKeys(run.result.metrics).map((k) => [k, fmt(run.result.metrics[k], k === 'n' ? 0 : 4), fmt(base.result.metrics[k], k === 'n' ? 0 : 4)]),
        ['p50_ms', fmt(latencyQuantile(sortedRun, 0.5), 3), fmt(latencyQuantile(sortedBase, 0.5), 3)],
        ['p99_ms', fmt(latencyQuantile(sortedRun, 0.99), 3), fmt(latencyQuantile(sortedBase, 0.99), 3)],
        ['errors', String(run.errors.length), String(base.errors.length)],
      ],
    ),
  );
  const tags = [...new Set([...Object.keys(run.result.tags), ...Object.keys(base.result.tags)])].sort();
  const acc = (r: RunSummary, t: string): number | null => {
    const c = r.result.tags[t];
    return c ? c.ok / c.n : null;
  };
  if (tags.length) {
    out.push('');
    out.push('due_acc per tag (gold create/snooze)');
    out.push(
      table(
        ['tag', 'n', pLabel, bLabel],
        tags.map((t) => [t, String(run.result.tags[t]?.n ?? base.result.tags[t]?.n ?? 0), fmt(acc(run, t), 3), fmt(acc(base, t), 3)]),
      ),
    );
    const worst = tags
      .filter((t) => acc(run, t) !== null)
      .sort((a, b) => (acc(run, a) as number) - (acc(run, b) as number) || (run.result.tags[b]?.n ?? 0) - (run.result.tags[a]?.n ?? 0))
      .slice(0, 5);
    out.push('');
    out.push(`worst tags (${run.name}): ${worst.map((t) => `${t} ${fmt(acc(run, t), 3)} (n=${run.result.tags[t]?.n})`).join(', ')}`);
  }
  const conf = intentConfusion(gold, run.predictions);
  out.push('');
  out.push(`intent confusion (${run.name}; rows gold, columns predicted)`);
  out.push(table(['gold \\ predicted', ...conf.intents], confusionTable(conf)));
  for (const e of conf.errors.slice(0, 10)) out.push(`  ${e.id}: ${e.gold} → ${e.predicted}: ${e.text}`);
  if (run.errors.length) {
    out.push('');
    out.push(`parser errors (${run.errors.length}):`);
    for (const e of run.errors.slice(0, 10)) out.push(`  ${e.id}: ${e.message}`);
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Main

export async function main(argv: string[]): Promise<number> {
  // chrono-node does part of its date arithmetic in the process's zone: pin it, so that the
  // figures do not depend on the machine.
  process.env.TZ = 'UTC';
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        corpus: { type: 'string' },
        parser: { type: 'string' },
        predictions: { type: 'string' },
        json: { type: 'boolean', default: false },
        failures: { type: 'boolean', default: false },
        record: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    process.stderr.write(`eval:parse: ${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const corpus = path.resolve(args.corpus ?? DEFAULT_CORPUS);
  try {
    const gold = loadGold(corpus);
    if (gold.length === 0) throw new CorpusError(corpus, 0, 'the corpus has no rows');
    const progress = gold.length >= 200;
    const parserName = args.parser ?? DEFAULT_PARSER;
    const parser = await loadParser(parserName);
    const run = await runParser(parser, gold, progress);
    if (args.predictions) {
      const file = path.resolve(args.predictions);
      writeFileSync(file, run.predictions.map((p) => JSON.stringify(p)).join('\n') + '\n');
      process.stderr.write(`[eval] predictions written to ${file}\n`);
    }
    const base = parserName === BASELINE_PARSER ? run : await runParser(await loadParser(BASELINE_PARSER), gold, progress);
    const sorted = [...run.latenciesMs].sort((a, b) => a - b);
    const m = run.result.metrics;
    const summary = {
      n: m.n,
      intent_acc: m.intent_acc,
      due_acc: m.due_acc,
      rrule_acc: m.rrule_acc,
      text_f1: m.text_f1,
      exact: m.exact,
      baseline_due_acc: base.result.metrics.due_acc,
      p50_ms: latencyQuantile(sorted, 0.5),
      p99_ms: latencyQuantile(sorted, 0.99),
      ...(m.list_period_acc !== undefined ? { list_period_acc: m.list_period_acc } : {}),
      parser: run.name,
      errors: run.errors.length,
      // Resident memory of this process with the parser (and the chrono baseline) loaded and used.
      rss_mb: Math.round(process.memoryUsage().rss / 1048576),
      baseline: base.result.metrics,
      corpus,
    };
    if (!args.json) process.stdout.write(`${report(run, base, corpus, gold)}\n\n`);
    if (args.failures) process.stdout.write(`${formatFailures(findFailures(gold, run.predictions))}\n\n`);
    if (args.record) {
      const where = appendBenchmarkSection(recordSection(run, base, gold, corpus, summary));
      process.stderr.write(`eval:parse: recorded in ${where}\n`);
    }
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    if (run.errors.length) {
      process.stderr.write(`eval:parse: the parser failed on ${run.errors.length} row(s), first ${run.errors[0]?.id}: ${run.errors[0]?.message}\n`);
      return 1;
    }
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`eval:parse: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`eval:parse: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`eval:parse: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}

/** The markdown section for docs/benchmarks.md: figures beside chrono, worst tags and what went wrong in them. */
function recordSection(run: RunSummary, base: RunSummary, gold: GoldRow[], corpus: string, summary: Record<string, unknown>): string {
  const m = machineInfo();
  const conf = intentConfusion(gold, run.predictions);
  const pred = new Map(run.predictions.map((p) => [p.id, p]));
  const rows = metricKeys(run.result.metrics);
  const worst = Object.entries(run.result.tags)
    .map(([tag, c]) => ({ tag, acc: c.ok / c.n, n: c.n }))
    .sort((a, b) => a.acc - b.acc || b.n - a.n)
    .slice(0, 5);
  const errors = worst.flatMap(({ tag }) =>
    gold
      .filter((g) => g.tags.includes(tag) && (g.intent === 'create' || g.intent === 'snooze'))
      .filter((g) => {
        const got = pred.get(g.id)?.due ?? null;
        const want = g.due ?? null;
        return got === null || want === null ? got !== want : Date.parse(got) !== Date.parse(want);
      })
      .slice(0, 3)
      .map((g) => `| ${tag} | ${g.text.replace(/\|/g, '\\|')} | ${g.due ?? 'null'} | ${pred.get(g.id)?.due ?? 'null'} |`),
  );
  return [
    `## ${new Date().toISOString().slice(0, 19)}Z — pnpm eval:parse, ${path.basename(corpus)}, ${m.commit}`,
    '',
    `- Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB; Node ${m.node}`,
    `- Parser: ${run.name}; baseline: ${base.name}; latency per message p50 ${summary.p50_ms} ms, p99 ${summary.p99_ms} ms; RSS ${summary.rss_mb} MB`,
    '',
    '| metric | parser | chrono-node |',
    '|---|---:|---:|',
    ...rows.map((k) => `| ${k} | ${run.result.metrics[k] ?? '—'} | ${base.result.metrics[k] ?? '—'} |`),
    '',
    `Worst tags (due_acc): ${worst.map((w) => `${w.tag} ${w.acc.toFixed(3)} (n=${w.n})`).join(', ')}`,
    '',
    ...(errors.length ? ['| tag | text | gold due | predicted due |', '|---|---|---|---|', ...errors] : ['No due errors in the worst tags.']),
    '',
    'Intent confusion (rows gold, columns predicted):',
    '',
    `| gold \\ predicted | ${conf.intents.join(' | ')} |`,
    `|---|${conf.intents.map(() => '---:').join('|')}|`,
    ...confusionTable(conf).map((r) => `| ${r.join(' | ')} |`),
    ...(conf.errors.length ? ['', ...conf.errors.slice(0, 10).map((e) => `- ${e.gold} → ${e.predicted}: ${e.text.replace(/\|/g, '\\|')}`)] : []),
  ].join('\n');
}
