import { fmt } from '../../../http/i18n/messages';
import { DataTable, type Column } from '../../../http/pages/table';
import type { OverviewText } from '../messages';
import type { DriftStatus, EtlHistory, EtlRun, FailingCheck } from '../queries';
import { pct, when } from './format';

/** Latest ETL runs and failing checks; "no ETL history yet" when the ETL never migrated here. */
export function EtlPanel(props: { m: OverviewText; etl: EtlHistory | { error: string } }) {
  const { m, etl } = props;
  if (etl === null) return <p class="overview-empty">{m.noEtl}</p>;
  if ('error' in etl) return <p class="error">{fmt(m.etlFailed, { reason: etl.error })}</p>;
  return (
    <div>
      <h3>{m.latestRuns}</h3>
      <DataTable class="overview-runs" columns={runColumns(m)} rows={etl.runs} empty={m.noRuns} />
      <h3>{m.failingChecks}</h3>
      <DataTable class="overview-checks" columns={checkColumns(m)} rows={etl.failing} empty={m.noFailing} />
    </div>
  );
}

const runColumns = (m: OverviewText): Array<Column<EtlRun>> => [
  { head: m.run, cell: (r) => r.runId },
  { head: m.assets, cell: (r) => r.assets.join(', ') },
  { head: m.partition, cell: (r) => r.partitionKey ?? '—' },
  { head: m.status, cell: (r) => r.status, attrs: (r) => ({ 'data-status': r.status }) },
  { head: m.started, cell: (r) => when(r.createdAt) },
  { head: m.duration, cell: (r) => r.durationMs ?? '—' },
];

const checkColumns = (m: OverviewText): Array<Column<FailingCheck>> => [
  { head: m.asset, cell: (c) => c.asset },
  { head: m.partition, cell: (c) => c.partitionKey ?? '—' },
  { head: m.check, cell: (c) => c.checkName },
  { head: m.severity, cell: (c) => c.severity },
  { head: m.evaluated, cell: (c) => when(c.evaluatedAt) },
];

export function DriftPanel(props: { m: OverviewText; drift: DriftStatus | null }) {
  const { m, drift: d } = props;
  if (!d) return <p class="overview-empty">{m.noDrift}</p>;
  const yn = (v: boolean | null): string => (v === null ? m.unknown : v ? m.yes : m.no);
  return (
    <div class="overview-drift" data-drift={d.datasetDrift ? 'drift' : 'ok'}>
      <p>{fmt(m.driftLine, { day: d.day, reference: d.reference, verdict: yn(d.datasetDrift), share: pct(d.driftShare) })}</p>
      <p>{fmt(m.textDrift, { verdict: yn(d.textDrift) })}</p>
      {d.drifted.length > 0 ? <p>{fmt(m.driftedFeatures, { list: d.drifted.join(', ') })}</p> : null}
    </div>
  );
}
