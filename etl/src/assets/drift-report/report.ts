import { columnDrift, datasetDrift, type ColumnDriftResult, type DatasetDrift } from '../../drift/stats';
import { textDrift, type TextDriftResult } from '../../drift/text';
import { CATEGORICAL_FEATURES, NUMERIC_FEATURES, type FeatureWindow } from './window-query';
import { histogram, type Histogram } from './histogram';

/** What a drift report compares the day with. */
export interface Reference {
  kind: 'training' | 'previous-28-days';
  /** "training profile of model 2026-12-01.1", "2026-10-13 … 2026-11-09". */
  label: string;
  window: Pick<FeatureWindow, 'numeric' | 'categorical' | 'rows' | 'sampled'> & { texts: string[] | null };
  /** Features the reference does not have (the training profile has no zone or hour). */
  missing: readonly string[];
}

export interface FeatureReport {
  feature: string;
  kind: 'numeric' | 'categorical';
  result: ColumnDriftResult | { test: 'not_in_reference'; drifted: false };
  referenceRows: number;
  currentRows: number;
  histogram: Histogram;
}

/** The day against one reference: a test per feature and the dataset verdict. */
export interface Comparison {
  reference: { kind: Reference['kind']; label: string; rows: number; sampled: number };
  features: FeatureReport[];
  dataset: DatasetDrift;
  /** Names of the drifted features. */
  drifted: string[];
}

export interface DriftReport {
  format: 1;
  day: string;
  current: { rows: number; sampled: number };
  /** The configured reference (ETL_DRIFT_REFERENCE) first: its verdict is the report's. */
  comparisons: Comparison[];
  /** The primary comparison's verdict, and text drift against the previous 28 days' texts. */
  dataset: DatasetDrift;
  text: TextDriftResult | { test: 'domain_classifier'; status: 'no_reference_texts' };
  /** Drifted features of the primary comparison, and `text` when the texts drifted. */
  drifted: string[];
}

/** Pure: the day against each reference (Evidently's default test per feature), dataset drift, and text drift. */
export function buildDriftReport(day: string, references: readonly Reference[], cur: FeatureWindow, textReference: string[] | null, seed = 42): DriftReport {
  if (references.length === 0) throw new Error('buildDriftReport: no reference');
  const comparisons = references.map((ref) => compare(ref, cur));
  const primary = comparisons[0]!;
  const text = textReference ? textDrift(textReference, cur.texts, { seed }) : ({ test: 'domain_classifier', status: 'no_reference_texts' } as const);
  const drifted = [...primary.drifted];
  if (text.status === 'computed' && text.drifted) drifted.push('text');
  return { format: 1, day, current: { rows: cur.rows, sampled: cur.sampled }, comparisons, dataset: primary.dataset, text, drifted };
}

function compare(ref: Reference, cur: FeatureWindow): Comparison {
  const features: FeatureReport[] = [];
  const missing = (f: string) => ref.missing.includes(f);
  const notInReference = { test: 'not_in_reference', drifted: false } as const;
  for (const f of NUMERIC_FEATURES) {
    const r = ref.window.numeric[f];
    const c = cur.numeric[f];
    const result = missing(f) ? notInReference : columnDrift({ kind: 'numeric', ref: r, cur: c });
    features.push({
      feature: f,
      kind: 'numeric',
      result,
      referenceRows: missing(f) ? 0 : r.length,
      currentRows: c.length,
      histogram: histogram('numeric', missing(f) ? [] : r, c),
    });
  }
  for (const f of CATEGORICAL_FEATURES) {
    const r = ref.window.categorical[f];
    const c = cur.categorical[f];
    const result = missing(f) ? notInReference : columnDrift({ kind: 'categorical', ref: r, cur: c });
    features.push({
      feature: f,
      kind: 'categorical',
      result,
      referenceRows: missing(f) ? 0 : r.length,
      currentRows: c.length,
      histogram: histogram('categorical', missing(f) ? [] : r, c),
    });
  }
  const tested = features.map((f) => f.result).filter((r): r is ColumnDriftResult => r.test !== 'not_in_reference');
  return {
    reference: { kind: ref.kind, label: ref.label, rows: ref.window.rows, sampled: ref.window.sampled },
    features,
    dataset: datasetDrift(tested),
    drifted: features.filter((f) => f.result.drifted).map((f) => f.feature),
  };
}

/** The score a feature's verdict rests on, for summaries: a p-value or a distance. */
export function scoreOf(r: FeatureReport['result']): { name: 'p' | 'distance' | null; value: number | null } {
  switch (r.test) {
    case 'ks':
    case 'chisquare':
    case 'z':
      return { name: 'p', value: r.pValue };
    case 'wasserstein':
    case 'jensenshannon':
    case 'psi':
      return { name: 'distance', value: r.score };
    default:
      return { name: null, value: null };
  }
}
