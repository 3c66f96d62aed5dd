/**
 * Power and false alarms of Evidently's default tests on production-like windows (see
 * simulation/production.ts), at the sizes README.md documents. Targets: the shifted feature
 * flagged in ≥ 95 % of runs, same-distribution windows flagged in ≤ 5 %. Where Evidently's
 * tests cannot meet a target at these sizes, the test pins that (README.md says why), so the
 * README cannot silently go stale.
 *
 * The wider scan of the README: npx tsx etl/src/drift/stats/simulation/scan.ts
 */
import { seededRandom } from '@napominalka/core/testing';
import { describe, expect, test } from 'vitest';
import { simulate, type Rates, type WindowSizes } from './simulation/rates';
import { ratesTable } from './simulation/table';

const POWER = 0.95;
const FALSE_ALARMS = 0.05;

/** Reference ≤ 1,000 rows: KS for the numeric features, chi-squared for the categorical ones. */
const SMALL: WindowSizes = { reference: 1000, current: 200 };
/** Reference > 1,000 rows: normed Wasserstein and Jensen–Shannon. */
const LARGE: WindowSizes = { reference: 10_000, current: 10_000 };

describe('small-reference regime (1,000 / 200, 1,000 seeds)', () => {
  const rates: Rates = simulate(SMALL, 1000, seededRandom);
  test('KS: length and confidence shifts caught, no excess false alarms', () => {
    console.log(ratesTable([rates]));
    expect(rates.detection.textLonger).toBeGreaterThanOrEqual(POWER);
    expect(rates.detection.confidenceLower).toBeGreaterThanOrEqual(POWER);
    expect(rates.falseAlarm.textLength).toBeLessThanOrEqual(FALSE_ALARMS);
    expect(rates.falseAlarm.confidence).toBeLessThanOrEqual(FALSE_ALARMS);
    expect(rates.datasetFalseAlarm).toBeLessThanOrEqual(FALSE_ALARMS);
  });
  test('chi-squared: +10 points to "other" and +15 points of English caught', () => {
    expect(rates.detection.intentToOther).toBeGreaterThanOrEqual(POWER);
    expect(rates.detection.languageToEn).toBeGreaterThanOrEqual(POWER);
  });
  test('chi-squared: false alarms above 5 % (reference error ignored), +10 points to "list" under 95 %', () => {
    expect(rates.falseAlarm.intent).toBeGreaterThan(FALSE_ALARMS);
    expect(rates.falseAlarm.language).toBeGreaterThan(FALSE_ALARMS);
    expect(rates.detection.intentToList).toBeLessThan(POWER);
  });
});

describe('large-reference regime (10,000 / 10,000, 200 seeds)', () => {
  const rates: Rates = simulate(LARGE, 200, seededRandom);
  test('no false alarms; intent→other, language, length and confidence shifts caught', () => {
    console.log(ratesTable([rates]));
    for (const f of ['intent', 'language', 'textLength', 'confidence'] as const) {
      expect(rates.falseAlarm[f]).toBeLessThanOrEqual(FALSE_ALARMS);
    }
    expect(rates.datasetFalseAlarm).toBeLessThanOrEqual(FALSE_ALARMS);
    expect(rates.detection.intentToOther).toBeGreaterThanOrEqual(POWER);
    expect(rates.detection.languageToEn).toBeGreaterThanOrEqual(POWER);
    expect(rates.detection.textLonger).toBeGreaterThanOrEqual(POWER);
    expect(rates.detection.confidenceLower).toBeGreaterThanOrEqual(POWER);
  });
  test('Jensen–Shannon: +10 points to "list" (distance 0.102 against threshold 0.1) under 95 %', () => {
    expect(rates.detection.intentToList).toBeLessThan(POWER);
  });
});
