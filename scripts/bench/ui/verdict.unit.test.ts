import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../common/args';
import { requestsOf, SPEC } from './args';
import { QueryClock } from './clock';
import { analyse } from './verdict';

describe('bench:ui', () => {
  it('counts overlapping queries once', async () => {
    const clock = new QueryClock();
    const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
    await Promise.all([clock.time(() => wait(40)), clock.time(() => wait(40))]);
    await clock.time(() => wait(20));
    expect(clock.count()).toBe(3);
    expect(clock.busyMs()).toBeGreaterThanOrEqual(55);
    expect(clock.busyMs()).toBeLessThan(95);
  });

  it('judges a page on p95 time, its ratio to its queries, and search pages on the search target', () => {
    const base = { name: 'x', path: '/x', queries: 2, status: 200, search: false };
    expect(analyse({ ...base, pageMs: [10, 12, 14], queryMs: [9, 10, 11] }).pass).toBe(true);
    expect(analyse({ ...base, pageMs: [40, 40, 40], queryMs: [10, 10, 10] }).pass).toBe(false);
    expect(analyse({ ...base, search: true, pageMs: [250, 250], queryMs: [240, 240] }).pass).toBe(false);
    expect(analyse({ ...base, pageMs: [3], queryMs: [0.2] }).ratio).toBeNull();
    expect(analyse({ ...base, status: 500, pageMs: [3], queryMs: [2] }).pass).toBe(false);
  });

  it('holds a page of a few milliseconds of queries to a fixed overhead, not the ratio', () => {
    const base = { name: 'x', path: '/x', queries: 2, status: 200, search: false };
    // 2 ms of queries, 5 ms page: ratio 2.5, overhead 3 ms.
    expect(analyse({ ...base, pageMs: [5], queryMs: [2] })).toMatchObject({ ratio: 2.5, overheadMs: 3, rule: 'fixed-cost', pass: true });
    // 9 ms over 2 ms of queries: more than the fixed cost, so the ratio judges, and fails.
    expect(analyse({ ...base, pageMs: [11], queryMs: [2] })).toMatchObject({ rule: 'ratio', pass: false });
    expect(analyse({ ...base, pageMs: [12], queryMs: [10] })).toMatchObject({ rule: 'ratio', pass: true });
  });

  it('refuses unknown arguments and takes the requests per page', () => {
    expect(parseBenchArgs(['--fast'], SPEC)).toMatchObject({ kind: 'usage' });
    expect(parseBenchArgs(['--requests', '0'], SPEC)).toMatchObject({ kind: 'usage' });
    const run = parseBenchArgs(['--quick', '--requests', '5'], SPEC);
    expect(run).toMatchObject({ kind: 'run', args: { quick: true, requests: 5, regenerate: false } });
    const quick = parseBenchArgs(['--quick'], SPEC);
    expect(quick.kind === 'run' && requestsOf(quick.args)).toBe(20);
    const full = parseBenchArgs([], SPEC);
    expect(full.kind === 'run' && requestsOf(full.args)).toBe(60);
  });
});
