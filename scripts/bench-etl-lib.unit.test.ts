import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from './bench/common/args';
import { checkArgs, daysEndingWith, median, settingsFor, SPEC, TARGETS, verdicts, vmHwmBytes, type Measured } from './bench-etl-lib';

/** The command line as the bench reads it: parsed on the common options, then checked. */
function parseArgs(argv: string[]) {
  const p = parseBenchArgs(argv, SPEC);
  if (p.kind !== 'run') throw new Error(p.kind === 'usage' ? p.message : 'help');
  checkArgs(p.args);
  return p.args;
}

describe('bench:etl options', () => {
  it('reads flags and positive integers, inline or as the next argument', () => {
    const a = parseArgs(['--quick', '--strict', '--no-docs', '--day-parses=5000', '--reference-days', '7', '--only', 'backfill']);
    expect(a).toMatchObject({ quick: true, strict: true, docs: false, dayParses: 5000, referenceDays: 7, only: ['backfill'] });
  });

  it('refuses unknown options, sections, non-integers and more than 28 reference days', () => {
    expect(() => parseArgs(['--fast'])).toThrow(/unknown option "--fast"/);
    expect(() => parseArgs(['--only', 'assets,marts'])).toThrow(/unknown section "marts"/);
    expect(() => parseArgs(['--runs', '1.5'])).toThrow(/positive integer/);
    expect(() => parseArgs(['--reference-days', '29'])).toThrow(/at most 28/);
    expect(() => parseArgs(['--backfill-via', 'http'])).toThrow(/unknown --backfill-via "http"/);
  });
});

describe('bench:etl settings', () => {
  it('full: a day of 1,000,000 parses after 28 reference days, a 30-day backfill with 28 days before it', () => {
    const s = settingsFor(parseArgs([]));
    expect(s.main.days).toHaveLength(29);
    expect(s.main.days.at(-1)).toEqual({ day: '2026-10-29', parses: 1_000_000 });
    expect(s.main.days[0]).toEqual({ day: '2026-10-01', parses: 250_000 });
    expect(s.backfill).toMatchObject({ days: 30, parses: 10_000, from: '2026-09-30', to: '2026-10-29', concurrency: 2, via: ['embedded', 'gateway'] });
    expect(s.assetRuns).toBe(3);
    expect(s.backfill.spec.days).toHaveLength(58);
    expect(s.profile).toBe(true);
  });

  it('quick: smaller volumes, no profile; the database name follows the volumes so data is never mixed', () => {
    const s = settingsFor(parseArgs(['--quick']));
    expect(s.main.database).toBe('etl_main_100000_100000x7');
    expect(s.backfill.spec.database).toBe('etl_backfill_5000x11');
    expect(s.backfill.via).toEqual(['gateway']);
    expect(s.profile).toBe(false);
  });

  it('days ending with a day, across a month end', () => {
    expect(daysEndingWith('2026-11-02', 3)).toEqual(['2026-10-31', '2026-11-01', '2026-11-02']);
  });
});

describe('VmHWM and the median', () => {
  it('reads the peak resident set of a /proc status text in bytes', () => {
    expect(vmHwmBytes('Name:\tnode\nVmPeak:\t 9000 kB\nVmHWM:\t  524288 kB\nVmRSS:\t 1000 kB\n')).toBe(512 * 2 ** 20);
    expect(vmHwmBytes('Name:\tnode\n')).toBeNull();
  });

  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});

describe('verdicts', () => {
  const ok: Measured = {
    assets: {
      parseQuality: { wallMs: 2_900, peakBytes: 500 * 2 ** 20, ok: true },
      drift: { wallMs: 30_000, peakBytes: 900 * 2 ** 20, ok: true },
      ceilings: { parseQualitySqlMs: 1_000, scanDayMs: 300, scanDriftMs: 10_000 },
      agreement: true,
    },
    backfill: [{ via: 'gateway', sequentialMs: 100_000, parallelMs: 70_000, scaledOutMs: 60_000, concurrency: 2, ok: true }],
  };

  it('holds parse_quality to the one query, drift_report to its scan, the backfill to sequential ÷ concurrency', () => {
    const v = verdicts(ok);
    expect(v.map((x) => [x.key, x.value, x.pass])).toEqual([
      ['parse_quality_ratio', 2.9, true],
      ['drift_ratio', 3, true],
      ['drift_seconds', 30, true],
      ['parse_quality_rss', 500 * 2 ** 20, true],
      ['drift_rss', 900 * 2 ** 20, true],
      ['ceiling_agrees', 0, true],
      ['backfill_ratio', 1.4, true],
    ]);
  });

  it('a target missed, a failed run or a disagreeing ceiling fails its verdict', () => {
    const bad: Measured = {
      assets: {
        ...ok.assets!,
        drift: { wallMs: 61_000, peakBytes: TARGETS.rssBytes + 1, ok: true },
        parseQuality: { ...ok.assets!.parseQuality, ok: false },
        agreement: false,
      },
      backfill: [{ ...ok.backfill[0]!, parallelMs: 76_000 }],
    };
    const failed = verdicts(bad)
      .filter((x) => !x.pass)
      .map((x) => x.key);
    expect(failed).toEqual(['parse_quality_ratio', 'drift_ratio', 'drift_seconds', 'parse_quality_rss', 'drift_rss', 'ceiling_agrees', 'backfill_ratio']);
  });

  it('a section that did not run has no verdicts', () => {
    expect(verdicts({ assets: null, backfill: ok.backfill }).map((x) => x.key)).toEqual(['backfill_ratio']);
    expect(verdicts({ assets: null, backfill: [] })).toEqual([]);
  });

  it('the backfill is judged through the gateway, as the ETL runs; the embedded one only when it is all there is', () => {
    const embedded = { via: 'embedded' as const, sequentialMs: 100_000, parallelMs: 95_000, scaledOutMs: null, concurrency: 2, ok: true };
    expect(verdicts({ assets: null, backfill: [embedded, ok.backfill[0]!] })).toEqual([{ key: 'backfill_ratio', value: 1.4, target: 1.5, pass: true }]);
    expect(verdicts({ assets: null, backfill: [embedded] })).toEqual([{ key: 'backfill_ratio', value: 1.9, target: 1.5, pass: false }]);
  });
});
