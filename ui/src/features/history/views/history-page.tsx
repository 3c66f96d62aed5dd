import { DataTable, type Column } from '../../../http/pages/table';
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
  return <DataTable class="history" columns={historyColumns(m)} rows={rows} rowAttrs={(r) => ({ 'data-event-id': r.eventId })} />;
}

const historyColumns = (m: HistoryText): Array<Column<HistoryRow>> => [
  { head: m.time, cell: (r) => <time datetime={r.occurredAt.toISOString()}>{r.occurredAt.toISOString().replace('T', ' ').slice(0, 19)}</time> },
  { head: m.chat, cell: (r) => r.chatId },
  { head: m.text, cell: (r) => r.messageText ?? '', class: 'text' },
  { head: m.intent, cell: (r) => r.intent ?? '' },
  { head: m.confidence, cell: (r) => (r.confidence === null ? '' : r.confidence.toFixed(2)) },
  { head: m.model, cell: (r) => r.modelVersion ?? '' },
  { head: m.parser, cell: (r) => r.parser ?? '' },
  { head: m.outcome, cell: (r) => r.outcome, class: (r) => `outcome-${r.outcome}` },
  {
    head: m.links,
    cell: (r) => (
      <>
        <a href={`/events?chat=${encodeURIComponent(r.chatId)}`}>{m.timeline}</a> <a href={playgroundLink(r)}>{m.playground}</a>
      </>
    ),
  },
];
