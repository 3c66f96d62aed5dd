import { describe, expect, it } from 'vitest';
import { chatOf, exactlyOnce, hopBreakdown, maxInWindow, perKeyRate, requestTexts, type Trace } from './lib';
import { percentile, summarise } from '../common/stats';

describe('bench:bot pure parts', () => {
  it('percentiles by nearest rank, summaries ignore non-finite values', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile(xs, 100)).toBe(100);
    expect(percentile([], 50)).toBeNaN();
    expect(summarise([3, 1, 2, NaN])).toEqual({ count: 3, p50: 2, p95: 3, p99: 3, max: 3, mean: 2 });
  });

  it('counts instants in a half-open window as the emulator does', () => {
    expect(maxInWindow([0, 1000, 2000], 1000)).toBe(1); // 1000 is outside (0, 1000]'s left end
    expect(maxInWindow([0, 999, 1998], 1000)).toBe(2);
    expect(maxInWindow([5, 1, 3, 2, 4], 1000)).toBe(5);
    expect(maxInWindow([], 1000)).toBe(0);
    const r = perKeyRate(
      [
        { key: 1, at: 0 },
        { key: 1, at: 1100 },
        { key: 2, at: 50 },
        { key: 2, at: 700 },
      ],
      1000,
    );
    expect(r).toEqual({ maxInWindow: 2, minGapMs: 650 });
    expect(perKeyRate([{ key: 1, at: 0 }], 1000)).toEqual({ maxInWindow: 1, minGapMs: null });
  });

  it('tells exactly once from missing, duplicated and unexpected', () => {
    expect(exactlyOnce([1, 2, 3, 4], [1, 2, 2, 4, 9])).toEqual({ once: 2, missing: 1, duplicated: 1, unexpected: 1 });
  });

  it('spreads messages round robin over the chats, and generates the same varied texts for a seed', () => {
    expect([0, 1, 2, 3, 4].map((i) => chatOf(i, 3, 100))).toEqual([100, 101, 102, 100, 101]);
    const a = requestTexts(1);
    const b = requestTexts(1);
    const xs = Array.from({ length: 200 }, () => a());
    expect(Array.from({ length: 200 }, () => b())).toEqual(xs);
    expect(new Set(xs.map((x) => x.text)).size).toBeGreaterThan(100);
    expect(xs.some((x) => x.lang === 'en') && xs.some((x) => x.lang === 'ru')).toBe(true);
    expect(xs.filter((x) => x.lang === 'ru').every((x) => /[а-я]/i.test(x.text))).toBe(true);
  });

  it('breaks the way of each message into hops, skipping those with an unknown end', () => {
    const t = (o: Partial<Trace>): Trace => ({ injected: 0, taken: 10, received: 15, parsed: 40, decided: 60, queued: 100, sent: 250, ...o });
    const h = hopBreakdown([t({}), t({ sent: null }), t({ parsed: 20 })]);
    expect(h.ingress).toMatchObject({ count: 3, p50: 5, max: 5 });
    expect(h.parse).toMatchObject({ count: 3, p50: 25, max: 25 });
    expect(h.decide).toMatchObject({ count: 3, p50: 60, max: 80 });
    expect(h.send).toMatchObject({ count: 2, p50: 150 });
  });
});
