import { usageError, type BenchArgs } from './bench/common/args';
import type { DatasetSpec } from './bench-etl-protocol';

/**
 * The pure parts of `pnpm bench:etl`: options, the volumes and days of a run, the reading of
 * VmHWM, and the verdicts against the targets.
 */

export const SECTIONS = ['assets', 'backfill'] as const;
export type SectionName = (typeof SECTIONS)[number];

/** How the backfill's ETL reaches ClickHouse: one embedded connection, or HTTP to the gateway as in production. */
export const BACKFILL_VIA = ['embedded', 'gateway'] as const;
export type BackfillVia = (typeof BACKFILL_VIA)[number];

/** The options of bench:etl besides the common ones (bench/common/args.ts); `--child` is the internal mode of a measured job. */
export const SPEC = {
  only: 'list',
  'day-parses': 'int',
  'reference-parses': 'int',
  'reference-days': 'int',
  'asset-runs': 'int',
  runs: 'int',
  'backfill-days': 'int',
  'backfill-parses': 'int',
  'backfill-via': 'list',
  concurrency: 'int',
  profile: 'flag',
  regenerate: 'flag',
  child: 'string',
} as const;
export type Args = BenchArgs<typeof SPEC>;

const isSection = (x: string): x is SectionName => (SECTIONS as readonly string[]).includes(x);
const isVia = (x: string): x is BackfillVia => (BACKFILL_VIA as readonly string[]).includes(x);

/** What parseArgs cannot say: the section and backfill-via names, and the drift report's 28 days. */
export function checkArgs(a: Args): void {
  for (const x of a.only ?? []) if (!isSection(x)) throw usageError(`unknown section ${JSON.stringify(x)} (sections: ${SECTIONS.join(', ')})`);
  for (const x of a.backfillVia ?? []) if (!isVia(x)) throw usageError(`unknown --backfill-via ${JSON.stringify(x)} (${BACKFILL_VIA.join(', ')})`);
  if ((a.referenceDays ?? 0) > 28) throw usageError('--reference-days is at most 28 (the drift report reads 28 days back)');
}

/** The sections asked for (all without --only). */
export const sectionsOf = (a: Args): SectionName[] => (a.only ? a.only.filter(isSection) : [...SECTIONS]);

/** The day measured: any past day works; fixed so that the generated data can be reused. */
export const MEASURED_DAY = '2026-10-29';
/** The last day of the backfill (its own dataset, so the volumes do not mix). */
export const BACKFILL_LAST_DAY = '2026-10-29';
/** What the runs are requested "at": after every day of the data. */
export const RUN_NOW = '2026-11-15T12:00:00.000Z';

export const TARGETS = { assetToCeiling: 3, driftSeconds: 60, rssBytes: 2 ** 30, backfillRatio: 1.5 } as const;

const plusDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** `count` consecutive days ending with `last`, oldest first. */
export const daysEndingWith = (last: string, count: number): string[] => Array.from({ length: count }, (_, i) => plusDays(last, i - count + 1));

export function settingsFor(a: Args) {
  const q = a.quick;
  const dayParses = a.dayParses || (q ? 100_000 : 1_000_000);
  const referenceParses = a.referenceParses || (q ? 100_000 : 250_000);
  const referenceDays = a.referenceDays || (q ? 7 : 28);
  const bfDays = a.backfillDays || (q ? 4 : 30);
  const bfParses = a.backfillParses || (q ? 5_000 : 10_000);
  const bfReferenceDays = q ? 7 : 28;
  const referenceList = daysEndingWith(plusDays(MEASURED_DAY, -1), referenceDays);
  const main: DatasetSpec = {
    database: `etl_main_${dayParses}_${referenceParses}x${referenceDays}`,
    days: [...referenceList.map((day) => ({ day, parses: referenceParses })), { day: MEASURED_DAY, parses: dayParses }],
    chats: Math.max(1_000, Math.round(dayParses / 5)),
    seed: 20261029,
  };
  const bfAll = daysEndingWith(BACKFILL_LAST_DAY, bfReferenceDays + bfDays);
  const backfill: DatasetSpec = {
    database: `etl_backfill_${bfParses}x${bfReferenceDays + bfDays}`,
    days: bfAll.map((day) => ({ day, parses: bfParses })),
    chats: Math.max(1_000, Math.round(bfParses / 5)),
    seed: 20261030,
  };
  return {
    mode: q ? ('quick' as const) : ('full' as const),
    day: MEASURED_DAY,
    dayParses,
    referenceParses,
    referenceDays,
    main,
    backfill: {
      spec: backfill,
      days: bfDays,
      referenceDays: bfReferenceDays,
      parses: bfParses,
      from: bfAll[bfReferenceDays]!,
      to: BACKFILL_LAST_DAY,
      concurrency: a.concurrency || 2,
      via: a.backfillVia?.filter(isVia) ?? (q ? (['gateway'] as BackfillVia[]) : [...BACKFILL_VIA]),
      /** Through the gateway, also `concurrency` ETL processes at concurrency 1 executing the one backfill (full runs). */
      scaledOut: !q,
    },
    ceilingRuns: a.runs || 3,
    /** Fresh processes each asset is measured in (the verdict takes the median time, the largest RSS). */
    assetRuns: a.assetRuns || (q ? 1 : 3),
    /** The assets' phases one by one (full runs, or --profile: a quick run has no time for it). */
    profile: !q || a.profile,
  };
}
export type Settings = ReturnType<typeof settingsFor>;

