/**
 * Benchmark of the ETL (issue "ETL"): one day of 1,000,000 parses and a 28-day reference,
 * `parse_quality` and `drift_report` materialized for that day through the framework, each beside
 * a ceiling measured in the same run on the same data.
 *
 *   pnpm bench:etl [--quick] [--strict] [--no-docs] [--only assets,backfill] [--regenerate] [--help]
 *
 * Sections:
 *   assets    each asset's wall time (requestRun → executeRuns) and peak RSS (VmHWM of the process
 *             that ran it: the embedded ClickHouse is in-process, so every measured job is a
 *             child process of its own). Ceilings: the same aggregates as parse_quality as ONE
 *             ClickHouse query, and a raw scan of the rows and columns each asset reads. Targets:
 *             each asset ≤ 3× its ceiling, drift_report ≤ 60 s, RSS ≤ 1 GiB. Full runs also
 *             profile the assets' phases one by one.
 *   backfill  30 days (10,000 parses/day) of both assets with requestBackfill + executeRuns at
 *             concurrency 2 against the same days at concurrency 1: parallel ≤ 1.5× sequential ÷ 2
 *             for one ETL process over HTTP to the gateway (a process of its own, as the
 *             projector's) — the ETL service beside the projector; shown beside it: two ETL
 *             processes executing the one backfill, and the ETL on one embedded chdb connection.
 *
 * The data is made by ClickHouse itself (INSERT … SELECT FROM numbers, deterministic) into the
 * embedded ClickHouse in `.data/bench-etl/clickhouse`, kept and reused by the next run
 * (`--regenerate` makes it again). The ETL's history lives in a scratch Postgres schema
 * (`bench_etl_<random>`) dropped at the end, also after an error or Ctrl-C. Progress goes to
 * stderr; a summary and, as the very last line, one JSON object go to stdout; the result is
 * appended to docs/benchmarks.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger, loadConfig, openEventStore } from '../core/src/index';
import { TEST_DATABASE_URL } from '../core/src/testing/context';
import { machineInfo, ROOT } from '../core/src/bench/report';
import { dropSchemaRetrying, exitOnInterrupt } from '../core/src/bench/teardown';
import { cpuDelta, cpuSnapshot } from '../core/src/bench/cpu';
import { runCli } from './bench/common/args';
import { progress } from './bench/common/progress';
import { exitSoon, failResult, publishResult, runDate } from './bench/common/result';
import { round } from './bench/common/stats';
import { machineLine, measuresTable } from './bench/common/table';
import { checkArgs, RUN_NOW, sectionsOf, settingsFor, SPEC, type Args, type Settings } from './bench-etl-lib';
import { jobSchema, resultSchema, type Job, type JobKind, type ResultOf } from './bench-etl-protocol';
import { reportNotes, reportRows, type BackfillRun, type CeilingName, type RunResults, type WithCpu } from './bench-etl-report';

const USAGE = `Usage: pnpm bench:etl [options]

Measures the ETL's assets on one day of 1,000,000 parses after 28 reference days of 250,000
parses, each beside a ceiling measured in the same run on the same data:
  assets    parse_quality and drift_report of that day through the framework (requestRun ->
            executeRuns), each run in a fresh process (3 runs each): wall time and peak RSS
            (VmHWM; the embedded ClickHouse is in the process). Ceilings: the same aggregates as
            parse_quality as one ClickHouse query; a raw scan of the day; a raw scan of what
            drift_report reads. Targets: each asset <= 3x its ceiling (medians), drift_report
            <= 60 s, peak RSS <= 1 GiB. Full runs also profile the assets' phases.
  backfill  30 days (10,000 parses/day, each after 28 days of the same) of both assets:
            requestBackfill + executeRuns at concurrency 2 against the same days at concurrency
            1. Judged: one ETL process over HTTP to the ClickHouse gateway in a process of its
            own (as the ETL service runs beside the projector): parallel <= 1.5x sequential / 2.
            Shown beside it: 2 ETL processes at concurrency 1 executing the one backfill, and one
            ETL process with the embedded engine (one chdb connection). Ceilings: CPU floors.

Options:
  --quick                smaller run (100,000 parses after 7 days of 100,000; one run each; a
                         4-day backfill of 5,000/day through the gateway; no profile): under 60 s
                         with the data of an earlier quick run
  --only a,b             run only these sections (assets, backfill)
  --day-parses N         parses on the measured day
  --reference-parses N   parses on each reference day
  --reference-days N     reference days before it (at most 28)
  --asset-runs N         fresh processes each asset is measured in (default 3, quick 1)
  --runs N               runs of each ceiling query (default 3)
  --backfill-days N      days of the backfill
  --backfill-parses N    parses per backfill day
  --backfill-via a,b     embedded, gateway (default both; quick: gateway)
  --concurrency N        concurrency of the parallel backfill (default 2)
  --profile              profile the assets' phases in a quick run too (full runs always do)
  --regenerate           make the data again even if an earlier run left it
  --strict               exit 1 when a target is missed (default: exit 0, the JSON says so)
  --no-docs              do not append the result to docs/benchmarks.md
  --help                 this text

Exit status: 0 when the run completed (targets are reported, see --strict); 1 when it failed;
2 on a usage error. Needs PostgreSQL (TEST_DATABASE_URL, default ${TEST_DATABASE_URL}).
The data is kept in .data/bench-etl/ (about 4 GB for a full run); the scratch schema
bench_etl_<random> is dropped at the end.`;

const SCRIPT = fileURLToPath(import.meta.url);
const DATA_DIR = path.join(ROOT, '.data', 'bench-etl', 'clickhouse');

/** The children running now: stopped on Ctrl-C and at the end. */
const running = new Set<ChildProcess>();
type Common = { dataDir: string; schema: string; now: string };

