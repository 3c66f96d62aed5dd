/**
 * The window-size scan of the drift statistics' README: power and false alarms of Evidently's
 * default tests at each size, 1,000 seeded runs per size (a few minutes on one core).
 *
 *   npx tsx etl/src/drift/stats/simulation/scan.ts [--help]
 */
import { seededRandom } from '@napominalka/core/seeded-random';
import { simulate, type WindowSizes } from './rates';
import { ratesTable } from './table';

const SIZES: WindowSizes[] = [
  { reference: 1000, current: 50 },
  { reference: 1000, current: 100 },
  { reference: 1000, current: 200 },
  { reference: 1000, current: 500 },
  { reference: 1000, current: 1000 },
  { reference: 2000, current: 2000 },
  { reference: 5000, current: 5000 },
  { reference: 10_000, current: 10_000 },
  { reference: 20_000, current: 20_000 },
];

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(
    'Usage: npx tsx etl/src/drift/stats/simulation/scan.ts\n\nPrints the README table of drift power and false alarms per window size (1,000 seeded runs each).',
  );
  process.exit(0);
}
const rows = [];
for (const [i, s] of SIZES.entries()) {
  process.stderr.write(`[${i + 1}/${SIZES.length}] reference ${s.reference} / current ${s.current}\n`);
  rows.push(simulate(s, 1000, seededRandom));
}
console.log(ratesTable(rows));
