/**
 * Evidently's dataset drift: drifted when the share of drifted columns reaches 0.5. Columns
 * with an empty window were not tested; they are counted apart and left out of the share.
 */
import type { ColumnDriftResult } from './result';

export const DATASET_DRIFT_SHARE = 0.5;

export type DatasetDrift =
  | {
      readonly status: 'measured';
      readonly drifted: boolean;
      readonly share: number;
      readonly driftedColumns: number;
      readonly testedColumns: number;
      readonly untestedColumns: number;
      readonly threshold: number;
    }
  | { readonly status: 'not_enough_data'; readonly drifted: false; readonly untestedColumns: number };

export function datasetDrift(results: readonly ColumnDriftResult[], threshold: number = DATASET_DRIFT_SHARE): DatasetDrift {
  const tested = results.filter((r) => r.test !== 'not_enough_data');
  const untestedColumns = results.length - tested.length;
  if (tested.length === 0) return { status: 'not_enough_data', drifted: false, untestedColumns };
  const driftedColumns = tested.filter((r) => r.drifted).length;
  const share = driftedColumns / tested.length;
  return {
    status: 'measured',
    drifted: share >= threshold,
    share,
    driftedColumns,
    testedColumns: tested.length,
    untestedColumns,
    threshold,
  };
}
