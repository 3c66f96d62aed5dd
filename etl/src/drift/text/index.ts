export { textDrift, randomAucQuantile95, TEXT_DRIFT_DEFAULTS, type TextDriftOptions, type TextDriftResult } from './text-drift.js';
export {
  runDomainClassifier,
  DRIFT_CLASSIFIER,
  type DomainClassifierConfig,
  type DomainClassifierOutcome,
  type LabelledTexts,
  type WeightedNgram,
} from './domain-classifier.js';
export { fitTfidf, transformTfidf, type TfidfConfig, type TfidfFit, type TfidfModel } from './tfidf.js';
export { fitLogisticRegression, predictProbability, type LogisticModel, type LogisticOptions } from './logistic-regression.js';
export { rocAuc } from './roc-auc.js';
export type { CsrMatrix, SparseRow } from './sparse.js';
