import type { Child } from 'hono/jsx';
import { fmt } from '../../../http/i18n/messages';
import type { ModelsText } from '../messages';
import type { MetricValue } from '../metric-table';
import type { RegistryView, VersionRow } from '../registry-view';

export type Flash = { kind: 'done'; text: string } | { kind: 'error'; text: string };

const when = (iso: string | null | undefined) => (iso ? iso.replace('T', ' ').slice(0, 16) : '—');

function cell(v: MetricValue): string {
  if (v === null) return '—';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
  return String(v);
}

export function FlashBox({ flash }: { flash: Flash | null }) {
  if (!flash) return null;
  return (
    <p class={flash.kind === 'done' ? 'flash flash-done' : 'flash error'} role={flash.kind === 'done' ? 'status' : 'alert'}>
      {flash.text}
    </p>
  );
}

function VersionLine({ m, r, admin }: { m: ModelsText; r: VersionRow; admin: boolean }) {
  return (
    <tr class={r.status === 'active' ? 'model-active' : undefined} data-version={r.version} data-status={r.status}>
      <td>
        <code>{r.version}</code>
      </td>
      <td>
        <span class={`model-status model-status-${r.status}`}>{m[r.status]}</span>
      </td>
      <td>{r.cardError ? <span class="error">{fmt(m.cardError, { reason: r.cardError })}</span> : when(r.created)}</td>
      <td>{when(r.promotedAt)}</td>
      <td>{r.promotedBy ?? '—'}</td>
      <td>{r.reason ? m[r.reason] : '—'}</td>
      <td>{r.note ?? ''}</td>
      {admin ? (
        <td>
          {r.status === 'active' ? null : (
            <a class="button" href={`/admin/models/${encodeURIComponent(r.version)}/promote`}>
              {m.promote}
            </a>
          )}
        </td>
      ) : null}
    </tr>
  );
}

function MetricsTable({ m, v }: { m: ModelsText; v: RegistryView }) {
  if (v.metrics.length === 0) return <p>{m.noMetrics}</p>;
  return (
    <>
      <p class="hint">{m.bestHint}</p>
      <div class="table-scroll">
        <table class="models-metrics">
          <thead>
            <tr>
              <th scope="col">{m.metric}</th>
              {v.versions.map((r) => (
                <th scope="col" class={r.status === 'active' ? 'model-active' : undefined}>
                  {r.version}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {v.metrics.map((row) => (
              <tr>
                <th scope="row">
                  <code>{row.name}</code>
                </th>
                {row.values.map((val, i) => {
                  const cls = [v.versions[i]?.status === 'active' ? 'model-active' : '', row.best === i ? 'metric-best' : ''].filter(Boolean).join(' ');
                  return (
                    <td class={cls || undefined} title={row.best === i ? m.best : undefined}>
                      {cell(val)}
                      {row.best === i ? ' ★' : ''}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** The registry: versions with their standing and last promotion, then the cards' metrics side by side. */
export function ModelsBody({ m, v, admin, flash }: { m: ModelsText; v: RegistryView; admin: boolean; flash: Flash | null }) {
  return (
    <div class="models">
      <h1>{m.title}</h1>
      <FlashBox flash={flash} />
      <p>{m.intro}</p>
      <h2>{m.versions}</h2>
      {v.versions.length === 0 ? (
        <p>{fmt(m.noVersions, { dir: v.dir })}</p>
      ) : (
        <table class="models-versions">
          <thead>
            <tr>
              <th scope="col">{m.version}</th>
              <th scope="col">{m.status}</th>
              <th scope="col">{m.created}</th>
              <th scope="col">{m.promotedAt}</th>
              <th scope="col">{m.promotedBy}</th>
              <th scope="col">{m.reason}</th>
              <th scope="col">{m.note}</th>
              {admin ? <th scope="col">{m.actions}</th> : null}
            </tr>
          </thead>
          <tbody>
            {v.versions.map((r) => (
              <VersionLine m={m} r={r} admin={admin} />
            ))}
          </tbody>
        </table>
      )}
      {admin && v.rollbackTo ? (
        <p>
          <a class="button" href="/admin/models/rollback">
            {m.rollbackButton}
          </a>
        </p>
      ) : null}
      <h2>{m.metrics}</h2>
      <MetricsTable m={m} v={v} />
    </div>
  );
}

/** The second step of an action: what will happen, an optional note, and the form that does it. */
export function ConfirmBody(p: { m: ModelsText; title: string; text: string; action: string; csrf: string; flash?: Flash | null }): Child {
  const { m } = p;
  return (
    <div class="models models-confirm">
      <h1>{p.title}</h1>
      <FlashBox flash={p.flash ?? null} />
      <p>{p.text}</p>
      <form method="post" action={p.action}>
        <input type="hidden" name="_csrf" value={p.csrf} />
        <label>
          {m.noteLabel}
          <input type="text" name="note" maxlength={200} />
        </label>
        <button type="submit">{m.confirm}</button> <a href="/models">{m.cancel}</a>
      </form>
    </div>
  );
}
