import { Hono, type Context } from 'hono';
import { EtlApiError, etlClient } from '../../clients/etl-client';
import type { UiEnv } from '../../http/env';
import { pick } from '../../http/i18n/messages';
import { page } from '../../http/pages/page';
import { etlMessages, type EtlText } from './messages';
import { EtlPage, requestedText } from './views/etl-page';
import { RunPage } from './views/run-page';

const PAGE = { title: 'ETL', active: 'etl', styles: ['etl.css'] } as const;

/** The API down, no token, or an answer we cannot read: a page that says so (502), never a 500. */
function failurePage(c: Context<UiEnv>, m: EtlText, err: unknown) {
  if (!(err instanceof EtlApiError)) throw err;
  if (err.reason === 'not-found') return page(c, PAGE, <p role="alert">{m.notFound}</p>, 404);
  if (err.reason === 'refused') return page(c, PAGE, <><h1>{m.refused}</h1><p role="alert">{err.message}</p><p><a href="/etl">{m.back}</a></p></>, 422);
  const text = err.reason === 'no-token' ? m.noToken : err.message;
  return page(c, PAGE, <><h1>{m.unavailable}</h1><p role="alert">{text}</p></>, 502);
}

async function formOf(c: Context<UiEnv>) {
  const f = await c.req.parseBody();
  const str = (k: string) => (typeof f[k] === 'string' && f[k] !== '' ? (f[k] as string) : undefined);
  return { str, force: str('force') === '1' };
}

export function etlRoutes() {
  const app = new Hono<UiEnv>();
  app.get('/etl', async (c) => {
    const m = pick(etlMessages, c.get('lang'));
    const link = c.get('deps').etl;
    const session = c.get('session')!;
    try {
      const [assets, status, runs, checks] = await Promise.all([etlClient.assets(link), etlClient.status(link), etlClient.runs(link), etlClient.checks(link)]);
      const n = c.req.query('requested');
      const flash = n && /^\d+$/.test(n) ? requestedText(m, Number(n)) : null;
      return page(c, PAGE, <EtlPage m={m} p={{ assets, status, runs: runs.runs, checks, admin: session.role === 'admin', csrf: session.csrf, flash }} />);
    } catch (err) {
      return failurePage(c, m, err);
    }
  });
  app.get('/etl/runs/:id', async (c) => {
    const m = pick(etlMessages, c.get('lang'));
    const session = c.get('session')!;
    try {
      const d = await etlClient.run(c.get('deps').etl, c.req.param('id'));
      return page(c, PAGE, <RunPage m={m} d={d} admin={session.role === 'admin'} csrf={session.csrf} />);
    } catch (err) {
      return failurePage(c, m, err);
    }
  });
  // Admin actions (app.ts requires the admin role on /admin/*): request runs, the ETL executes them.
  app.post('/admin/etl/materialize', async (c) => {
    const m = pick(etlMessages, c.get('lang'));
    const { str, force } = await formOf(c);
    const asset = str('asset');
    if (!asset) return failurePage(c, m, new EtlApiError('refused', 'asset is required'));
    const partition = str('partition');
    try {
      const r = await etlClient.materialize(c.get('deps').etl, { assets: [asset], ...(partition ? { partition } : {}), force, actor: c.get('session')!.username });
      return c.redirect(`/etl?requested=${r.runIds.length}`, 303);
    } catch (err) {
      return failurePage(c, m, err);
    }
  });
  app.post('/admin/etl/backfill', async (c) => {
    const m = pick(etlMessages, c.get('lang'));
    const { str, force } = await formOf(c);
    const [asset, from, to] = [str('asset'), str('from'), str('to')];
    if (!asset || !from || !to) return failurePage(c, m, new EtlApiError('refused', 'asset, from and to are required'));
    try {
      const r = await etlClient.backfill(c.get('deps').etl, { assets: [asset], from, to, force, actor: c.get('session')!.username });
      return c.redirect(`/etl?requested=${r.runIds.length}`, 303);
    } catch (err) {
      return failurePage(c, m, err);
    }
  });
  app.post('/admin/etl/runs/:id/cancel', async (c) => {
    const m = pick(etlMessages, c.get('lang'));
    const id = c.req.param('id');
    try {
      await etlClient.cancel(c.get('deps').etl, id, c.get('session')!.username);
      return c.redirect(`/etl/runs/${encodeURIComponent(id)}`, 303);
    } catch (err) {
      return failurePage(c, m, err);
    }
  });
  return app;
}
