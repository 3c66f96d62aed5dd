/**
 * Every drift statistic against every SciPy fixture (etl/reference/stats_fixtures.py), to a
 * relative 1e-9 (fixtures/tolerance.ts) — including kstwo's asymptotic branches, which are
 * matched to SciPy's own computation rather than to the looser error of the approximation.
 */
import { describe, expect, test } from 'vitest';
import categoricalJson from './fixtures/categorical.json';
import columnJson from './fixtures/column.json';
import ksJson from './fixtures/ks.json';
import numericJson from './fixtures/numeric.json';
import specialJson from './fixtures/special.json';
import { CategoricalFixtures, ColumnFixtures, KsFixtures, NumericFixtures, SpecialFixtures, expand } from './fixtures/schema';
import { relativeError, RELATIVE_TOLERANCE } from './fixtures/tolerance';
import {
  chiSquareTest,
  chiSquaredSf,
  columnDrift,
  jensenShannonDistance,
  kolmogorovSf,
  ksTwoSample,
  normalCdf,
  normedWasserstein,
  proportionsZTest,
  psi,
  smirnovSf,
  wassersteinDistance,
  isTested,
  type ColumnDriftResult,
  type DriftTestResult,
  type ColumnWindows,
} from './index';

/** Evidently's 2·(1 − Φ(|z|)) keeps only Φ's rounding error near 1: a few ulps of 1. */
const EVIDENTLY_Z_CANCELLATION = 2 ** -48;

function expectClose(actual: number, expected: number, what: string): void {
  const error = relativeError(actual, expected);
  expect(error, `${what}: ${actual} vs SciPy ${expected}`).toBeLessThanOrEqual(RELATIVE_TOLERANCE);
}

function assertTested(result: ColumnDriftResult): asserts result is DriftTestResult {
  if (!isTested(result)) throw new Error(`unexpected ${result.test}: ${result.reason}`);
}

describe('special functions', () => {
  const { cases } = SpecialFixtures.parse(specialJson);
  test.each(cases.chi2_sf)('chi2.sf($x, $df)', ({ x, df, sf }) => expectClose(chiSquaredSf(x, df), sf, 'chi2.sf'));
  test.each(cases.norm_cdf)('norm.cdf($z)', ({ z, cdf }) => expectClose(normalCdf(z), cdf, 'norm.cdf'));
  test.each(cases.smirnov)('smirnov($n, $x)', ({ n, x, sf }) => expectClose(smirnovSf(n, x), sf, 'smirnov'));
  test.each(cases.kstwo_sf)('kstwo.sf($x, $n)', ({ n, x, sf }) => expectClose(kolmogorovSf(n, x), sf, 'kstwo.sf'));
});

describe('ks_2samp', () => {
  const { cases } = KsFixtures.parse(ksJson);
  test.each(cases)('$name', (c) => {
    const r = ksTwoSample(c.ref, c.cur);
    assertTested(r);
    expectClose(r.statistic, c.statistic, 'statistic');
    expectClose(r.pValue, c.pvalue, 'p');
    expect(r.method).toBe(c.method);
    expect(r.drifted).toBe(c.drifted);
  });
});

describe('categorical tests (Evidently formulas over SciPy)', () => {
  const { cases } = CategoricalFixtures.parse(categoricalJson);
  test.each(cases)('$name', (c) => {
    const ref = expand(c.ref);
    const cur = expand(c.cur);
    const chi = chiSquareTest(ref, cur);
    assertTested(chi);
    expectClose(chi.statistic, c.chisquare.statistic, 'chi-squared statistic');
    expect(chi.degreesOfFreedom).toBe(c.chisquare.df);
    // df = 0 (one category): SciPy's p is NaN, ours 1 — the windows are identical.
    if (c.chisquare.df === 0) expect(chi.pValue).toBe(1);
    else expectClose(chi.pValue, c.chisquare.pvalue, 'chi-squared p');
    expect(chi.drifted).toBe(c.chisquare.drifted);
    const zt = proportionsZTest(ref, cur);
    assertTested(zt);
    expectClose(zt.statistic, c.z.statistic, 'z statistic');
    expectClose(zt.pValue, c.z.pvalue_sf, 'z p (2·norm.sf)');
    expect(Math.abs(zt.pValue - c.z.pvalue), "Evidently's 2·(1 − Φ)").toBeLessThanOrEqual(EVIDENTLY_Z_CANCELLATION);
    expect(zt.drifted).toBe(c.z.drifted);
    for (const [name, fn] of [
      ['jensenshannon', jensenShannonDistance],
      ['psi', psi],
    ] as const) {
      const r = fn(ref, cur);
      assertTested(r);
      expectClose(r.score, c[name].score, name);
      expect(r.binning).toEqual({ kind: 'categories', count: c[name].bins });
      expect(r.drifted).toBe(c[name].drifted);
    }
  });
});

describe('numeric distances (Evidently formulas over SciPy)', () => {
  const { cases } = NumericFixtures.parse(numericJson);
  test.each(cases)('$name', (c) => {
    expectClose(wassersteinDistance(c.ref, c.cur), c.wasserstein.distance, 'wasserstein_distance');
    const w = normedWasserstein(c.ref, c.cur);
    assertTested(w);
    expectClose(w.norm, c.wasserstein.norm, 'norm');
    expectClose(w.score, c.wasserstein.score, 'normed');
    expect(w.drifted).toBe(c.wasserstein.drifted);
    for (const [name, fn] of [
      ['jensenshannon', jensenShannonDistance],
      ['psi', psi],
    ] as const) {
      const r = fn(c.ref, c.cur);
      assertTested(r);
      expectClose(r.score, c[name].score, name);
      expect(r.binning.kind === 'sturges' ? r.binning.bins : r.binning.count).toBe(c[name].bins);
      expect(r.drifted).toBe(c[name].drifted);
    }
  });
});

describe("Evidently's default test per column", () => {
  const { cases } = ColumnFixtures.parse(columnJson);
  test.each(cases)('$name', (c) => {
    const column: ColumnWindows =
      c.kind === 'numeric'
        ? { kind: 'numeric', ref: c.ref, cur: c.cur }
        : { kind: 'categorical', ref: expand(c.ref).map(String), cur: expand(c.cur).map(String) };
    const r = columnDrift(column);
    assertTested(r);
    expect(r.test).toBe(c.test);
    expectClose(r.driftScore, c.driftScore, 'drift score');
    expect(r.drifted).toBe(c.drifted);
  });
});
