import { Hono } from 'hono';
import type { UiEnv } from '../../http/env';
import { pick } from '../../http/i18n/messages';
import { page } from '../../http/pages/page';
import { driftMessages } from './messages';
import { featureHistory, listReports, reportHtml } from './queries';
import { DriftPage, ReportPage } from './views/drift-page';

const PAGE = { title: 'Drift', active: 'drift', styles: ['drift.css'] } as const;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The report's own page is the ETL's HTML: shown only in a sandboxed frame of ours, with a policy
 * that lets nothing run or load (inline styles and data: images are all it uses).
 */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'";

export function driftRoutes() {
  const app = new Hono<UiEnv>();
  app.get('/drift', async (c) => {
    const m = pick(driftMessages, c.get('lang'));
    const { pool, schema, ch } = c.get('deps');
    const days = (await listReports(pool, schema)) ?? [];
    // ClickHouse is optional for this page: the reports list stands without the per-feature grid.
    const history = await featureHistory(ch).catch(() => null);
    return page(c, PAGE, <DriftPage m={m} days={days} history={history} />);
  });
  app.get('/drift/reports/:id', async (c) => {
    const m = pick(driftMessages, c.get('lang'));
    const day = c.req.param('id');
    const { pool, schema } = c.get('deps');
    if (!DAY.test(day) || (await reportHtml(pool, schema, day)) === null) return page(c, PAGE, <p role="alert">{m.noReport}</p>, 404);
    return page(c, PAGE, <ReportPage m={m} day={day} />);
  });
  app.get('/drift/reports/:id/html', async (c) => {
    const day = c.req.param('id');
    const { pool, schema } = c.get('deps');
    const html = DAY.test(day) ? await reportHtml(pool, schema, day) : null;
    if (html === null) return c.text('no drift report for this day', 404);
    return c.body(html, 200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': REPORT_CSP, 'x-frame-options': 'SAMEORIGIN' });
  });
  return app;
}
