/** Edges the SciPy fixtures do not reach: refusals, empty windows, boundaries, verdict rules. */
import { describe, expect, test } from 'vitest';
import {
  chiSquareTest,
  chooseTest,
  columnDrift,
  datasetDrift,
  jensenShannonDistance,
  ksTwoSample,
  NonFiniteValueError,
  normedWasserstein,
  proportionsZTest,
  psi,
  type ColumnDriftResult,
} from './index';
import { compareCategories } from './values';

const range = (n: number, f: (i: number) => number = (i) => i): number[] => Array.from({ length: n }, (_, i) => f(i));

describe('non-finite numbers are refused, naming the window and the index', () => {
  test.each([
    ['ks', () => ksTwoSample([1, Number.NaN], [1]), 'reference', 1],
    ['wasserstein', () => normedWasserstein([1, 2], [3, Infinity]), 'current', 1],
    ['jensenshannon', () => jensenShannonDistance([-Infinity], [1]), 'reference', 0],
    ['psi', () => psi([1], [2, 3, Number.NaN]), 'current', 2],
    ['chisquare', () => chiSquareTest([1, 2, Number.NaN], [1]), 'reference', 2],
    ['z', () => proportionsZTest([1], [Number.NaN]), 'current', 0],
    ['columnDrift', () => columnDrift({ kind: 'numeric', ref: [1, 2], cur: [Number.NaN] }), 'current', 0],
  ] as const)('%s', (_name, run, side, index) => {
    expect(run).toThrow(NonFiniteValueError);
    try {
      run();
    } catch (error) {
      expect(error).toMatchObject({ side, index });
    }
  });
});

describe('an empty window gives a typed "not enough data", never NaN', () => {
  test.each([
    ['ks', (a: number[], b: number[]) => ksTwoSample(a, b)],
    ['wasserstein', (a: number[], b: number[]) => normedWasserstein(a, b)],
    ['jensenshannon', (a: number[], b: number[]) => jensenShannonDistance(a, b)],
    ['psi', (a: number[], b: number[]) => psi(a, b)],
    ['chisquare', (a: number[], b: number[]) => chiSquareTest(a, b)],
    ['z', (a: number[], b: number[]) => proportionsZTest(a, b)],
    ['columnDrift', (a: number[], b: number[]) => columnDrift({ kind: 'numeric', ref: a, cur: b })],
  ] as const)('%s', (_name, run) => {
    expect(run([], [1, 2])).toEqual({ test: 'not_enough_data', reason: 'empty_reference', drifted: false });
    expect(run([1, 2], [])).toEqual({ test: 'not_enough_data', reason: 'empty_current', drifted: false });
    expect(run([], [])).toEqual({ test: 'not_enough_data', reason: 'empty_both', drifted: false });
  });
});

describe("Evidently's default choice at its boundaries", () => {
  test('1,000 reference rows are the small regime, 1,001 the large one', () => {
    expect(chooseTest({ kind: 'numeric', ref: range(1000), cur: range(10) })).toBe('ks');
    expect(chooseTest({ kind: 'numeric', ref: range(1001), cur: range(10) })).toBe('wasserstein');
    expect(chooseTest({ kind: 'categorical', ref: range(1000, (i) => i % 3).map(String), cur: ['0'] })).toBe('chisquare');
    expect(chooseTest({ kind: 'categorical', ref: range(1001, (i) => i % 2).map(String), cur: ['0'] })).toBe('jensenshannon');
  });
  test('distinct values are counted over both windows: 3 + 3 others make a continuous column', () => {
    expect(chooseTest({ kind: 'numeric', ref: [1, 2, 3], cur: [4, 5, 6] })).toBe('ks');
    expect(chooseTest({ kind: 'numeric', ref: [1, 2, 3], cur: [3, 4, 5] })).toBe('chisquare');
    expect(chooseTest({ kind: 'numeric', ref: [1, 1], cur: [2] })).toBe('z');
    expect(chooseTest({ kind: 'categorical', ref: ['a', 'b'], cur: ['c'] })).toBe('chisquare');
    expect(chooseTest({ kind: 'categorical', ref: ['a'], cur: ['a'] })).toBe('z');
  });
});

describe('verdict rules: KS drifts at p ≤ threshold, chi-squared and Z only at p < threshold', () => {
  const a = range(40, (i) => i);
  const b = range(40, (i) => i + 8);
  test('ks', () => {
    const r = ksTwoSample(a, b);
    if (r.test !== 'ks') throw new Error('expected ks');
    expect(ksTwoSample(a, b, r.pValue).drifted).toBe(true);
  });
  test('chisquare and z', () => {
    const ref = ['x', 'x', 'x', 'y', 'y', 'z'];
    const cur = ['x', 'y', 'y', 'z', 'z', 'z'];
    const chi = chiSquareTest(ref, cur);
    const zt = proportionsZTest(ref, cur);
    if (chi.test !== 'chisquare' || zt.test !== 'z') throw new Error('expected tested results');
    expect(chiSquareTest(ref, cur, chi.pValue).drifted).toBe(false);
    expect(proportionsZTest(ref, cur, zt.pValue).drifted).toBe(false);
  });
});

describe('dataset drift', () => {
  const drifted = (d: boolean): ColumnDriftResult => ({
    test: 'psi',
    score: d ? 1 : 0,
    binning: { kind: 'categories', count: 2 },
    threshold: 0.1,
    driftScore: d ? 1 : 0,
    drifted: d,
  });
  const untested: ColumnDriftResult = { test: 'not_enough_data', reason: 'empty_current', drifted: false };
  test('drifted when the share of drifted columns reaches 0.5', () => {
    expect(datasetDrift([drifted(true), drifted(false)])).toMatchObject({ status: 'measured', drifted: true, share: 0.5 });
    expect(datasetDrift([drifted(true), drifted(false), drifted(false)])).toMatchObject({ drifted: false, driftedColumns: 1, testedColumns: 3 });
  });
  test('untested columns are left out of the share and counted apart', () => {
    expect(datasetDrift([drifted(true), drifted(false), untested, untested])).toMatchObject({ drifted: true, share: 0.5, untestedColumns: 2 });
    expect(datasetDrift([untested])).toEqual({ status: 'not_enough_data', drifted: false, untestedColumns: 1 });
  });
});

test("categories sort by code point, as Python's sorted(), not by UTF-16 unit", () => {
  expect(['😀', '\uffff', 'a', 'B'].sort(compareCategories)).toEqual(['B', 'a', '\uffff', '😀']);
  expect([10, 2, 1.5].sort(compareCategories)).toEqual([1.5, 2, 10]);
});
