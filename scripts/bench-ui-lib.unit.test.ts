import { describe, expect, it } from 'vitest';
import { analyse, parseArgs, QueryClock, UsageError } from './bench-ui-lib';

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

  it('refuses unknown arguments', () => {
    expect(() => parseArgs(['--fast'])).toThrow(UsageError);
    expect(parseArgs(['--quick', '--requests', '5'])).toMatchObject({ quick: true, requests: 5 });
  });
});
