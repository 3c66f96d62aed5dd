import { fmt } from '../../../http/i18n/messages';
import type { OverviewText } from '../messages';
import type { DriftStatus, EtlHistory } from '../queries';
import { pct, when } from './format';

/** Latest ETL runs and failing checks; "no ETL history yet" when the ETL never migrated here. */
export function EtlPanel(props: { m: OverviewText; etl: EtlHistory | { error: string } }) {
  const { m, etl } = props;
  if (etl === null) return <p class="overview-empty">{m.noEtl}</p>;
  if ('error' in etl) return <p class="error">{fmt(m.etlFailed, { reason: etl.error })}</p>;
  return (
    <div>
      <h3>{m.latestRuns}</h3>
      {etl.runs.length === 0 ? (
        <p>{m.noRuns}</p>
      ) : (
        <table class="overview-runs">
          <thead>
            <tr>
              <th>{m.run}</th>
              <th>{m.assets}</th>
              <th>{m.partition}</th>
              <th>{m.status}</th>
              <th>{m.started}</th>
              <th>{m.duration}</th>
            </tr>
          </thead>
          <tbody>
            {etl.runs.map((r) => (
              <tr>
                <td>{r.runId}</td>
                <td>{r.assets.join(', ')}</td>
                <td>{r.partitionKey ?? '—'}</td>
                <td data-status={r.status}>{r.status}</td>
                <td>{when(r.createdAt)}</td>
                <td>{r.durationMs ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>{m.failingChecks}</h3>
      {etl.failing.length === 0 ? (
        <p>{m.noFailing}</p>
      ) : (
        <table class="overview-checks">
          <thead>
            <tr>
              <th>{m.asset}</th>
              <th>{m.partition}</th>
              <th>{m.check}</th>
              <th>{m.severity}</th>
              <th>{m.evaluated}</th>
            </tr>
          </thead>
          <tbody>
            {etl.failing.map((c) => (
              <tr>
                <td>{c.asset}</td>
                <td>{c.partitionKey ?? '—'}</td>
                <td>{c.checkName}</td>
                <td>{c.severity}</td>
                <td>{when(c.evaluatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

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
