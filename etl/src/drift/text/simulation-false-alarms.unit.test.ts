import { expect, it } from 'vitest';
import { flaggedShare, RUNS } from './testing/simulate.js';

it(`flags two windows of one distribution in ≤ 5% of ${RUNS} seeded runs`, () => {
  const { share, summary } = flaggedShare(0, 2_000);
  console.log(`false alarms: ${summary}`);
  expect(share).toBeLessThanOrEqual(0.05);
}, 60_000);
