import { describe, expect, it } from 'vitest';
import { numpyArgsort } from './numpy-argsort.js';
import { seededRandom } from '@napominalka/core/seeded-random';
import { loadArgsortFixtures } from './testing/fixtures.js';

describe('numpyArgsort', () => {
  it('equals numpy.argsort (quicksort), ties in numpy’s own order', () => {
    const cases = loadArgsortFixtures();
    expect(cases.some((c) => c.stableDiffers)).toBe(true);
    for (const c of cases) expect(Array.from(numpyArgsort(c.values))).toEqual(c.argsort);
  });

  it('sorts: an ascending permutation of the positions, for any input', () => {
    const random = seededRandom(3);
    for (const n of [0, 1, 2, 15, 16, 17, 257, 4096]) {
      const values = Array.from({ length: n }, () => Math.floor(random() * 7) - 3);
      const order = Array.from(numpyArgsort(values));
      expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
      for (let k = 1; k < n; k += 1) expect(values[order[k - 1] as number]).toBeLessThanOrEqual(values[order[k] as number] as number);
    }
  });
});
