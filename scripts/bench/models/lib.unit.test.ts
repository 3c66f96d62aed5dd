import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../common/args';
import { percentile, summariseFine as summarise } from '../common/stats';
import { settingsFor, SPEC } from './args';
import { bucketP99, nearPromotions } from './noise';
import { switchesOf } from './switches';
import { judge, ratio, type Figures } from './verdict';

/** The settings of a command line, as bench:models runs with them. */
function parse(argv: string[]) {
  const p = parseBenchArgs(argv, SPEC);
  if (p.kind !== 'run') throw new Error(p.kind === 'usage' ? p.message : 'help');
  return { docs: p.args.docs, settings: settingsFor(p.args) };
}

describe('bench:models options', () => {
  it('gives quick and full runs their lengths, the steady phase as long as the swaps', () => {
    const full = parse([]).settings;
    expect(full).toMatchObject({ mode: 'full', httpRate: 50, workerRate: 20, swaps: 10, swapEverySeconds: 5, steadySeconds: 50 });
    const quick = parse(['--quick']).settings;
    expect(quick).toMatchObject({ mode: 'quick', swapEverySeconds: 2, steadySeconds: 20 });
    expect(parse(['--swaps=4', '--swap-every', '3']).settings).toMatchObject({ swaps: 4, swapEverySeconds: 3, steadySeconds: 12 });
    expect(parse(['--no-docs', '--strict']).docs).toBe(false);
    expect(parse(['--raw', '/tmp/x.json']).settings.raw).toBe('/tmp/x.json');
    expect(parse(['--raw=/tmp/y.json']).settings.raw).toBe('/tmp/y.json');
    expect(() => parse(['--raw'])).toThrow(/argument missing/);
  });

  it('refuses unknown options and non-positive numbers', () => {
    expect(() => parse(['--fast'])).toThrow(/unknown option/);
    expect(() => parse(['--http-rate', '0'])).toThrow(/positive integer/);
    expect(() => parse(['--swaps=1.5'])).toThrow(/positive integer/);
  });
});

describe('statistics', () => {
  it('takes the nearest-rank percentile', () => {
    const a = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(a, 99)).toBe(99);
    expect(percentile(a, 50)).toBe(50);
    expect(percentile([], 99)).toBeNaN();
    expect(summarise([3, 1, 2])).toMatchObject({ count: 3, p50: 2, max: 3, mean: 2 });
  });

  it('has no ratio over nothing', () => {
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(3, 0)).toBeNaN();
    expect(ratio(NaN, 2)).toBeNaN();
  });
});

describe('switchesOf', () => {
  const o = (start: number, end: number, version: string) => ({ start, end, version });

  it('finds when the new version first answered and that it kept answering', () => {
    const s = switchesOf(
      [
        { at: 100, version: 'b' },
        { at: 200, version: 'a' },
      ],
      [o(90, 95, 'a'), o(100, 105, 'a'), o(102, 130, 'b'), o(140, 150, 'b'), o(205, 230, 'a'), o(240, 250, 'a')],
      300,
    );
    expect(s).toEqual([
      { version: 'b', switchedAfterMs: 30, served: true, stale: 0, answers: 3 },
      { version: 'a', switchedAfterMs: 30, served: true, stale: 0, answers: 2 },
    ]);
  });

  it('counts an old answer to a request sent after the switch as stale, not one in flight across it', () => {
    const [s] = switchesOf([{ at: 100, version: 'b' }], [o(101, 110, 'b'), o(99, 112, 'a'), o(111, 120, 'a'), o(121, 130, 'b')], 200);
    expect(s).toMatchObject({ served: true, stale: 1 });
  });

  it('says a promotion the service never served was not served', () => {
    const [s] = switchesOf([{ at: 100, version: 'b' }], [o(101, 110, 'a'), o(150, 160, 'a')], 200);
    expect(s).toMatchObject({ switchedAfterMs: null, served: false });
    const [back] = switchesOf([{ at: 100, version: 'b' }], [o(101, 110, 'b'), o(150, 160, 'a')], 200);
    expect(back).toMatchObject({ served: false });
  });
});

describe('judge', () => {
  const served = Array.from({ length: 2 }, () => ({ version: 'b', switchedAfterMs: 10, served: true, stale: 0, answers: 5 }));
  const ok: Figures = {
    http: { failed: 0, steadyP99: 10, swapP99: 14 },
    worker: { failed: 0, missing: 0, steadyP99: 40, swapP99: 50 },
    rss: { steadyMB: 200, peakSwapMB: 300 },
    switches: { http: served, worker: served, expected: 2 },
  };

  it('passes a run within every target', () => {
    const v = judge(ok);
    expect(v.ratios).toEqual({ http: 1.4, worker: 1.25, rss: 1.5 });
    expect(v.pass.all).toBe(true);
    expect(v.failed).toBe(false);
  });

  it('misses a target on a slow swap or a memory peak without failing the run', () => {
    const v = judge({ ...ok, http: { ...ok.http, swapP99: 16 }, rss: { steadyMB: 200, peakSwapMB: 330 } });
    expect(v.pass).toMatchObject({ httpP99Ratio: false, rssRatio: false, all: false });
    expect(v.failed).toBe(false);
  });

  it('fails the run on a failed request, a missing parse or an unserved promotion', () => {
    expect(judge({ ...ok, http: { ...ok.http, failed: 1 } }).failed).toBe(true);
    expect(judge({ ...ok, worker: { ...ok.worker, missing: 1 } }).failed).toBe(true);
    expect(judge({ ...ok, switches: { ...ok.switches, worker: served.slice(1) } }).failed).toBe(true);
    expect(judge({ ...ok, switches: { ...ok.switches, http: [{ ...served[0]!, stale: 1 }, served[1]!] } }).failed).toBe(true);
  });
});

describe('noise', () => {
  const xs = Array.from({ length: 100 }, (_, i) => ({ at: i * 10, ms: i % 10 === 0 ? 50 : 5 }));

  it('splits the swap phase into the second after each promotion and the rest', () => {
    const s = nearPromotions(xs, [{ at: 500, version: 'b' }], 400, 1000, 100);
    expect(s.near).toMatchObject({ count: 10, max: 50 });
    expect(s.rest).toMatchObject({ count: 50 });
  });

  it('gives the p99 of each slice of a phase', () => {
    expect(bucketP99(xs, 0, 1000, 250)).toEqual([50, 50, 50, 50]);
    expect(
      bucketP99(
        xs.map((x) => ({ ...x, ms: 1 })),
        0,
        1000,
        500,
      ),
    ).toEqual([1, 1]);
  });
});
