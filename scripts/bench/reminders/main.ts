/**
 * Benchmark of issue 5 ("Projections"): each section measures one figure beside its target and a
 * ceiling measured in the same run.
 *
 *   pnpm bench:reminders [--quick] [--strict] [--no-docs] [--only a,b] [--help]
 *
 * Sections (one function each; add a section by writing one and listing it in SECTIONS):
 *   ch-rebuild  rebuild of the ClickHouse projection from a synthetic store (≥ 20,000 events/s);
 *               ceilings: the raw Postgres read of the same pages, and a plain INSERT … SELECT
 *               into events_raw (materialized views attached) inside the engine
 *   ch-marts    p95 of every mart query over 10,000,000 events_raw rows (≤ 100 ms); ceiling: a
 *               `SELECT 1` round trip; reference: the same mart aggregated at query time
 *   pg-rebuild  rebuild of the Postgres read model (chats, reminders, parses) from the same store
 *               (≥ 20,000 events/s); ceiling: the raw Postgres read of the same pages
 *   scheduler   100,000 pending reminders falling due within the same 10 minutes, two scheduler
 *               processes: ReminderDue lateness p99 ≤ 1 s; ceiling: ReminderDue appends/s alone
 *
 * The synthetic store lives in a scratch Postgres schema (`bench_reminders_<events>`) and the
 * embedded ClickHouse in `.data/bench-reminders/clickhouse`: both are kept and reused by the next
 * run (`--regenerate` rebuilds them). Progress goes to stderr; a summary and, as the very last
 * line, one JSON object go to stdout; the result is appended to docs/benchmarks.md.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { TEST_DATABASE_URL } from '../../../core/src/testing/context';
import { machineInfo, ROOT } from '../../../core/src/bench/report';
import { createClickHouse, type ClickHouse } from '../../../core/src/clickhouse/index';
import { runCli, usageError } from '../common/args';
import { newPool } from '../common/pg';
import { progress } from '../common/progress';
import { exitSoon, failResult, publishResult, runDate } from '../common/result';
import { round } from '../common/stats';
import { settingsFor, SECTION_NAMES, SPEC, USAGE, type Args } from './args';
import { chMarts } from './ch-marts';
import { chRebuild } from './ch-rebuild';
import { pgRebuild } from './pg-rebuild';
import { markdown } from './report';
import { schedulerSection } from './scheduler';
import type { Ctx, Section, SectionResult } from './section';

/** Every section, in run order (add a section by writing one and listing it here and in SECTION_NAMES). */
const SECTIONS: Section[] = [chRebuild, chMarts, pgRebuild, schedulerSection];

async function main(args: Args): Promise<number> {
  const settings = settingsFor(args);
  const began = performance.now();
  const date = runDate();
  const machine = machineInfo();
  progress(
    `machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB; load ${machine.loadAverageAtStart.join(' ')}; commit ${machine.commit}; ${settings.mode} run`,
  );
  const pool = newPool(4, 'bench-reminders');
  let ch: ClickHouse | null = null;
  const results: Record<string, SectionResult> = {};
  try {
    await pool.query('select 1').catch((err: Error) => {
      throw new Error(`PostgreSQL is required and is not reachable at ${TEST_DATABASE_URL}: ${err.message}`);
    });
    const dataDir = path.join(ROOT, '.data', 'bench-reminders', 'clickhouse');
    ch = await createClickHouse({ database: 'bench', dataDir });
    const clickhouse = (await ch.query<{ v: string }>('SELECT version() AS v'))[0]!.v;
    progress(`ClickHouse ${clickhouse} embedded (chdb) in ${path.relative(ROOT, dataDir)}`);
    const ctx: Ctx = { args, settings, pool, ch };
    for (const section of SECTIONS) {
      if (args.only && !args.only.includes(section.name)) continue;
      progress(`section ${section.name}`);
      results[section.name] = await section.run(ctx);
    }
    const postgres = (await pool.query<{ server_version: string }>('show server_version')).rows[0]!.server_version;
    const pass = Object.values(results).every((r) => r.rows.every((x) => x.pass !== false));
    const seconds = round((performance.now() - began) / 1000, 1);
    const md = markdown({ date, mode: settings.mode, machine, postgres, clickhouse, seconds, results, pass });
    const sections = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, v.json]));
    publishResult(md, args.docs, (docs) => ({ benchmark: 'reminders', ok: true, date, mode: settings.mode, machine, settings, seconds, sections, pass, docs }));
    return args.strict && !pass ? 1 : 0;
  } catch (err) {
    progress(`benchmark failed: ${(err as Error).stack ?? err}`);
    return failResult('reminders', err);
  } finally {
    await ch?.close().catch(() => undefined);
    await pool.end().catch(() => undefined);
  }
}

const run = () =>
  runCli({
    usage: USAGE,
    spec: SPEC,
    check: (a) => {
      for (const s of a.only ?? []) if (!(SECTION_NAMES as readonly string[]).includes(s)) throw usageError(`unknown section ${JSON.stringify(s)}`);
    },
    run: main,
  });

/**
 * V8 flags of the measuring process: a larger young generation (the rebuild allocates a page of
 * decoded events at a time; with the default 16 MB semi-space, scavenges take ~20 % of its CPU).
 * The replay CLI should run with the same flags. The script re-runs itself once to get them.
 */
const NODE_FLAGS = ['--max-semi-space-size=64'];

if (!NODE_FLAGS.every((f) => process.execArgv.includes(f)) && !process.argv.includes('--help') && !process.argv.includes('-h')) {
  const child = spawn(process.execPath, [...NODE_FLAGS, ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => child.kill(sig));
  exitSoon(await new Promise<number>((r) => child.once('exit', (code, signal) => r(code ?? (signal ? 130 : 1)))));
} else {
  exitSoon(await run());
}
