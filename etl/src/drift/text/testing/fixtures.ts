import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { TfidfConfig } from '../tfidf.js';

/** The scikit-learn reference fixtures written by etl/reference/text_fixtures.py. */
function load<T extends z.ZodTypeAny>(name: string, schema: T): z.infer<T> {
  const path = new URL(`../fixtures/${name}`, import.meta.url);
  return schema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

const tfidfConfig = z.object({
  ngramRange: z.tuple([z.number().int(), z.number().int()]),
  sublinearTf: z.boolean(),
  minDf: z.number().int(),
  maxFeatures: z.number().int().nullable(),
});

export function toTfidfConfig(c: z.infer<typeof tfidfConfig>): TfidfConfig {
  return { ngramRange: { min: c.ngramRange[0], max: c.ngramRange[1] }, sublinearTf: c.sublinearTf, minDf: c.minDf, maxFeatures: c.maxFeatures };
}

const sparseRow = z.object({ row: z.number().int(), indices: z.array(z.number().int()), values: z.array(z.number()) });
export type SparseRowFixture = z.infer<typeof sparseRow>;

const vectorizerCase = z.object({
  name: z.string(),
  config: tfidfConfig,
  train: z.array(z.string()),
  test: z.array(z.string()),
  vocabulary: z.array(z.string()),
  idf: z.array(z.number()),
  trainRows: z.array(sparseRow),
  testRows: z.array(sparseRow),
  stableTieVocabularyDiffers: z.boolean().optional(),
});

const weighted = z.object({ ngram: z.string(), weight: z.number() });
const fit = z.object({
  nIter: z.number().int(),
  objective: z.number(),
  gradInf: z.number(),
  intercept: z.number(),
  coefL2: z.number(),
  coefSum: z.number(),
  topPositive: z.array(weighted),
  topNegative: z.array(weighted),
  probabilities: z.array(z.number()),
  rocAuc: z.number(),
});
export type FitFixture = z.infer<typeof fit>;

const classifierCase = z.object({
  name: z.string(),
  tfidf: tfidfConfig,
  C: z.number(),
  texts: z.array(z.string()),
  labels: z.array(z.union([z.literal(0), z.literal(1)])),
  train: z.array(z.number().int()),
  test: z.array(z.number().int()),
  vocabularySize: z.number().int(),
  vocabularySample: z.array(z.string()),
  idfSample: z.array(z.number()),
  trainRows: z.array(sparseRow),
  testRows: z.array(sparseRow),
  /** scikit-learn's own fit (default tol), and the objective's minimiser to ~1e-8. */
  fits: z.object({ sklearn: fit, argmin: fit }),
});
export type ClassifierFixture = z.infer<typeof classifierCase>;

const strings = z.array(z.string());
const templates = z.object({
  templates: z.object({ en: strings, ru: strings }),
  when: z.object({ en: strings, ru: strings }),
  tasks: z.object({ en: strings, ru: strings }),
  newTasks: z.object({ en: strings, ru: strings }),
});
export type CorpusTemplates = z.infer<typeof templates>;

export const loadVectorizerFixtures = () => load('vectorizer.json', z.object({ cases: z.array(vectorizerCase) })).cases;
export const loadClassifierFixtures = () => load('classifier.json', z.object({ cases: z.array(classifierCase) })).cases;
export const loadRocAucFixtures = () =>
  load(
    'roc-auc.json',
    z.object({ cases: z.array(z.object({ labels: z.array(z.union([z.literal(0), z.literal(1)])), scores: z.array(z.number()), rocAuc: z.number() })) }),
  ).cases;
export const loadArgsortFixtures = () =>
  load(
    'numpy-argsort.json',
    z.object({ cases: z.array(z.object({ values: z.array(z.number()), argsort: z.array(z.number().int()), stableDiffers: z.boolean() })) }),
  ).cases;
export const loadPythonLowercase = () =>
  load('python-lowercase.json', z.object({ python: z.string(), lower: z.array(z.tuple([z.number().int(), z.string()])) }));
export const loadCorpusTemplates = () => load('corpus-templates.json', templates);
