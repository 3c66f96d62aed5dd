import { expect, it } from 'vitest';
import { flaggedShare, RUNS } from './testing/simulate.js';

it(`detects a new vocabulary in 20% of current texts in ≥ 95% of ${RUNS} seeded runs`, () => {
  const { share, summary } = flaggedShare(0.2, 1_000);
  console.log(`power: ${summary}`);
  expect(share).toBeGreaterThanOrEqual(0.95);
}, 60_000);
