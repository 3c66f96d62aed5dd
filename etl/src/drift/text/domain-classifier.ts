import { fitLogisticRegression, predictProbability, type LogisticModel, type LogisticOptions } from './logistic-regression.js';
import { rocAuc } from './roc-auc.js';
import { fitTfidf, transformTfidf, type TfidfConfig, type TfidfModel } from './tfidf.js';

/** Texts with their side: 0 = reference, 1 = current. */
export interface LabelledTexts {
  readonly texts: readonly string[];
  readonly labels: ArrayLike<0 | 1>;
}

export interface DomainClassifierConfig {
  readonly tfidf: TfidfConfig;
  readonly logistic: LogisticOptions;
  /** How many n-grams to name as most indicative of "current". */
  readonly topK: number;
}

/**
 * Character 2–4-grams within words (`char_wb`): short RU/EN messages share few whole words, and
 * a new word shows in its n-grams even when inflected ("кешбэк", "кешбэка"); `sublinear_tf`
 * because one word repeated in a message says little more than once; `min_df=2` because an
 * n-gram of a single training text cannot tell the held-out half anything (and it drops most
 * typos and junk); `max_features=50,000` only bounds memory against junk, which real windows of
 * reminders stay far below. C = 1 and tol = 1e-4 are scikit-learn's defaults; iterations are
 * allowed past its 100 so that the fit converges.
 */
export const DRIFT_CLASSIFIER: DomainClassifierConfig = {
  tfidf: { ngramRange: { min: 2, max: 4 }, sublinearTf: true, minDf: 2, maxFeatures: 50_000 },
  logistic: { C: 1, tol: 1e-4, maxIterations: 1000 },
  topK: 10,
};

export interface WeightedNgram {
  readonly ngram: string;
  readonly weight: number;
}

export type DomainClassifierOutcome =
  | {
      readonly ok: true;
      readonly rocAuc: number;
      /** P(current) of each test text. */
      readonly probabilities: Float64Array;
      readonly tfidf: TfidfModel;
      readonly logistic: LogisticModel;
      /** The largest positive weights, largest first. */
      readonly topFeatures: readonly WeightedNgram[];
    }
  | { readonly ok: false; readonly reason: 'empty_vocabulary' };

/** Fit on `train`, score `test`: the held-out ROC AUC of telling current texts from reference. */
export function runDomainClassifier(train: LabelledTexts, test: LabelledTexts, config: DomainClassifierConfig = DRIFT_CLASSIFIER): DomainClassifierOutcome {
  const fitted = fitTfidf(train.texts, config.tfidf);
  if (fitted === null) return { ok: false, reason: 'empty_vocabulary' };
  const logistic = fitLogisticRegression(fitted.matrix, train.labels, config.logistic);
  const probabilities = predictProbability(logistic, transformTfidf(fitted.model, test.texts));
  return {
    ok: true,
    rocAuc: rocAuc(test.labels, probabilities),
    probabilities,
    tfidf: fitted.model,
    logistic,
    topFeatures: topPositive(fitted.model.vocabulary, logistic.coef, config.topK),
  };
}

function topPositive(vocabulary: readonly string[], coef: Float64Array, k: number): WeightedNgram[] {
  const columns: number[] = [];
  coef.forEach((w, j) => {
    if (w > 0) columns.push(j);
  });
  // Ties go to the earlier column, so the list is the same on every run.
  columns.sort((a, b) => (coef[b] as number) - (coef[a] as number) || a - b);
  return columns.slice(0, k).map((j) => ({ ngram: vocabulary[j] as string, weight: coef[j] as number }));
}
