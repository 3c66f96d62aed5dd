import { OUTCOMES, type HistoryFilters } from '../filters';
import type { HistoryText } from '../messages';
import type { HistoryRow } from '../queries';

const str = (v: string | number | undefined): string => (v === undefined ? '' : String(v));

/** The GET form: every filter in the URL. */
export function HistoryForm(props: { m: HistoryText; values: Partial<Record<keyof HistoryFilters, string | number>> }) {
  const { m, values: v } = props;
  const field = (name: 'q' | 'intent' | 'lang' | 'model', size = 12) => (
    <label>
      {m[name]} <input name={name} value={str(v[name])} size={size} />
    </label>
  );
  return (
    <form method="get" action="/history" class="history-filters">
      {field('q', 24)}
      {field('intent')}
      {field('lang', 4)}
      {field('model')}
      <label>
        {m.cmin} <input name="cmin" type="number" step="0.01" min="0" max="1" value={str(v.cmin)} />
      </label>
      <label>
        {m.cmax} <input name="cmax" type="number" step="0.01" min="0" max="1" value={str(v.cmax)} />
      </label>
      <label>
        {m.outcome}{' '}
        <select name="outcome">
          <option value="">{m.any}</option>
          {OUTCOMES.map((o) => (
            <option value={o} selected={v.outcome === o}>
              {m[o]}
            </option>
          ))}
        </select>
      </label>
      <label>
        <input type="checkbox" name="feedback" value="1" checked={v.feedback === '1'} /> {m.feedback}
      </label>
      <label>
        <input type="checkbox" name="cancelled" value="1" checked={v.cancelled === '1'} /> {m.cancelled}
      </label>
      <button type="submit">{m.apply}</button>
    </form>
  );
}

function playgroundLink(r: HistoryRow): string {
  const p = new URLSearchParams({ text: r.messageText ?? '', now: r.occurredAt.toISOString() });
  if (r.timezone) p.set('zone', r.timezone);
  return `/playground?${p.toString()}`;
}

export function HistoryTable(props: { m: HistoryText; rows: HistoryRow[] }) {
  const { m, rows } = props;
  if (rows.length === 0) return <p class="empty">{m.empty}</p>;
  return (
    <table class="history">
      <thead>
        <tr>
          {[m.time, m.chat, m.text, m.intent, m.confidence, m.model, m.parser, m.outcome, m.links].map((h) => (
            <th>{h}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr data-event-id={r.eventId}>
            <td>
              <time datetime={r.occurredAt.toISOString()}>{r.occurredAt.toISOString().replace('T', ' ').slice(0, 19)}</time>
            </td>
            <td>{r.chatId}</td>
            <td class="text">{r.messageText ?? ''}</td>
            <td>{r.intent ?? ''}</td>
            <td>{r.confidence === null ? '' : r.confidence.toFixed(2)}</td>
            <td>{r.modelVersion ?? ''}</td>
            <td>{r.parser ?? ''}</td>
            <td class={`outcome-${r.outcome}`}>{r.outcome}</td>
            <td>
              <a href={`/events?chat=${encodeURIComponent(r.chatId)}`}>{m.timeline}</a> <a href={playgroundLink(r)}>{m.playground}</a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