/** Runs one job in a child process (this script, `--child <what>`); its last stdout line is the result. */
async function inChild<K extends JobKind>(job: Extract<Job, { what: K }>): Promise<WithCpu<ResultOf<K>>> {
  const before = cpuSnapshot({});
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, '--child', job.what], {
    cwd: ROOT,
    env: { ...process.env, BENCH_ETL_JOB: JSON.stringify(job) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  running.add(child);
  let out = '';
  child.stdout!.on('data', (b: Buffer) => void (out += b.toString()));
  const code = await new Promise<number>((r) => child.once('exit', (c, sig) => r(c ?? (sig ? 130 : 1))));
  running.delete(child);
  const machineCpu = cpuDelta(before, cpuSnapshot({}));
  if (code !== 0) throw new Error(`child ${job.what} exited with ${code}`);
  const last = out.trim().split('\n').at(-1) ?? '';
  const result = resultSchema.parse(JSON.parse(last));
  if (result.what !== job.what) throw new Error(`child ${job.what} answered as ${result.what}`);
  return { ...(result as ResultOf<K>), machineCpu };
}

const mibOf = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;

async function assetsSection(s: Settings, common: Common): Promise<NonNullable<RunResults['assets']>> {
  const target = { ...common, database: s.main.database, day: s.day, start: s.main.days[0]!.day };
  const parseQuality: Array<WithCpu<ResultOf<'asset'>>> = [];
  const drift: Array<WithCpu<ResultOf<'asset'>>> = [];
  // Alternating, so that a burst of load from other work falls on both assets alike.
  for (let i = 1; i <= s.assetRuns; i++) {
    for (const [asset, runs] of [
      ['parse_quality', parseQuality],
      ['drift_report', drift],
    ] as const) {
      progress(`${asset} ${s.day}, run ${i}/${s.assetRuns}`);
      const r = await inChild({ what: 'asset', ...target, asset });
      runs.push(r);
      progress(`${asset}: ${round(r.wallMs / 1000, 2)} s, ${r.run.status}${r.run.failure ? ` (${r.run.failure})` : ''}, peak RSS ${mibOf(r.proc.peakBytes)}`);
    }
  }
  const ceilings = {} as Record<CeilingName, WithCpu<ResultOf<'ceiling'>>>;
  for (const ceiling of ['parse-quality-sql', 'scan-day', 'scan-drift'] as const) {
    ceilings[ceiling] = await inChild({ what: 'ceiling', ...target, ceiling, runs: s.ceilingRuns });
    progress(
      `ceiling ${ceiling}: ${ceilings[ceiling].runsMs.map((ms) => round(ms / 1000, 2)).join(' · ')} s, peak RSS ${mibOf(ceilings[ceiling].proc.peakBytes)}`,
    );
  }
  const profile = s.profile ? await inChild({ what: 'profile', ...target }) : null;
  return { parseQuality, drift, ceilings, profile };
}

const stopAll = () => {
  for (const c of running) c.kill('SIGTERM');
};

/** The projector's part: a child serving the embedded engine over HTTP until stopped. */
async function startGateway(
  s: Settings,
  dataDir: string,
): Promise<{ pid: number; clickhouse: { kind: 'http'; url: string; user: string; password: string }; stop(): Promise<void> }> {
  const job: Job = { what: 'gateway', dataDir, database: s.backfill.spec.database, user: 'bench', password: randomBytes(12).toString('hex') };
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, '--child', 'gateway'], {
    cwd: ROOT,
    env: { ...process.env, BENCH_ETL_JOB: JSON.stringify(job) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  running.add(child);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      const r = resultSchema.parse(JSON.parse(line));
      if (r.what === 'gateway') resolve(r.url);
      else reject(new Error(`the gateway child answered as ${r.what}`));
    });
    void exited.then(() => reject(new Error('the gateway child exited before it listened')));
  });
  return {
    pid: child.pid!,
    clickhouse: { kind: 'http', url, user: job.user, password: job.password },
    async stop() {
      child.kill('SIGTERM');
      await exited;
      running.delete(child);
    },
  };
}

