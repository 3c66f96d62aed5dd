import { describe, expect, it } from 'vitest';
import { rocAuc } from './roc-auc.js';
import { loadRocAucFixtures } from './testing/fixtures.js';

describe('rocAuc', () => {
  it('equals sklearn.metrics.roc_auc_score to 1e-12, ties included', () => {
    for (const c of loadRocAucFixtures()) expect(Math.abs(rocAuc(c.labels, c.scores) - c.rocAuc)).toBeLessThanOrEqual(1e-12);
  });

  it('counts a tie between the classes as one half', () => {
    expect(rocAuc([0, 1], [0.3, 0.3])).toBe(0.5);
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBe(0.75);
  });

  it('refuses what scikit-learn refuses: one class only, NaN scores', () => {
    expect(() => rocAuc([1, 1], [0.2, 0.3])).toThrow(RangeError);
    expect(() => rocAuc([0, 1], [0.2, Number.NaN])).toThrow(RangeError);
  });
});
