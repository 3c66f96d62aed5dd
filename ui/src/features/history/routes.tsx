import { Hono } from 'hono';
import type { UiEnv } from '../../http/env';
import { fmt, pick } from '../../http/i18n/messages';
import { page } from '../../http/pages/page';
import { FIELDS, filterQuery, parseFilters } from './filters';
import { historyMessages } from './messages';
import { loadHistory } from './queries';
import { HistoryForm, HistoryTable } from './views/history-page';

const reason = (e: unknown): string => (e instanceof Error ? e.message : String(e)).slice(0, 300);

/** GET /history: every parse of the read model, newest first, filtered by the URL, keyset-paginated. */
export function historyRoutes() {
  const app = new Hono<UiEnv>();
  app.get('/history', async (c) => {
    const deps = c.get('deps');
    const m = pick(historyMessages, c.get('lang'));
    const all = c.req.queries();
    const query = Object.fromEntries(Object.entries(all).map(([k, v]) => [k, v[0] ?? '']));
    const opts = { title: m.title, active: 'history' as const, styles: ['history.css'] };
    const parsed = parseFilters(query);
    if (!parsed.ok) {
      const known = (FIELDS as readonly string[]).includes(parsed.field) ? parsed.field : 'query';
      const body = (
        <div class="history-page">
          <h1>{m.title}</h1>
          <HistoryForm m={m} values={query} />
          <p class="error" role="alert">
            {fmt(m.badFilter, { field: known })}
          </p>
        </div>
      );
      return page(c, opts, body, 400);
    }
    const f = parsed.filters;
    const form = <HistoryForm m={m} values={{ ...f, before: undefined }} />;
    let result;
    try {
      result = await loadHistory(deps.pool, deps.schema, f);
    } catch (e) {
      const body = (
        <div class="history-page">
          <h1>{m.title}</h1>
          {form}
          <p class="error" role="alert">
            {fmt(m.unreachable, { reason: reason(e) })}
          </p>
        </div>
      );
      return page(c, opts, body, 502);
    }
    const last = result.rows.at(-1);
    const next = result.more && last ? `/history?${filterQuery(f, { at: last.cursorAt, id: last.eventId })}` : null;
    const body = (
      <div class="history-page">
        <h1>{m.title}</h1>
        {form}
        <HistoryTable m={m} rows={result.rows} />
        {next && (
          <p class="pager">
            <a href={next} rel="next">
              {m.next}
            </a>
          </p>
        )}
      </div>
    );
    return page(c, opts, body);
  });
  return app;
}
