import type { Child } from 'hono/jsx';
import type { EtlRunDetail } from '../../../clients/etl-client';
import { DataTable, type Column } from '../../../http/pages/table';
import type { EtlText } from '../messages';
import { CancelForm, duration, when } from './etl-page';

type Step = EtlRunDetail['steps'][number];
const stepColumns: Array<Column<Step>> = [
  { cell: (s) => s.asset },
  { cell: (s) => s.status, class: (s) => `etl-status etl-${s.status}` },
  { cell: (s) => `#${s.attempt}` },
  { cell: (s) => when(s.startedAt) },
  { cell: (s) => when(s.finishedAt) },
  { cell: (s) => duration(s.durationMs) },
];

/** One run: what it is, its steps with timings, the lines it logged (pure). */
export function RunPage({ m, d, admin, csrf }: { m: EtlText; d: EtlRunDetail; admin: boolean; csrf: string }): Child {
  const r = d.run;
  return (
    <>
      <p>
        <a href="/etl">{m.back}</a>
      </p>
      <h1>
        {m.run} {r.runId}
      </h1>
      <dl class="etl-run">
        <dt>{m.assets}</dt>
        <dd>{r.assets.join(', ')}</dd>
        <dt>{m.partition}</dt>
        <dd>{r.partition ?? '—'}</dd>
        <dt>{m.state}</dt>
        <dd class={`etl-status etl-${r.status}`}>{r.status}</dd>
        <dt>{m.created}</dt>
        <dd>{when(r.createdAt)}</dd>
        <dt>{m.started}</dt>
        <dd>{when(r.startedAt)}</dd>
        <dt>{m.finished}</dt>
        <dd>{when(r.finishedAt)}</dd>
        <dt>{m.duration}</dt>
        <dd>{duration(r.durationMs)}</dd>
        {r.failure ? (
          <>
            <dt>{m.failure}</dt>
            <dd>{`${r.failure.code}: ${r.failure.message}`}</dd>
          </>
        ) : null}
      </dl>
      {admin && (r.status === 'queued' || r.status === 'running') ? <CancelForm m={m} runId={r.runId} csrf={csrf} /> : null}
      <h2>{m.steps}</h2>
      <DataTable class="etl-steps" columns={stepColumns} rows={d.steps} />
      <h2>{m.logs}</h2>
      {d.logs.length === 0 ? (
        <p>{m.noLogs}</p>
      ) : (
        <pre class="etl-logs">{d.logs.map((l) => `${when(l.at)} ${l.level ?? ''} ${l.asset ?? ''} ${l.message ?? JSON.stringify(l)}`).join('\n')}</pre>
      )}
    </>
  );
}
