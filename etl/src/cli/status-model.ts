import type { CheckRow, PartitionRow, RunRow } from '../framework';

/**
 * The pure half of `pnpm etl status`: what the read models say of each partition of one asset,
 * folded into one state per partition and a summary.
 */

/** The last run that included the asset on a partition, and how its step of this asset went. */
export interface LastRun {
  run: RunRow;
  step: { status: string; skipReason: string | null } | null;
}

/**
 * One partition's state, most urgent first: a run in progress, an error check failing, the last
 * run failed for this asset, a warn check failing, materialized, missing.
 */
export type PartitionState = 'in-progress' | 'error' | 'failed' | 'warn' | 'ok' | 'missing';

export interface PartitionStatus {
  partition: string | null;
  state: PartitionState;
  materialized: { at: Date; dataVersion: string; runId: string; count: number } | null;
  failingChecks: Array<{ check: string; severity: 'warn' | 'error'; description: string }>;
  lastRun: { runId: string; status: RunRow['status']; attempt: number; at: Date; failure: string | null } | null;
}

export interface StatusSummary {
  partitions: number;
  materialized: number;
  missing: number;
  /** An error check failing or the last run failed for the asset. */
  failing: number;
  warnings: number;
  inProgress: number;
}

/** The last run failed because of this asset (not because another asset of the run did). */
function failedHere(last: LastRun): boolean {
  if (last.run.status !== 'failed') return false;
  if (last.step?.status === 'succeeded') return false;
  return !(last.step?.status === 'skipped' && last.step.skipReason === 'unchanged');
}

export function partitionStatuses(
  keys: ReadonlyArray<string | null>,
  parts: readonly PartitionRow[],
  checks: readonly CheckRow[],
  runs: readonly LastRun[],
): PartitionStatus[] {
  const byKey = <T extends { partition: string | null }>(rows: readonly T[]) => {
    const m = new Map<string | null, T[]>();
    for (const r of rows) m.set(r.partition, [...(m.get(r.partition) ?? []), r]);
    return m;
  };
  const p = byKey(parts);
  const c = byKey(checks);
  const r = new Map(runs.map((l) => [l.run.partition, l]));
  return keys.map((key) => {
    const mat = p.get(key)?.[0] ?? null;
    const failing = (c.get(key) ?? []).filter((x) => !x.passed).map((x) => ({ check: x.check, severity: x.severity, description: x.description }));
    const last = r.get(key) ?? null;
    const inProgress = last !== null && (last.run.status === 'queued' || last.run.status === 'running');
    const state: PartitionState = inProgress
      ? 'in-progress'
      : failing.some((f) => f.severity === 'error')
        ? 'error'
        : last && failedHere(last)
          ? 'failed'
          : failing.length > 0
            ? 'warn'
            : mat
              ? 'ok'
              : 'missing';
    return {
      partition: key,
      state,
      materialized: mat ? { at: mat.materializedAt, dataVersion: mat.dataVersion, runId: mat.runId, count: mat.materializations } : null,
      failingChecks: failing,
      lastRun: last
        ? {
            runId: last.run.runId,
            status: last.run.status,
            attempt: last.run.attempt,
            at: last.run.finishedAt ?? last.run.startedAt ?? last.run.createdAt,
            failure: last.run.failure?.message ?? null,
          }
        : null,
    };
  });
}

export function summarize(statuses: readonly PartitionStatus[]): StatusSummary {
  const failingHere = (s: PartitionStatus) => s.failingChecks.some((f) => f.severity === 'error') || s.state === 'failed';
  return {
    partitions: statuses.length,
    materialized: statuses.filter((s) => s.materialized).length,
    missing: statuses.filter((s) => !s.materialized).length,
    failing: statuses.filter(failingHere).length,
    warnings: statuses.filter((s) => s.failingChecks.some((f) => f.severity === 'warn')).length,
    inProgress: statuses.filter((s) => s.state === 'in-progress').length,
  };
}

export function summaryLine(s: StatusSummary): string {
  const parts = [`${s.materialized} materialized`, `${s.missing} missing`, `${s.failing} failing`];
  if (s.warnings > 0) parts.push(`${s.warnings} with warnings`);
  if (s.inProgress > 0) parts.push(`${s.inProgress} in progress`);
  return `${s.partitions} partition${s.partitions === 1 ? '' : 's'}: ${parts.join(', ')}`;
}