type ExecuteTarget = Extract<Job, { what: 'execute' }>['clickhouse'];

/** Requests a backfill at `concurrency` and has `processes` children execute it, each at `concurrency / processes`. */
async function backfillOnce(
  s: Settings,
  common: Common,
  target: { clickhouse: ExecuteTarget; gatewayPid: number | null },
  concurrency: number,
  processes: number,
): Promise<BackfillRun> {
  const b = s.backfill;
  const start = b.spec.days[0]!.day;
  const { runIds } = await inChild({ what: 'request-backfill', ...common, start, from: b.from, to: b.to, concurrency });
  const job = {
    what: 'execute' as const,
    ...common,
    database: b.spec.database,
    start,
    runIds,
    clickhouse: target.clickhouse,
    concurrency: concurrency / processes,
  };
  const gateway = target.gatewayPid ? { [target.gatewayPid]: 'gateway' } : {};
  const before = cpuSnapshot(gateway);
  const procs = await Promise.all(Array.from({ length: processes }, () => inChild(job)));
  const machineCpu = cpuDelta(before, cpuSnapshot(gateway));
  return { wallMs: Math.max(...procs.map((p) => p.endedAt)) - Math.min(...procs.map((p) => p.startedAt)), procs, machineCpu };
}

async function backfillSection(s: Settings, common: Common): Promise<RunResults['backfill']> {
  const b = s.backfill;
  const out: RunResults['backfill'] = [];
  for (const via of b.via) {
    const gw = via === 'gateway' ? await startGateway(s, common.dataDir) : null;
    try {
      const target = { clickhouse: gw?.clickhouse ?? ({ kind: 'embedded' } as const), gatewayPid: gw?.pid ?? null };
      progress(`backfill ${b.from} … ${b.to} (${via}) one day after another`);
      const sequential = await backfillOnce(s, common, target, 1, 1);
      const per = sequential.wallMs / b.concurrency;
      progress(`backfill ${via} sequential: ${round(sequential.wallMs / 1000, 1)} s; now at concurrency ${b.concurrency}`);
      const parallel = await backfillOnce(s, common, target, b.concurrency, 1);
      progress(`backfill ${via} parallel: ${round(parallel.wallMs / 1000, 1)} s = ${round(parallel.wallMs / per, 2)}× sequential ÷ ${b.concurrency}`);
      let scaledOut: BackfillRun | null = null;
      if (gw && b.scaledOut) {
        scaledOut = await backfillOnce(s, common, target, b.concurrency, b.concurrency);
        progress(
          `backfill ${via}, ${b.concurrency} processes: ${round(scaledOut.wallMs / 1000, 1)} s = ${round(scaledOut.wallMs / per, 2)}× sequential ÷ ${b.concurrency}`,
        );
      }
      out.push({ via, sequential, parallel, scaledOut });
    } finally {
      await gw?.stop();
    }
  }
  return out;
}

