import { describe, expect, it } from 'vitest';
import { DRIFT_CLASSIFIER, runDomainClassifier, type LabelledTexts } from './domain-classifier.js';
import { loadClassifierFixtures, toTfidfConfig, type ClassifierFixture, type FitFixture } from './testing/fixtures.js';

function halves(f: ClassifierFixture): { train: LabelledTexts; test: LabelledTexts } {
  const pick = (rows: readonly number[]) => ({ texts: rows.map((i) => f.texts[i] as string), labels: rows.map((i) => f.labels[i] as 0 | 1) });
  return { train: pick(f.train), test: pick(f.test) };
}

function maxGap(a: ArrayLike<number>, b: readonly number[]): number {
  return b.reduce((m, v, i) => Math.max(m, Math.abs((a[i] as number) - v)), 0);
}

describe('domain classifier on scikit-learn’s split (fixtures)', () => {
  const cases = loadClassifierFixtures();

  it('uses the settings the fixtures were made with', () => {
    for (const f of cases) {
      expect(toTfidfConfig(f.tfidf)).toEqual(DRIFT_CLASSIFIER.tfidf);
      expect(f.C).toBe(DRIFT_CLASSIFIER.logistic.C);
    }
  });

  for (const f of cases) {
    it(`${f.name}: ROC AUC within 0.02 of scikit-learn’s, probabilities close`, () => {
      const { train, test } = halves(f);
      const out = runDomainClassifier(train, test);
      if (!out.ok) throw new Error(out.reason);
      const sk: FitFixture = f.fits.sklearn;
      expect(out.tfidf.vocabulary.length).toBe(f.vocabularySize);
      expect(Math.abs(out.rocAuc - sk.rocAuc)).toBeLessThanOrEqual(0.02);
      const gap = maxGap(out.probabilities, sk.probabilities);
      console.log(
        `${f.name}: AUC ${out.rocAuc} vs scikit-learn ${sk.rocAuc}; max |Δp| ${gap.toExponential(2)} in ${out.logistic.iterations} iterations (scikit-learn ${sk.nIter})`,
      );
      expect(gap).toBeLessThan(1e-3);
      expect(['gradient', 'function']).toContain(out.logistic.stop); // converged, as scikit-learn's does
    });

    it(`${f.name}: a tight solve reaches the objective’s minimiser (coefficients, probabilities)`, () => {
      const { train, test } = halves(f);
      const config = { ...DRIFT_CLASSIFIER, logistic: { C: f.C, tol: 1e-8, ftol: 0, maxIterations: 5000 } };
      const out = runDomainClassifier(train, test, config);
      if (!out.ok) throw new Error(out.reason);
      const ref = f.fits.argmin;
      const coef = Array.from(out.logistic.coef);
      const l2 = Math.hypot(...coef);
      const sum = coef.reduce((a, b) => a + b, 0);
      expect(Math.abs(out.logistic.intercept - ref.intercept)).toBeLessThan(1e-6);
      expect(Math.abs(l2 - ref.coefL2)).toBeLessThan(1e-6);
      expect(Math.abs(sum - ref.coefSum)).toBeLessThan(1e-6);
      for (const { ngram, weight } of [...ref.topPositive, ...ref.topNegative]) {
        expect(Math.abs((coef[out.tfidf.column.get(ngram) ?? -1] as number) - weight)).toBeLessThan(1e-6);
      }
      const gap = maxGap(out.probabilities, ref.probabilities);
      console.log(`${f.name}: tight solve max |Δp| ${gap.toExponential(2)} from the minimiser`);
      expect(gap).toBeLessThan(1e-7);
      expect(Math.abs(out.rocAuc - ref.rocAuc)).toBeLessThanOrEqual(1e-12);
      expect(out.topFeatures.map((t) => t.ngram)).toEqual(ref.topPositive.filter((t) => t.weight > 0).map((t) => t.ngram));
    });
  }
});
