import type { CpuUse } from '../core/src/bench/cpu';
import { judgedBackfill, median, TARGETS, verdicts, type BackfillVia, type Measured, type Settings, type Verdict, type VerdictKey } from './bench-etl-lib';
import type { ResultOf } from './bench-etl-protocol';

/**
 * The results of `pnpm bench:etl` as the measured figures, the verdicts, and the markdown rows
 * and notes for docs/benchmarks.md (pure: everything it prints comes in as arguments).
 */

export type CeilingName = 'parse-quality-sql' | 'scan-day' | 'scan-drift';
/** A child's result with the machine's CPU while it ran. */
export type WithCpu<T> = T & { machineCpu: CpuUse };
type AssetRun = WithCpu<ResultOf<'asset'>>;
/** One backfill executed by one or more processes: timed from the first one's start to the last one's end. */
export interface BackfillRun {
  wallMs: number;
  procs: Array<WithCpu<ResultOf<'execute'>>>;
  /** The machine over the whole backfill, with the gateway process's share when there is one. */
  machineCpu: CpuUse;
}

export interface RunResults {
  settings: Settings;
  cores: number;
  generate: ResultOf<'generate'>;
  assets: {
    parseQuality: AssetRun[];
    drift: AssetRun[];
    ceilings: Record<CeilingName, WithCpu<ResultOf<'ceiling'>>>;
    profile: ResultOf<'profile'> | null;
  } | null;
  backfill: Array<{ via: BackfillVia; sequential: BackfillRun; parallel: BackfillRun; scaledOut: BackfillRun | null }>;
}

const summary = (runs: AssetRun[]) => ({
  wallMs: median(runs.map((r) => r.wallMs)),
  peakBytes: Math.max(...runs.map((r) => r.proc.peakBytes)),
  ok: runs.length > 0 && runs.every((r) => r.run.status === 'succeeded'),
});
const ceilingMs = (c: ResultOf<'ceiling'>) => median(c.runsMs);
/** Every executor sees every run of the backfill: one row per day (the last executor's view). */
const runsOf = (b: BackfillRun) => [...new Map(b.procs.flatMap((p) => p.runs).map((x) => [x.partition, x])).values()];
/** CPU of the ETL processes. */
const cpuMsOf = (b: BackfillRun) => b.procs.reduce((t, p) => t + p.proc.cpuMs, 0);
/** CPU of the gateway process (the projector's part), from the machine's view. */
const gatewayMsOf = (b: BackfillRun) => (((b.machineCpu as Record<string, number> | null)?.gateway ?? 0) / 100) * b.wallMs;
const peakOf = (b: BackfillRun) => Math.max(...b.procs.map((p) => p.proc.peakBytes));