/** VmHWM (peak resident set) of a /proc/<pid>/status text, in bytes; null when absent. */
export function vmHwmBytes(status: string): number | null {
  const m = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status);
  return m ? Number(m[1]) * 1024 : null;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** What the verdicts are made of (times in ms, sizes in bytes); null: the section did not run. */
export interface Measured {
  assets: {
    /** Median wall time and largest peak RSS over the asset's runs; ok: every run succeeded. */
    parseQuality: { wallMs: number; peakBytes: number; ok: boolean };
    drift: { wallMs: number; peakBytes: number; ok: boolean };
    /** Medians of the ceilings' runs. */
    ceilings: { parseQualitySqlMs: number; scanDayMs: number; scanDriftMs: number };
    agreement: boolean;
  } | null;
  backfill: Array<{ via: BackfillVia; sequentialMs: number; parallelMs: number; scaledOutMs: number | null; concurrency: number; ok: boolean }>;
}

export type VerdictKey = 'parse_quality_ratio' | 'drift_ratio' | 'drift_seconds' | 'parse_quality_rss' | 'drift_rss' | 'ceiling_agrees' | 'backfill_ratio';
export interface Verdict {
  key: VerdictKey;
  value: number;
  target: number;
  pass: boolean;
}

const verdict = (key: VerdictKey, value: number, target: number, ok: boolean): Verdict => ({
  key,
  value,
  target,
  pass: ok && Number.isFinite(value) && value <= target,
});

export const backfillRatio = (b: Measured['backfill'][number]) => b.parallelMs / (b.sequentialMs / b.concurrency);
/** The backfill the target is judged on: through the gateway, as the ETL runs beside the projector; else the one measured. */
export const judgedBackfill = (bs: Measured['backfill']) => bs.find((b) => b.via === 'gateway') ?? bs[0];

/**
 * Each asset against its ceiling: parse_quality against the same aggregates as one SQL query
 * (the same work without the framework, in one pass); drift_report against the raw scan of what
 * it reads (no SQL does its statistics, so the floor is reading its rows). A failed run fails its
 * verdicts whatever its time. The backfill: parallel ÷ (sequential ÷ concurrency).
 */
export function verdicts(m: Measured): Verdict[] {
  const out: Verdict[] = [];
  if (m.assets) {
    const { parseQuality: pq, drift, ceilings: c } = m.assets;
    out.push(
      verdict('parse_quality_ratio', pq.wallMs / c.parseQualitySqlMs, TARGETS.assetToCeiling, pq.ok),
      verdict('drift_ratio', drift.wallMs / c.scanDriftMs, TARGETS.assetToCeiling, drift.ok),
      verdict('drift_seconds', drift.wallMs / 1000, TARGETS.driftSeconds, drift.ok),
      verdict('parse_quality_rss', pq.peakBytes, TARGETS.rssBytes, pq.ok),
      verdict('drift_rss', drift.peakBytes, TARGETS.rssBytes, drift.ok),
      // 0 differing figures between the one-query ceiling and the asset's row.
      verdict('ceiling_agrees', m.assets.agreement ? 0 : 1, 0, true),
    );
  }
  const b = judgedBackfill(m.backfill);
  if (b) out.push(verdict('backfill_ratio', backfillRatio(b), TARGETS.backfillRatio, b.ok));
  return out;
}
