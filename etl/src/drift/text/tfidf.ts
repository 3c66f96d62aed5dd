import type { NgramRange } from './char-ngrams.js';
import { csrFromRows, type CsrMatrix, type SparseRow } from './sparse.js';
import { countOccurrences, fitVocabulary, termOccurrences, type TermCounts, type VocabularyConfig } from './vocabulary.js';

/**
 * scikit-learn's `TfidfVectorizer(analyzer='char_wb', lowercase=True, ngram_range, min_df,
 * max_features, sublinear_tf)` with its other defaults: smooth idf, `norm='l2'`, `max_df=1.0`.
 */
export interface TfidfConfig extends VocabularyConfig {
  readonly ngramRange: NgramRange;
  /** tf = 1 + ln(count) instead of count. */
  readonly sublinearTf: boolean;
}

export interface TfidfModel {
  readonly config: TfidfConfig;
  /** Column j's n-gram (scikit-learn's `get_feature_names_out()`). */
  readonly vocabulary: readonly string[];
  readonly column: ReadonlyMap<string, number>;
  /** ln((1 + n) / (1 + df)) + 1 per column (scikit-learn's `idf_`). */
  readonly idf: Float64Array;
}

export interface TfidfFit {
  readonly model: TfidfModel;
  /** The fitted documents' rows (`fit_transform`). */
  readonly matrix: CsrMatrix;
}

/** `fit_transform`; null where scikit-learn raises for an empty vocabulary. */
export function fitTfidf(texts: readonly string[], config: TfidfConfig): TfidfFit | null {
  const vocabulary = fitVocabulary(texts, config);
  if (vocabulary === null) return null;
  const df = new Float64Array(vocabulary.terms.length);
  for (const doc of vocabulary.docs) for (const id of doc.ids) df[id] = (df[id] as number) + 1;
  const n = texts.length;
  const idf = df.map((d) => Math.log((1 + n) / (1 + d)) + 1);
  const model: TfidfModel = { config, vocabulary: vocabulary.terms, column: vocabulary.column, idf };
  return { model, matrix: weigh(model, vocabulary.docs) };
}

/** `transform`: n-grams outside the vocabulary are ignored; a text with none is a zero row. */
export function transformTfidf(model: TfidfModel, texts: readonly string[]): CsrMatrix {
  const idOf = (gram: string) => model.column.get(gram) ?? -1;
  return weigh(
    model,
    texts.map((text) => countOccurrences(termOccurrences(text, model.config.ngramRange, idOf))),
  );
}

function weigh(model: TfidfModel, docs: readonly TermCounts[]): CsrMatrix {
  return csrFromRows(
    docs.map((doc) => weighRow(model, doc)),
    model.vocabulary.length,
  );
}

function weighRow(model: TfidfModel, doc: TermCounts): SparseRow {
  const values = new Float64Array(doc.ids.length);
  let squares = 0;
  for (let k = 0; k < doc.ids.length; k += 1) {
    const count = doc.counts[k] as number;
    const tf = model.config.sublinearTf ? Math.log(count) + 1 : count;
    const v = tf * (model.idf[doc.ids[k] as number] as number);
    values[k] = v;
    squares += v * v;
  }
  // scikit-learn leaves an all-zero row as it is.
  if (squares > 0) {
    const norm = Math.sqrt(squares);
    for (let k = 0; k < values.length; k += 1) values[k] = (values[k] as number) / norm;
  }
  return { indices: doc.ids, values };
}