async function child(args: Args): Promise<number> {
  const { runChild } = await import('./bench-etl-child');
  const job = jobSchema.parse(JSON.parse(process.env.BENCH_ETL_JOB ?? 'null'));
  if (job.what !== args.child) throw new Error(`--child ${args.child} with a ${job.what} job`);
  process.stdout.write(`${JSON.stringify(await runChild(job))}\n`);
  return 0;
}

async function main(args: Args): Promise<number> {
  if (args.child) return child(args);
  const s = settingsFor(args);
  const began = performance.now();
  const date = runDate();
  const machine = machineInfo();
  progress(
    `machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB; load ${machine.loadAverageAtStart.join(' ')}; commit ${machine.commit}; ${s.mode} run`,
  );
  const schema = `bench_etl_${randomBytes(4).toString('hex')}`;
  const log = createLogger({ service: 'bench-etl', level: 'warn' }, { write: (l: string) => void process.stderr.write(l) });
  const fail = (err: unknown) => failResult('etl', err);
  const opened = await openEventStore(loadConfig({ DATABASE_URL: TEST_DATABASE_URL, PG_SCHEMA: schema, PG_POOL_MAX: '2' }), log).catch((err: Error) => {
    fail(new Error(`PostgreSQL is required and is not reachable at ${TEST_DATABASE_URL}: ${err.message}`));
    return null;
  });
  if (!opened) return 1;
  const { pool } = opened;
  const cleanup = async () => {
    await dropSchemaRetrying(pool, schema, progress);
    await pool.end().catch(() => undefined);
  };
  exitOnInterrupt({ what: `schema ${schema}`, abort: () => stopAll(), cleanup, fail, progress });
  try {
    const common = { dataDir: DATA_DIR, schema, now: RUN_NOW };
    const run = (x: string) => (sectionsOf(args) as string[]).includes(x);
    progress(`data in ${path.relative(ROOT, DATA_DIR)} (kept for the next run)`);
    const datasets = [...(run('assets') ? [s.main] : []), ...(run('backfill') ? [s.backfill.spec] : [])];
    const generate = await inChild({ what: 'generate', ...common, datasets, regenerate: args.regenerate });
    const results: RunResults = { settings: s, cores: machine.cores, generate, assets: null, backfill: [] };
    if (run('assets')) results.assets = await assetsSection(s, common);
    if (run('backfill')) results.backfill = await backfillSection(s, common);
    const pg = (await pool.query<{ server_version: string }>('show server_version')).rows[0]!.server_version;
    const { rows, verdicts, pass } = reportRows(results);
    const seconds = round((performance.now() - began) / 1000, 1);
    const md = [
      `## ${date} — bench:etl, ${s.mode} run, ${machine.commit}`,
      '',
      `${machineLine(machine)}; shared with other work, figures may be noisy`,
      `- Services (same machine): PostgreSQL ${pg} (the ETL's history in scratch schema ${schema}, dropped at the end); ClickHouse ${generate.clickhouseVersion} embedded (chdb) in ${path.relative(ROOT, DATA_DIR)}; every measured job a child process (node --import tsx); run took ${seconds} s`,
      ...reportNotes(results).map((n) => `- ${n}`),
      '',
      ...measuresTable(
        rows.map((x) => ({ ...x, pass: x.verdict?.pass })),
        'Ceiling (same run)',
      ),
      '',
      `Overall: ${pass ? 'all targets met' : 'targets missed'}.`,
    ].join('\n');
    publishResult(md, args.docs, (docs) => ({ benchmark: 'etl', ok: true, date, mode: s.mode, machine, settings: s, seconds, results, verdicts, docs, pass }));
    return args.strict && !pass ? 1 : 0;
  } catch (err) {
    progress(`benchmark failed: ${(err as Error).stack ?? err}`);
    fail(err);
    return 1;
  } finally {
    stopAll();
    await cleanup();
  }
}

exitSoon(
  await runCli({ usage: USAGE, spec: SPEC, check: checkArgs, run: main }).catch((err: Error) => {
    process.stderr.write(`${err.stack ?? err.message}\n`);
    return 1;
  }),
);
