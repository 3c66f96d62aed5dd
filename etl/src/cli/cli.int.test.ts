import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '@napominalka/core/testing';
import { COMMANDS } from './cli';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const today = DateTime.utc().startOf('day');
const day = (back: number) => today.minus({ days: back }).toISODate()!;
const START = day(10);
const LAST = day(1);

let ctx: TestContext;
let dataDir: string;
let env: Record<string, string>;

/** The real CLI as its own process (`node --import tsx`, what `pnpm etl` runs). */
function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'etl/src/cli/main.ts'), ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const json = <T>(r: { code: number | null; stdout: string; stderr: string }): T => {
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T;
};

beforeAll(async () => {
  ctx = await createTestContext();
  // The child opens the embedded ClickHouse itself: a private data directory, one process at a time.
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'etl-cli-ch-'));
  env = { ...ctx.env, CLICKHOUSE_DATA_DIR: dataDir, CLICKHOUSE_URL: '', ETL_TIMEZONE: 'UTC', ETL_START_DATE: START, NO_COLOR: '1', LOG_LEVEL: '' };
});
afterAll(async () => {
  await ctx?.cleanup();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('pnpm etl', () => {
  let runId = '';

  it('every command answers --help', async () => {
    const results = await Promise.all([cli('--help'), ...COMMANDS.map((c) => cli(c.name, '--help'))]);
    expect(results[0]!.stdout).toContain('Usage: pnpm etl <command>');
    COMMANDS.forEach((c, i) => {
      expect(results[i + 1]!.code).toBe(0);
      expect(results[i + 1]!.stdout).toContain(`Usage: pnpm etl ${c.name}`);
    });
  });

  it('list --json: the assets with their partitions and checks, the schedules', async () => {
    const out = json<{
      assets: Array<{ key: string; partitions: unknown; checks: Array<{ name: string; severity: string }>; codeVersion: string }>;
      schedules: Array<{ name: string; assets: string[] }>;
    }>(await cli('list', '--json'));
    const pq = out.assets.find((a) => a.key === 'parse_quality')!;
    expect(pq.partitions).toEqual({ kind: 'daily', start: START, timezone: 'UTC' });
    expect(pq.checks).toContainEqual({ name: 'has_parses_when_bot_ran', severity: 'error', description: expect.any(String) });
    expect(pq.codeVersion).toBeTruthy();
    expect(out.schedules.find((s) => s.name === 'nightly')!.assets).toContain('parse_quality');
  });

  it('materialize parse_quality --partition D executes the run here, with progress, and prints its outcome', async () => {
    const r = await cli('materialize', 'parse_quality', '--partition', day(2));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/\[#+\] 1\/1 run/);
    expect(r.stdout).toMatch(/parse_quality\s+\S+\s+succeeded/);
    expect(r.stdout).toContain('1 run: 1 succeeded');
    runId = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/.exec(r.stdout)![0];
  });

  it('status, runs and run show it', async () => {
    const [status, runs, run] = await Promise.all([cli('status', 'parse_quality', '--json'), cli('runs', '--json'), cli('run', runId)]);
    const st = json<{
      partitions: Array<{ partition: string; state: string; materialized: { runId: string } | null; lastRun: { status: string } | null }>;
      summary: { materialized: number };
    }>(status);
    expect(st.partitions.find((p) => p.partition === day(2))).toMatchObject({ state: 'ok', materialized: { runId }, lastRun: { status: 'succeeded' } });
    expect(st.partitions.at(-1)!.partition).toBe(LAST);
    expect(st.summary.materialized).toBe(1);
    const rs = json<{ runs: Array<{ runId: string; status: string; reason: string; origin: string; partition: string }> }>(runs);
    expect(rs.runs).toContainEqual(
      expect.objectContaining({ runId, status: 'succeeded', reason: 'manual', partition: day(2), origin: expect.stringMatching(/^cli:/) }),
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`run ${runId}  succeeded`);
    expect(run.stdout).toMatch(/steps \(attempt 1\)\n\s+ASSET\s+STATUS.*\n\s+parse_quality\s+succeeded/);
    expect(run.stdout).toMatch(/logs \(1\)\n.*info\s+parse_quality\s+parse_quality \d{4}-\d{2}-\d{2}: 0 parses/);
    expect(run.stdout).toMatch(/EtlRunRequested.*\n(.*\n)*.*EtlRunSucceeded/);
  });

  it('a partition outside the range or an unknown asset is refused, naming what is valid', async () => {
    const [outside, unknown, usage] = await Promise.all([
      cli('materialize', 'parse_quality', '--partition', day(0)),
      cli('materialize', 'nope', '--partition', day(2)),
      cli('runs', '--limit', 'x'),
    ]);
    expect(outside.code).toBe(1);
    expect(outside.stderr).toContain(`partition ${day(0)} is outside the range ${START}..${LAST}`);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/unknown asset "nope" \(known: .*parse_quality/);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('pnpm etl runs --help');
    const { rows } = await ctx.pool.query(`select count(*)::int as n from "${ctx.schema}".etl_runs`);
    expect(rows[0].n).toBe(1);
  });

  it('backfill of 3 days runs each once, concurrently, and reports them', async () => {
    const r = await cli('backfill', 'parse_quality', '--from', day(5), '--to', day(3), '--concurrency', '2');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/3\/3 runs/);
    expect(r.stdout).toContain('3 runs: 3 succeeded');
    const { rows } = await ctx.pool.query<{ partition_key: string; status: string }>(
      `select partition_key, status from "${ctx.schema}".etl_runs where reason = 'backfill' order by partition_key`,
    );
    expect(rows).toEqual([day(5), day(4), day(3)].map((p) => ({ partition_key: p, status: 'succeeded' })));
  });
});
