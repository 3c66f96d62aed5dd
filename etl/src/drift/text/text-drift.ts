import { DRIFT_CLASSIFIER, runDomainClassifier, type WeightedNgram } from './domain-classifier.js';
import { sanitizeText } from './sanitize.js';
import { seededRandom } from '@napominalka/core/seeded-random';
import { drawTexts, stratifiedHalves } from './split.js';

export interface TextDriftOptions {
  /** Seeds the subsample and the split (default 42): the same windows give the same report. */
  readonly seed?: number;
  /** Texts used per side at most, drawn at random beyond it (default 20,000). */
  readonly maxPerSide?: number;
  /** Characters (UTF-16 units, after the per-text cap) used per side at most (default 1,000,000). */
  readonly maxCharsPerSide?: number;
  /** Drift when the held-out ROC AUC exceeds this (default 0.55, as Evidently's). */
  readonly threshold?: number;
  /** Fewer texts than this on either side is not enough data (default 20). */
  readonly minPerSide?: number;
}

export const TEXT_DRIFT_DEFAULTS = { seed: 42, maxPerSide: 20_000, maxCharsPerSide: 1_000_000, threshold: 0.55, minPerSide: 20 } as const;

export type TextDriftResult =
  | {
      readonly test: 'domain_classifier';
      readonly status: 'computed';
      readonly rocAuc: number;
      /** The bar applied: `threshold`, raised to `randomAucP95` when the test half is small. */
      readonly threshold: number;
      /** ROC AUC that random scores exceed with probability 5% on a test half of this size. */
      readonly randomAucP95: number;
      readonly drifted: boolean;
      /** Texts given, and texts used after the caps. */
      readonly nRef: number;
      readonly nCur: number;
      readonly nRefUsed: number;
      readonly nCurUsed: number;
      /** The n-grams most indicative of "current", strongest first (char_wb: spaces mark word edges). */
      readonly topFeatures: readonly WeightedNgram[];
    }
  | {
      readonly test: 'domain_classifier';
      readonly status: 'not_enough_data';
      readonly reason: 'too_few_texts' | 'empty_vocabulary';
      readonly nRef: number;
      readonly nCur: number;
    };

/**
 * Text drift by a domain classifier: TF-IDF of character n-grams and a logistic regression
 * learn to tell current texts from reference ones on a seeded, stratified half of them; a
 * held-out ROC AUC above the threshold means the current window is told apart, i.e. drifted.
 */
export function textDrift(ref: readonly string[], cur: readonly string[], options: TextDriftOptions = {}): TextDriftResult {
  const { seed, maxPerSide, maxCharsPerSide, threshold, minPerSide } = { ...TEXT_DRIFT_DEFAULTS, ...options };
  const sizes = { nRef: ref.length, nCur: cur.length };
  const random = seededRandom(seed);
  const limits = { maxTexts: maxPerSide, maxChars: maxCharsPerSide };
  const refUsed = drawTexts(ref, limits, sanitizeText, random);
  const curUsed = drawTexts(cur, limits, sanitizeText, random);
  if (refUsed.length < minPerSide || curUsed.length < minPerSide) {
    return { test: 'domain_classifier', status: 'not_enough_data', reason: 'too_few_texts', ...sizes };
  }
  const texts = [...refUsed, ...curUsed];
  const labels = texts.map((_, i): 0 | 1 => (i < refUsed.length ? 0 : 1));
  const split = stratifiedHalves(labels, random);
  const pick = (rows: readonly number[]) => ({ texts: rows.map((i) => texts[i] as string), labels: rows.map((i) => labels[i] as 0 | 1) });
  const test = pick(split.test);
  const outcome = runDomainClassifier(pick(split.train), test, DRIFT_CLASSIFIER);
  if (!outcome.ok) return { test: 'domain_classifier', status: 'not_enough_data', reason: outcome.reason, ...sizes };
  const nCurTest = test.labels.filter((l) => l === 1).length;
  const randomAucP95 = randomAucQuantile95(test.labels.length - nCurTest, nCurTest);
  const bar = Math.max(threshold, randomAucP95);
  return {
    test: 'domain_classifier',
    status: 'computed',
    rocAuc: outcome.rocAuc,
    threshold: bar,
    randomAucP95,
    drifted: outcome.rocAuc > bar,
    ...sizes,
    nRefUsed: refUsed.length,
    nCurUsed: curUsed.length,
    topFeatures: outcome.topFeatures,
  };
}

const Z95 = 1.6448536269514722;

/**
 * The 95th percentile of the AUC of scores unrelated to the labels: Mann–Whitney's U/(m·n) has
 * mean 1/2 and variance (m + n + 1) / (12·m·n). Evidently compares small samples with the same
 * quantile, bootstrapped; here it only raises the bar, so a small window is not flagged on noise.
 */
export function randomAucQuantile95(nRef: number, nCur: number): number {
  return 0.5 + Z95 * Math.sqrt((nRef + nCur + 1) / (12 * nRef * nCur));
}
