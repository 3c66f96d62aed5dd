import { describe, expect, it } from 'vitest';
import { fitTfidf, transformTfidf, type TfidfConfig } from './tfidf.js';
import { csrRow, type CsrMatrix } from './sparse.js';
import { loadVectorizerFixtures, toTfidfConfig, type SparseRowFixture } from './testing/fixtures.js';

function expectRows(matrix: CsrMatrix, rows: readonly SparseRowFixture[]): void {
  for (const want of rows) {
    const got = csrRow(matrix, want.row);
    expect(Array.from(got.indices), `row ${want.row} columns`).toEqual(want.indices);
    want.values.forEach((v, k) => expect(Math.abs((got.values[k] as number) - v)).toBeLessThanOrEqual(1e-9));
  }
}

describe('TF-IDF equals scikit-learn TfidfVectorizer(analyzer="char_wb")', () => {
  for (const fixture of loadVectorizerFixtures()) {
    it(`${fixture.name}: vocabulary, idf and rows to 1e-9`, () => {
      const fitted = fitTfidf(fixture.train, toTfidfConfig(fixture.config));
      expect(fitted).not.toBeNull();
      if (fitted === null) return;
      expect(fitted.model.vocabulary).toEqual(fixture.vocabulary);
      fixture.idf.forEach((v, j) => expect(Math.abs((fitted.model.idf[j] as number) - v)).toBeLessThanOrEqual(1e-9));
      expectRows(fitted.matrix, fixture.trainRows);
      expectRows(transformTfidf(fitted.model, fixture.test), fixture.testRows);
    });
  }

  it('keeps scikit-learn’s choice among equally frequent n-grams at the max_features cut', () => {
    const ties = loadVectorizerFixtures().find((f) => f.stableTieVocabularyDiffers !== undefined);
    // The fixture proves the cut is numpy's unstable order: a stable tie-break would keep others.
    expect(ties?.stableTieVocabularyDiffers).toBe(true);
  });

  it('has no vocabulary when every text is empty or blank (scikit-learn raises)', () => {
    const config: TfidfConfig = { ngramRange: { min: 2, max: 4 }, sublinearTf: true, minDf: 1, maxFeatures: null };
    expect(fitTfidf(['', ' \t', '\u3000'], config)).toBeNull();
    expect(fitTfidf(['unique', 'words'], { ...config, minDf: 2 })).toBeNull();
  });

  it('gives a text with no known n-gram a zero row', () => {
    const config: TfidfConfig = { ngramRange: { min: 2, max: 4 }, sublinearTf: true, minDf: 1, maxFeatures: null };
    const fitted = fitTfidf(['abc', 'abd'], config);
    if (fitted === null) throw new Error('no vocabulary');
    const m = transformTfidf(fitted.model, ['xyz', '']);
    expect(Array.from(m.indptr)).toEqual([0, 0, 0]);
  });
});
