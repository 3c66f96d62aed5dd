import type { Child } from 'hono/jsx';
import { fmt } from '../../../http/i18n/messages';
import { DataTable, type Column } from '../../../http/pages/table';
import type { DriftText } from '../messages';
import type { DriftDay, FeatureHistory } from '../queries';

const verdict = (m: DriftText, d: boolean | null) => (d === null ? m.unknown : d ? `✗ ${m.drift}` : `✓ ${m.noDrift}`);

const reportColumns = (m: DriftText): Array<Column<DriftDay>> => [
  { head: m.day, cell: (d) => d.day },
  { head: m.verdict, cell: (d) => verdict(m, d.datasetDrift), class: (d) => (d.datasetDrift ? 'drift-yes' : d.datasetDrift === false ? 'drift-no' : '') },
  { head: m.driftedFeatures, cell: (d) => d.drifted.join(', ') || '—' },
  { head: '', cell: (d) => (d.hasHtml ? <a href={`/drift/reports/${encodeURIComponent(d.day)}`}>{m.open}</a> : null) },
];

/** The list of daily reports and the feature × day grid (pure). */
export function DriftPage({ m, days, history }: { m: DriftText; days: DriftDay[]; history: FeatureHistory | null }): Child {
  if (days.length === 0) {
    return (
      <>
        <h1>{m.title}</h1>
        <p>{m.none}</p>
      </>
    );
  }
  return (
    <>
      <h1>{m.title}</h1>
      <h2>{m.reports}</h2>
      <DataTable class="drift-reports" columns={reportColumns(m)} rows={days} />
      <h2>{m.history}</h2>
      {history && history.features.size > 0 ? <FeatureGrid m={m} h={history} /> : <p>{m.noHistory}</p>}
    </>
  );
}

function FeatureGrid({ m, h }: { m: DriftText; h: FeatureHistory }) {
  return (
    <table class="drift-grid">
      <thead>
        <tr>
          <th>{m.feature}</th>
          {h.days.map((d) => (
            <th>{d.slice(5)}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {[...h.features.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([f, days]) => (
            <tr>
              <th scope="row">{f}</th>
              {h.days.map((d) => (days.has(d) ? <td class="drift-yes">{m.drift}</td> : <td class="drift-no">—</td>))}
            </tr>
          ))}
      </tbody>
    </table>
  );
}

/** One report: its self-contained HTML in a sandboxed frame (no scripts run there). */
export function ReportPage({ m, day }: { m: DriftText; day: string }): Child {
  return (
    <>
      <p>
        <a href="/drift">{m.back}</a>
      </p>
      <h1>{fmt(m.report, { day })}</h1>
      <iframe sandbox="" class="drift-frame" title={fmt(m.report, { day })} src={`/drift/reports/${encodeURIComponent(day)}/html`} />
    </>
  );
}
