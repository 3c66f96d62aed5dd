import { charWbNgrams, type NgramRange } from './char-ngrams.js';
import { compareCodePoints } from './code-points.js';
import { numpyArgsort } from './numpy-argsort.js';

export interface VocabularyConfig {
  readonly ngramRange: NgramRange;
  /** Keep n-grams found in at least this many documents (scikit-learn's integer `min_df`). */
  readonly minDf: number;
  /** Keep at most this many, the most frequent by total count (`max_features`); null keeps all. */
  readonly maxFeatures: number | null;
}

/** A document's n-gram counts: term ids ascending and how often each occurs. */
export interface TermCounts {
  readonly ids: Int32Array;
  readonly counts: Float64Array;
}

export interface FittedVocabulary {
  /** Terms in scikit-learn's order (by code point); a term's position is its column. */
  readonly terms: readonly string[];
  readonly column: ReadonlyMap<string, number>;
  /** The fitted documents' counts over these columns. */
  readonly docs: readonly TermCounts[];
}

/** The ids `idOf` gives a document's n-grams, one per occurrence; ids below 0 are dropped. */
export function termOccurrences(text: string, range: NgramRange, idOf: (gram: string) => number): Int32Array {
  const grams = charWbNgrams(text, range);
  const ids = new Int32Array(grams.length);
  let n = 0;
  for (const gram of grams) {
    const id = idOf(gram);
    if (id >= 0) ids[n++] = id;
  }
  return ids.subarray(0, n);
}

/** Occurrences (sorted in place) folded into ids ascending with their counts. */
export function countOccurrences(occurrences: Int32Array): TermCounts {
  occurrences.sort();
  let distinct = 0;
  for (let k = 0; k < occurrences.length; k += 1) if (k === 0 || occurrences[k] !== occurrences[k - 1]) distinct += 1;
  const ids = new Int32Array(distinct);
  const counts = new Float64Array(distinct);
  let at = -1;
  for (let k = 0; k < occurrences.length; k += 1) {
    if (k === 0 || occurrences[k] !== occurrences[k - 1]) ids[++at] = occurrences[k] as number;
    counts[at] = (counts[at] as number) + 1;
  }
  return { ids, counts };
}

/**
 * CountVectorizer.fit: every n-gram of the documents, those in fewer than `minDf` documents
 * dropped, then (when more remain than `maxFeatures`) the `maxFeatures` largest total counts,
 * chosen the way scikit-learn does: argsort of the negated counts over the terms in code-point
 * order, with numpy's unstable quicksort deciding ties. Null when no term is left.
 */
export function fitVocabulary(texts: readonly string[], config: VocabularyConfig): FittedVocabulary | null {
  const seen = new Map<string, number>();
  const idOf = (gram: string) => {
    let id = seen.get(gram);
    if (id === undefined) {
      id = seen.size;
      seen.set(gram, id);
    }
    return id;
  };
  const occurrences = texts.map((text) => termOccurrences(text, config.ngramRange, idOf));
  const grams = Array.from(seen.keys());
  const df = new Float64Array(grams.length);
  const tf = new Float64Array(grams.length);
  for (const doc of occurrences) {
    const { ids, counts } = countOccurrences(doc);
    for (let k = 0; k < ids.length; k += 1) {
      const id = ids[k] as number;
      df[id] = (df[id] as number) + 1;
      tf[id] = (tf[id] as number) + (counts[k] as number);
    }
  }
  let kept = grams.map((_, id) => id).filter((id) => (df[id] as number) >= config.minDf);
  kept.sort((a, b) => compareCodePoints(grams[a] as string, grams[b] as string));
  kept = limitToMostFrequent(kept, tf, config.maxFeatures);
  if (kept.length === 0) return null;
  const column = new Int32Array(grams.length).fill(-1);
  kept.forEach((id, j) => {
    column[id] = j;
  });
  const terms = kept.map((id) => grams[id] as string);
  const docs = occurrences.map((doc) => countOccurrences(toColumns(doc, column)));
  return { terms, column: new Map(terms.map((t, j) => [t, j])), docs };
}

/** `sorted` (terms in code-point order) cut to the `limit` most frequent, order kept. */
function limitToMostFrequent(sorted: number[], tf: Float64Array, limit: number | null): number[] {
  if (limit === null || sorted.length <= limit) return sorted;
  const order = numpyArgsort(sorted.map((id) => -(tf[id] as number)));
  const positions = Array.from(order.subarray(0, limit)).sort((a, b) => a - b);
  return positions.map((p) => sorted[p] as number);
}

/** A document's occurrences as columns, those of dropped terms left out. */
function toColumns(occurrences: Int32Array, column: Int32Array): Int32Array {
  const out = new Int32Array(occurrences.length);
  let n = 0;
  for (let k = 0; k < occurrences.length; k += 1) {
    const j = column[occurrences[k] as number] as number;
    if (j >= 0) out[n++] = j;
  }
  return out.subarray(0, n);
}
