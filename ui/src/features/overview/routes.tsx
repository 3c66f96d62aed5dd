import { Hono } from 'hono';
import type { UiEnv } from '../../http/env';
import { fmt, pick } from '../../http/i18n/messages';
import { page } from '../../http/pages/page';
import { MAX_DAYS, parseFilters, type FilterProblem } from './filters';
import { overviewMessages, type OverviewText } from './messages';
import { loadDrift, loadEtl, loadMarts } from './queries';
import { loadDriftDaily, loadEtlDaily } from './trend-queries';
import { FiltersForm } from './views/filters-form';
import { OverviewBody } from './views/overview-page';

const FIELDS = ['from', 'to', 'lang', 'intent', 'model', 'zone'] as const;
const reason = (e: unknown): string => (e instanceof Error ? e.message : String(e)).slice(0, 300);

function problemText(m: OverviewText, p: FilterProblem): string {
  if (p.field === 'range')
    return fmt(m.badFilter, { field: `${m.from}/${m.to}`, reason: p.reason === 'reversed' ? m.reversed : fmt(m.tooLong, { days: MAX_DAYS }) });
  return fmt(m.badFilter, { field: m[p.field], reason: m.invalid });
}

/** GET /: the marts of the period, the latest ETL runs and failing checks, drift status. */
export function overviewRoutes() {
  const app = new Hono<UiEnv>();
  app.get('/', async (c) => {
    const deps = c.get('deps');
    const m = pick(overviewMessages, c.get('lang'));
    const query = Object.fromEntries(FIELDS.map((k) => [k, c.req.query(k)]).filter((e): e is [string, string] => typeof e[1] === 'string'));
    const parsed = parseFilters(query, deps.now());
    const opts = {
      title: m.title,
      active: 'overview' as const,
      scripts: ['vendor/uPlot.iife.min.js', 'overview.js'],
      styles: ['vendor/uPlot.min.css', 'overview.css'],
    };
    if (!parsed.ok) {
      const body = (
        <div class="overview">
          <h1>{m.title}</h1>
          <FiltersForm m={m} values={query} />
          <p class="error" role="alert">
            {problemText(m, parsed.problem)}
          </p>
          <p>{m.fieldHints}</p>
        </div>
      );
      return page(c, opts, body, 400);
    }
    const f = parsed.filters;
    // Each source fails on its own: an unreachable ClickHouse still shows the ETL history and vice versa.
    const [marts, etl, drift, etlDays, driftDays] = await Promise.all([
      loadMarts(deps.ch, f).catch((e: unknown) => ({ error: reason(e) })),
      loadEtl(deps.pool, deps.schema).catch((e: unknown) => ({ error: reason(e) })),
      loadDrift(deps.ch, f.to).catch(() => null),
      loadEtlDaily(deps.pool, deps.schema, f.from, f.to).catch(() => null),
      loadDriftDaily(deps.ch, f.from, f.to).catch(() => []),
    ]);
    const status = 'error' in marts ? 502 : 200;
    return page(c, opts, <OverviewBody m={m} v={{ filters: f, marts, etl, drift, etlDays, driftDays }} form={<FiltersForm m={m} values={f} />} />, status);
  });
  return app;
}
