import { describe, expect, it } from 'vitest';
import { percentile, round, summaryAt } from './stats';

describe('stats', () => {
  it('rounds to the digits asked', () => {
    expect(round(1.2345)).toBe(1.2);
    expect(round(1.2355, 3)).toBe(1.236);
  });

  it('takes nearest-rank percentiles', () => {
    const s = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(s, 50)).toBe(5);
    expect(percentile(s, 90)).toBe(9);
    expect(percentile(s, 99)).toBe(10);
    expect(percentile([], 50)).toBeNaN();
  });

  it('summarises at the percentiles and digits asked, keys in order', () => {
    const s = summaryAt([3.14159, 1, 2], [50, 90, 99], 2);
    expect(s).toEqual({ count: 3, p50: 2, p90: 3.14, p99: 3.14, max: 3.14, mean: 2.05 });
    expect(Object.keys(s)).toEqual(['count', 'p50', 'p90', 'p99', 'max', 'mean']);
    expect(summaryAt([], [50], 1).max).toBeNaN();
  });
});
