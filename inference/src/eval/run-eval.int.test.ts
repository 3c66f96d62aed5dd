import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** `pnpm eval:parse` as a process (tsx inference/src/eval/run-eval.ts) on a small temp corpus. */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const CLI = path.join(ROOT, 'inference/src/eval/run-eval.ts');
const EVAL_DIR = path.resolve(ROOT, '../shared/eval');
const DEV = path.join(EVAL_DIR, 'parse-dev.jsonl');
const PYTHON = '/usr/bin/python3';

const KEYS = ['n', 'intent_acc', 'due_acc', 'rrule_acc', 'text_f1', 'exact', 'baseline_due_acc', 'p50_ms', 'p99_ms'];

let tmp: string;
let corpus: string;
let corpusLines: string[];

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(TSX, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function lastLine(stdout: string): string {
  const lines = stdout.trimEnd().split('\n');
  return lines[lines.length - 1] ?? '';
}

beforeAll(() => {
  if (!existsSync(DEV)) throw new Error(`${DEV} is missing: the shared/ folder must sit next to the repository`);
  tmp = mkdtempSync(path.join(os.tmpdir(), 'run-eval-'));
  // Every 8th dev line: Russian and English, several intents and zones.
  corpusLines = readFileSync(DEV, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .filter((_, i) => i % 8 === 0);
  corpus = path.join(tmp, 'small.jsonl');
  writeFileSync(corpus, corpusLines.join('\n') + '\n');
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('pnpm eval:parse', () => {
  it('prints a report and, as the last line, the JSON summary; its predictions score the same in score.py', () => {
    const predictions = path.join(tmp, 'pred.jsonl');
    const r = cli(['--corpus', corpus, '--predictions', predictions]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/metric\s+parser \(napominalka \(model [\w.-]+\)\)\s+chrono/);
    expect(r.stdout).toMatch(/due_acc per tag/);
    expect(r.stdout).toMatch(/worst tags/);
    const summary = JSON.parse(lastLine(r.stdout)) as Record<string, unknown>;
    expect(Object.keys(summary).slice(0, KEYS.length)).toEqual(KEYS);
    expect(summary.n).toBe(corpusLines.length);
    for (const k of ['intent_acc', 'due_acc', 'rrule_acc', 'text_f1', 'exact', 'baseline_due_acc']) {
      expect(typeof summary[k], k).toBe('number');
      expect(summary[k] as number, k).toBeGreaterThanOrEqual(0);
      expect(summary[k] as number, k).toBeLessThanOrEqual(1);
    }
    expect(summary.p50_ms as number).toBeGreaterThanOrEqual(0);
    expect(summary.p99_ms as number).toBeGreaterThanOrEqual(summary.p50_ms as number);
    // The default parser (ours, with the registry's model) beats the chrono-node baseline.
    expect(summary.due_acc as number).toBeGreaterThanOrEqual(summary.baseline_due_acc as number);

    const predLines = readFileSync(predictions, 'utf8').trim().split('\n');
    expect(predLines).toHaveLength(corpusLines.length);
    if (!existsSync(PYTHON)) throw new Error(`${PYTHON} is missing: the predictions cannot be scored by score.py`);
    const py = spawnSync(PYTHON, [path.join(EVAL_DIR, 'score.py'), corpus, predictions], { encoding: 'utf8' });
    expect(py.status, py.stderr).toBe(0);
    const pyMetrics = JSON.parse(lastLine(py.stdout)) as Record<string, unknown>;
    for (const k of ['n', 'intent_acc', 'due_acc', 'rrule_acc', 'text_f1', 'exact']) expect(summary[k], k).toBe(pyMetrics[k]);
  });

  it('--json prints only the JSON line', () => {
    const r = cli(['--corpus', corpus, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(Object.keys(JSON.parse(lines[0] as string) as object)).toEqual(expect.arrayContaining(KEYS));
  });

  it('--help exits 0 and names the default parser', () => {
    const r = cli(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Usage: pnpm eval:parse/);
    expect(r.stdout).toMatch(/default: napominalka/);
  });

  it('--failures prints each wrong example with expected and got per field, before the JSON line', () => {
    // A gold line made wrong on purpose: its due a day later, so the parser cannot match it.
    const row = JSON.parse(corpusLines[1] as string) as Record<string, unknown>;
    const creates = corpusLines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((r) => r.intent === 'create' && typeof r.due === 'string');
    const wrong: Record<string, unknown> = { ...(creates[0] ?? row), id: 'wrong-on-purpose', due: '2000-01-01T09:00:00+03:00' };
    const file = path.join(tmp, 'with-wrong.jsonl');
    writeFileSync(file, [...corpusLines, JSON.stringify(wrong)].join('\n') + '\n');
    const r = cli(['--corpus', file, '--failures', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^failures: \d+ example\(s\) — intent \d+, due \d+, rrule \d+, text \d+, list_period \d+$/m);
    expect(r.stdout).toContain(`wrong-on-purpose [${String(wrong.lang)}] ${String(wrong.text)}`);
    expect(r.stdout).toMatch(/^ {2}due +expected "2000-01-01T09:00:00\+03:00" {2}got "[^"]+"$/m);
    expect(() => JSON.parse(lastLine(r.stdout))).not.toThrow();
    expect(cli(['--help']).stdout).toMatch(/--failures/);
  });

  it("a corpus with list periods gets list_period_acc, equal to score.py's", () => {
    const v2 = path.join(EVAL_DIR, 'parse-dev-v2.jsonl');
    const lists = readFileSync(v2, 'utf8')
      .split('\n')
      .filter((l) => l.includes('"intent": "list"'));
    const file = path.join(tmp, 'lists.jsonl');
    writeFileSync(file, lists.join('\n') + '\n');
    const predictions = path.join(tmp, 'lists-pred.jsonl');
    const r = cli(['--corpus', file, '--json', '--predictions', predictions]);
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(lastLine(r.stdout)) as Record<string, unknown>;
    const py = spawnSync(PYTHON, [path.join(EVAL_DIR, 'score.py'), file, predictions], { encoding: 'utf8' });
    expect(py.status, py.stderr).toBe(0);
    const pyMetrics = JSON.parse(lastLine(py.stdout)) as Record<string, unknown>;
    expect(typeof pyMetrics.list_period_acc).toBe('number');
    expect(summary.list_period_acc).toBe(pyMetrics.list_period_acc);
  });

  it('a malformed corpus exits 1 naming the line', () => {
    const bad = path.join(tmp, 'bad-json.jsonl');
    writeFileSync(bad, [corpusLines[0], '', '{"id": "x", "lang": "ru",', corpusLines[1]].join('\n') + '\n');
    const r = cli(['--corpus', bad]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${bad}:3: not valid JSON`);

    const invalid = path.join(tmp, 'bad-row.jsonl');
    const row = JSON.parse(corpusLines[1] as string) as Record<string, unknown>;
    delete row.intent;
    writeFileSync(invalid, [corpusLines[0], JSON.stringify(row)].join('\n') + '\n');
    const r2 = cli(['--corpus', invalid]);
    expect(r2.status).toBe(1);
    expect(r2.stderr).toMatch(new RegExp(`${invalid.replaceAll('.', '\\.')}:2: not a valid corpus row: intent`));
    expect(r2.stdout).toBe('');
  });

  it('a missing corpus exits 1, an unknown parser or option 2', () => {
    expect(cli(['--corpus', path.join(tmp, 'nope.jsonl')]).status).toBe(1);
    const r = cli(['--corpus', corpus, '--parser', 'nope']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown parser "nope"; known: napominalka, rules, chrono/);
    expect(cli(['--corpus', corpus, '--bogus']).status).toBe(2);
  });
});
