import type { Child } from 'hono/jsx';
import type { EtlAssets, EtlChecks, EtlRun, EtlStatus } from '../../../clients/etl-client';
import { fmt } from '../../../http/i18n/messages';
import { DataTable, type Column } from '../../../http/pages/table';
import type { EtlText } from '../messages';
import { AssetGraph } from './asset-graph';

export interface EtlPageData {
  assets: EtlAssets;
  status: EtlStatus;
  runs: EtlRun[];
  checks: EtlChecks;
  admin: boolean;
  csrf: string;
  flash: string | null;
}

export const when = (iso: string | null | undefined) => (iso ? iso.replace('T', ' ').slice(0, 19) : '—');
export const duration = (ms: number | null | undefined) => (ms === null || ms === undefined ? '—' : ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`);

/** How many recent partitions the grid shows per asset. */
const GRID_DAYS = 14;

function Graph({ m, assets, p }: { m: EtlText; assets: EtlAssets; p: EtlPageData }) {
  return (
    <section>
      <h2>{m.graph}</h2>
      <ul class="etl-graph">
        {assets.assets.map((a) => (
          <li id={`asset-${a.key}`}>
            <strong>{a.key}</strong> — {a.description}{' '}
            <span class="etl-deps">{a.deps.length > 0 ? `${m.deps}: ${a.deps.map((d) => d.asset).join(', ')}` : m.noDeps}</span>
            {p.admin ? <MaterializeForm m={m} asset={a.key} csrf={p.csrf} partitioned={a.partitions.kind !== 'none'} /> : null}
          </li>
        ))}
      </ul>
      {assets.schedules.length > 0 ? (
        <>
          <h3>{m.schedules}</h3>
          <ul>
            {assets.schedules.map((s) => (
              <li>
                {s.name}: <code>{s.cron}</code> ({s.timezone}) → {s.assets.join(', ')}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function MaterializeForm({ m, asset, csrf, partitioned }: { m: EtlText; asset: string; csrf: string; partitioned: boolean }) {
  return (
    <form method="post" action="/admin/etl/materialize" class="etl-action">
      <input type="hidden" name="_csrf" value={csrf} />
      <input type="hidden" name="asset" value={asset} />
      {partitioned ? <input type="date" name="partition" required aria-label={m.partition} /> : null}
      <label>
        <input type="checkbox" name="force" value="1" /> {m.force}
      </label>
      <button type="submit">{m.materialize}</button>
    </form>
  );
}

function BackfillForm({ m, assets, csrf }: { m: EtlText; assets: EtlAssets; csrf: string }) {
  return (
    <form method="post" action="/admin/etl/backfill" class="etl-action">
      <input type="hidden" name="_csrf" value={csrf} />
      <select name="asset" aria-label={m.assets}>
        {assets.assets
          .filter((a) => a.partitions.kind === 'daily')
          .map((a) => (
            <option value={a.key}>{a.key}</option>
          ))}
      </select>
      <label>
        {m.from} <input type="date" name="from" required />
      </label>
      <label>
        {m.to} <input type="date" name="to" required />
      </label>
      <label>
        <input type="checkbox" name="force" value="1" /> {m.force}
      </label>
      <button type="submit">{m.backfill}</button>
    </form>
  );
}

function StatusGrid({ m, status }: { m: EtlText; status: EtlStatus }) {
  return (
    <section>
      <h2>{m.status}</h2>
      <table class="etl-grid">
        <tbody>
          {status.assets.map((a) => (
            <tr>
              <th scope="row">{a.asset}</th>
              {a.partitions.slice(-GRID_DAYS).map((p) => (
                <td class={`etl-cell etl-${p.state}`} title={`${p.partition ?? '—'}: ${p.state}`}>
                  <span class="etl-day">{p.partition ? p.partition.slice(5) : '—'}</span> <span class="etl-state">{p.state}</span>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function RunsTable({ m, runs, admin, csrf }: { m: EtlText; runs: EtlRun[]; admin: boolean; csrf: string }) {
  const columns: Array<Column<EtlRun>> = [
    { head: m.run, cell: (r) => <a href={`/etl/runs/${encodeURIComponent(r.runId)}`}>{r.runId.slice(0, 8)}</a> },
    { head: m.assets, cell: (r) => r.assets.join(', ') },
    { head: m.partition, cell: (r) => r.partition ?? '—' },
    { head: m.state, cell: (r) => r.status, class: (r) => `etl-status etl-${r.status}` },
    { head: m.created, cell: (r) => when(r.createdAt) },
    { head: m.duration, cell: (r) => duration(r.durationMs) },
    { head: m.failure, cell: (r) => (r.failure ? `${r.failure.code}: ${r.failure.message}` : '') },
    ...(admin
      ? [{ head: '', cell: (r: EtlRun) => (r.status === 'queued' || r.status === 'running' ? <CancelForm m={m} runId={r.runId} csrf={csrf} /> : null) }]
      : []),
  ];
  return <DataTable class="etl-runs" columns={columns} rows={runs} empty={m.noRuns} />;
}

export function CancelForm({ m, runId, csrf }: { m: EtlText; runId: string; csrf: string }) {
  return (
    <form method="post" action={`/admin/etl/runs/${encodeURIComponent(runId)}/cancel`} class="etl-action">
      <input type="hidden" name="_csrf" value={csrf} />
      <button type="submit">{m.cancel}</button>
    </form>
  );
}

type Check = EtlChecks['checks'][number];
const checkClass = (c: Check) => (c.passed ? 'etl-ok' : c.severity === 'error' ? 'etl-error' : 'etl-warn');

function Checks({ m, checks }: { m: EtlText; checks: EtlChecks }) {
  const columns: Array<Column<Check>> = [
    { cell: (c) => c.asset },
    { cell: (c) => c.partition ?? '—' },
    { cell: (c) => c.check },
    { cell: (c) => (c.passed ? `✓ ${m.passed}` : `✗ ${m.failing} (${c.severity})`), class: checkClass },
    { cell: (c) => c.description },
    { cell: (c) => when(c.evaluatedAt) },
  ];
  return <DataTable class="etl-checks" columns={columns} rows={checks.checks} empty={m.noChecks} />;
}

/** The ETL page: the SVG graph, the asset list, partition grid, runs, checks; the forms for admins only (pure). */
export function EtlPage({ m, p }: { m: EtlText; p: EtlPageData }): Child {
  return (
    <>
      <h1>{m.title}</h1>
      {p.flash ? (
        <p class="flash" role="status">
          {p.flash}
        </p>
      ) : null}
      <AssetGraph m={m} assets={p.assets} status={p.status} />
      <Graph m={m} assets={p.assets} p={p} />
      {p.admin ? <BackfillForm m={m} assets={p.assets} csrf={p.csrf} /> : null}
      <StatusGrid m={m} status={p.status} />
      <section>
        <h2>{m.runs}</h2>
        <RunsTable m={m} runs={p.runs} admin={p.admin} csrf={p.csrf} />
      </section>
      <section>
        <h2>{m.checks}</h2>
        <Checks m={m} checks={p.checks} />
      </section>
    </>
  );
}

export const requestedText = (m: EtlText, n: number) => fmt(m.requested, { n });