export function measuredOf(r: RunResults): Measured {
  const a = r.assets;
  const agreement = a?.ceilings['parse-quality-sql'].agreement ?? [];
  return {
    assets: a
      ? {
          parseQuality: summary(a.parseQuality),
          drift: summary(a.drift),
          ceilings: {
            parseQualitySqlMs: ceilingMs(a.ceilings['parse-quality-sql']),
            scanDayMs: ceilingMs(a.ceilings['scan-day']),
            scanDriftMs: ceilingMs(a.ceilings['scan-drift']),
          },
          agreement: agreement.length > 0 && agreement.every((x) => x.equal),
        }
      : null,
    backfill: r.backfill.map((b) => ({
      via: b.via,
      sequentialMs: b.sequential.wallMs,
      parallelMs: b.parallel.wallMs,
      scaledOutMs: b.scaledOut?.wallMs ?? null,
      concurrency: r.settings.backfill.concurrency,
      ok: [b.sequential, b.parallel].flatMap(runsOf).every((x) => x.status === 'succeeded'),
    })),
  };
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const secs = (ms: number) => `${fmt(ms / 1000, ms < 10_000 ? 2 : 1)} s`;
const mib = (bytes: number) => `${fmt(bytes / 2 ** 20)} MiB`;
const list = (xs: number[], f: (x: number) => string) => xs.map(f).join(' · ');
const cpuNote = (c: CpuUse, cpuMs: number, wallMs: number) =>
  c ? `${fmt((cpuMs / wallMs) * 100)} % of one core (machine busy ${c.busy} % of ${c.capacity} %)` : `${fmt((cpuMs / wallMs) * 100)} % of one core`;

export interface Row {
  measure: string;
  result: string;
  target: string;
  ceiling: string;
  verdict?: Verdict | undefined;
}

function assetRows(r: RunResults, by: (k: VerdictKey) => Verdict | undefined): Row[] {
  const a = r.assets!;
  const s = r.settings;
  const c = a.ceilings;
  const failures = (runs: AssetRun[]) =>
    runs
      .filter((x) => x.run.status !== 'succeeded')
      .map((x) => `; ${x.run.status}: ${x.run.failure ?? ''}`)
      .join('');
  const times = (runs: AssetRun[]) =>
    runs.length > 1
      ? ` (runs ${list(
          runs.map((x) => x.wallMs),
          secs,
        )})`
      : '';
  const peaks = (runs: AssetRun[]) =>
    list(
      runs.map((x) => x.proc.peakBytes),
      mib,
    );
  const agreement = c['parse-quality-sql'].agreement ?? [];
  const pq = summary(a.parseQuality);
  const drift = summary(a.drift);
  return [
    {
      measure: `parse_quality of one day (${fmt(s.dayParses)} parses), requestRun → executeRuns, median of ${a.parseQuality.length} fresh process(es)`,
      result: `${secs(pq.wallMs)} = ${fmt(by('parse_quality_ratio')?.value ?? NaN, 2)}× the ceiling${times(a.parseQuality)}${failures(a.parseQuality)}`,
      target: `≤ ${TARGETS.assetToCeiling}× ceiling`,
      ceiling: `the same aggregates as one SQL query ${secs(ceilingMs(c['parse-quality-sql']))}; raw scan of the day ${secs(ceilingMs(c['scan-day']))}`,
      verdict: by('parse_quality_ratio'),
    },
    {
      measure: `drift_report of that day against the training profile and ${s.referenceDays} previous days of ${fmt(s.referenceParses)} parses, median of ${a.drift.length}`,
      result: `${secs(drift.wallMs)} = ${fmt(by('drift_ratio')?.value ?? NaN, 2)}× the ceiling${times(a.drift)}${failures(a.drift)}`,
      target: `≤ ${TARGETS.assetToCeiling}× ceiling`,
      ceiling: `raw scan of the rows and columns it reads ${secs(ceilingMs(c['scan-drift']))} (${fmt(c['scan-drift'].rows)} rows)`,
      verdict: by('drift_ratio'),
    },
    {
      measure: 'drift_report wall time (median)',
      result: secs(drift.wallMs),
      target: `≤ ${TARGETS.driftSeconds} s`,
      ceiling: '',
      verdict: by('drift_seconds'),
    },
    {
      measure: 'Peak RSS (VmHWM) of the process materializing parse_quality (ETL + embedded ClickHouse), largest of the runs',
      result: `${mib(pq.peakBytes)} (runs ${peaks(a.parseQuality)}; ${mib(a.parseQuality[0]!.proc.baseBytes)} before the run)`,
      target: `≤ ${mib(TARGETS.rssBytes)}`,
      ceiling: `one-query process ${mib(c['parse-quality-sql'].proc.peakBytes)}; day-scan process ${mib(c['scan-day'].proc.peakBytes)}`,
      verdict: by('parse_quality_rss'),
    },
    {
      measure: 'Peak RSS (VmHWM) of the process materializing drift_report, largest of the runs',
      result: `${mib(drift.peakBytes)} (runs ${peaks(a.drift)}; ${mib(a.drift[0]!.proc.baseBytes)} before the run)`,
      target: `≤ ${mib(TARGETS.rssBytes)}`,
      ceiling: `scan process ${mib(c['scan-drift'].proc.peakBytes)}`,
      verdict: by('drift_rss'),
    },
    {
      measure: 'The one-query ceiling computes the figures the asset wrote (`*` row of etl_parse_quality)',
      result: `${agreement.filter((x) => x.equal).length} of ${agreement.length} equal${
        agreement.some((x) => !x.equal)
          ? `; differ: ${agreement
              .filter((x) => !x.equal)
              .map((x) => x.figure)
              .join(', ')}`
          : ''
      }`,
      target: 'all',
      ceiling: '',
      verdict: by('ceiling_agrees'),
    },
  ];
}

const VIA_TEXT: Record<BackfillVia, string> = {
  gateway: 'one ETL process over HTTP to the ClickHouse gateway in a process of its own, as the ETL service runs beside the projector (ETL_CONCURRENCY)',
  embedded: 'one ETL process with the embedded engine on one chdb connection (informational: an ETL beside the projector uses its gateway)',
};

function backfillRow(r: RunResults, b: RunResults['backfill'][number], judged: boolean, by: (k: VerdictKey) => Verdict | undefined): Row[] {
  const bf = r.settings.backfill;
  const failed = [b.sequential, b.parallel, ...(b.scaledOut ? [b.scaledOut] : [])].flatMap(runsOf).filter((x) => x.status !== 'succeeded').length;
  const per = b.sequential.wallMs / bf.concurrency;
  // Parallel cannot beat the sequential work's CPU (ETL + gateway) spread over every core, nor —
  // in one ETL process — the ETL's CPU on its one JavaScript thread (its chdb threads aside).
  const coresFloor = Math.max(1, (cpuMsOf(b.sequential) + gatewayMsOf(b.sequential)) / r.cores / per);
  const threadFloor = cpuMsOf(b.sequential) / per;
  const floors = `CPU floors: the work over ${r.cores} cores ≥ ${fmt(coresFloor, 2)}×${b.via === 'gateway' ? `, one ETL thread ≥ ${fmt(threadFloor, 2)}×` : '; one chdb connection runs one query at a time'}`;
  const rows: Row[] = [
    {
      measure: `Backfill of ${bf.days} days (${fmt(bf.parses)} parses/day; parse_quality + drift_report each day) at concurrency ${bf.concurrency}: ${VIA_TEXT[b.via]}`,
      result: `${secs(b.parallel.wallMs)} = ${fmt(b.parallel.wallMs / per, 2)}× sequential ÷ ${bf.concurrency}${failed ? `; ${failed} runs not succeeded` : ''}`,
      target: judged ? `≤ ${TARGETS.backfillRatio}×` : '',
      ceiling: `the same days at concurrency 1: ${secs(b.sequential.wallMs)} ÷ ${bf.concurrency} = ${secs(per)}; ${floors}`,
      verdict: judged ? by('backfill_ratio') : undefined,
    },
  ];
  if (b.scaledOut) {
    rows.push({
      measure: `The same backfill executed by ${b.scaledOut.procs.length} ETL processes at concurrency 1 each (executors side by side, one gateway)`,
      result: `${secs(b.scaledOut.wallMs)} = ${fmt(b.scaledOut.wallMs / per, 2)}× sequential ÷ ${bf.concurrency}`,
      target: '',
      ceiling: `CPU floor: the work over ${r.cores} cores ≥ ${fmt(coresFloor, 2)}×`,
    });
  }
  return rows;
}

function backfillRows(r: RunResults, by: (k: VerdictKey) => Verdict | undefined): Row[] {
  const judged = judgedBackfill(measuredOf(r).backfill);
  return r.backfill.flatMap((b) => backfillRow(r, b, judged?.via === b.via, by));
}

export function reportRows(r: RunResults): { rows: Row[]; verdicts: Verdict[]; pass: boolean } {
  const vs = verdicts(measuredOf(r));
  const by = (k: VerdictKey) => vs.find((v) => v.key === k);
  const rows = [...(r.assets ? assetRows(r, by) : []), ...backfillRows(r, by)];
  return { rows, verdicts: vs, pass: vs.every((v) => v.pass) };
}

function dataNote(r: RunResults): string {
  const s = r.settings;
  const parses = [s.main, s.backfill.spec]
    .filter((d) => r.generate.datasets.some((g) => g.database === d.database))
    .reduce((t, d) => t + d.days.reduce((u, x) => u + x.parses, 0), 0);
  const rows = r.generate.datasets.reduce((t, d) => t + d.rows, 0);
  const data = r.generate.datasets.map(
    (d) =>
      `${d.database} ${fmt(d.rows)} rows in ${d.parts} parts, ${mib(d.compressedBytes)} compressed, ${d.reused ? 'reused from an earlier run' : `generated in ${fmt(d.seconds, 1)} s`}`,
  );
  return (
    `Data (events_raw made by ClickHouse, INSERT … SELECT FROM numbers, seeded by the parse's number; the marts' views dropped, the assets do not read them): the measured day ${s.day} with ${fmt(s.dayParses)} parses after ` +
    `${s.referenceDays} reference days of ${fmt(s.referenceParses)} (a day of peak traffic after a month of ordinary days: ${fmt(s.referenceDays * s.referenceParses)} parses in the window, ${fmt((s.referenceDays * s.referenceParses) / 200_000, 0)}× the drift report's 200,000-row sample), ` +
    `${fmt(s.main.chats)} chats (30 % with a zone); per parse a MessageReceived and a MessageParsed (1 % ParseFailed), for creates (70 %) a ClarificationRequested or ReminderScheduled, then a cancel, edit, ✏️ feedback or delivery: ` +
    `${fmt(rows / parses, 2)} rows per parse. ${data.join('; ')}.`
  );
}

function assetNotes(r: RunResults): string[] {
  const a = r.assets!;
  const runs = (c: ResultOf<'ceiling'>) => list(c.runsMs, secs);
  const cpu = (xs: AssetRun[]) => xs.map((x) => cpuNote(x.machineCpu, x.proc.cpuMs, x.wallMs)).join(', ');
  const notes = [
    `Ceilings, each in a fresh process on the same data, ${a.ceilings['scan-day'].runsMs.length} runs, the median compared with the assets' median (one query ${runs(a.ceilings['parse-quality-sql'])}; day scan ${runs(a.ceilings['scan-day'])}; drift scan ${runs(a.ceilings['scan-drift'])}). ` +
      'parse_quality is held to the one query: the same aggregates in one pass without the framework (its figures are checked equal to the asset’s). drift_report is held to a raw scan of the rows and columns it reads: its feature statistics and text classifier have no SQL counterpart, so reading its input is its floor.',
    `Framework: the runs' own durations parse_quality ${list(
      a.parseQuality.map((x) => x.run.durationMs ?? NaN),
      secs,
    )}, drift_report ${list(
      a.drift.map((x) => x.run.durationMs ?? NaN),
      secs,
    )}; the rest of the wall time is the request, the claim and the 50 ms poll. ` +
      `CPU of the job: parse_quality ${cpu(a.parseQuality)}; drift_report ${cpu(a.drift)}.`,
  ];
  if (a.profile) {
    const p = a.profile;
    notes.push(
      `Profile (the assets' functions one by one in a process of its own; the day ${fmt(p.sizes.current_rows ?? 0)} parses, ${fmt(p.sizes.current_sampled ?? 0)} read; the 28 days ${fmt(p.sizes.reference_rows ?? 0)} parses, ${fmt(p.sizes.reference_sampled ?? 0)} read; peak RSS after each phase): ` +
        `${p.phases.map((x) => `${x.name} ${secs(x.ms)} (${mib(x.peakBytesAfter)})`).join('; ')}; started at ${mib(p.proc.baseBytes)}.`,
    );
  }
  return notes;
}

function backfillNote(r: RunResults): string {
  const bf = r.settings.backfill;
  const sum = (x: BackfillRun) => runsOf(x).reduce((t, y) => t + (y.durationMs ?? 0), 0);
  const cpu = (x: BackfillRun) =>
    `${cpuNote(x.machineCpu, cpuMsOf(x), x.wallMs)}${gatewayMsOf(x) ? `, gateway ${fmt((gatewayMsOf(x) / x.wallMs) * 100)} %` : ''}`;
  const each = r.backfill.map((b) => {
    const parts = [['sequential', b.sequential], ['parallel', b.parallel], ...(b.scaledOut ? [['scaled out', b.scaledOut] as const] : [])] as const;
    return `${b.via}: ${parts.map(([name, x]) => `${name} runs' durations summed ${secs(sum(x))}, ETL CPU ${cpu(x)}, peak RSS ${mib(peakOf(x))}`).join('; ')}`;
  });
  return (
    `Backfill: ${bf.from} … ${bf.to} of ${bf.spec.database} (each day after ${bf.referenceDays} days of the same volume, for its drift reference): requestBackfill with force, one run per day with both assets, executeRuns at the same concurrency, timed from the first executor's start to the last one's end. ` +
    `Concurrency ${bf.concurrency}${r.cores === 2 && bf.concurrency === 2 ? ': the machine has 2 cores, so 2 is the honest choice' : ` on ${r.cores} cores`}. ${each.join('. ')}.`
  );
}

/** The notes under the header: data, ceilings and their runs, CPU, the profile, the backfill. */
export function reportNotes(r: RunResults): string[] {
  return [dataNote(r), ...(r.assets ? assetNotes(r) : []), ...(r.backfill.length ? [backfillNote(r)] : [])];
}
