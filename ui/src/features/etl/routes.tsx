import { Hono, type Context } from 'hono';
import { allOf, etlClient, type EtlFailure } from '../../clients/etl-client';
import type { UiEnv } from '../../http/env';
import { pick } from '../../http/i18n/messages';
import { page } from '../../http/pages/page';
import { etlMessages, type EtlText } from './messages';
import { EtlPage, requestedText } from './views/etl-page';
import { RunPage } from './views/run-page';

const PAGE = { title: 'ETL', active: 'etl', styles: ['etl.css'] } as const;

/** The API refused the request (or the form lacked a field): say why, 422. */
const refusedPage = (c: Context<UiEnv>, m: EtlText, message: string) =>
  page(
    c,
    PAGE,
    <>
      <h1>{m.refused}</h1>
      <p role="alert">{message}</p>
      <p>
        <a href="/etl">{m.back}</a>
      </p>
    </>,
    422,
  );

/** The API down, no token, or an answer we cannot read: a page that says so (502), never a 500. */
function failurePage(c: Context<UiEnv>, m: EtlText, f: EtlFailure) {
  if (f.reason === 'http-error' && f.status === 404) return page(c, PAGE, <p role="alert">{m.notFound}</p>, 404);
  if (f.reason === 'http-error' && (f.status === 400 || f.status === 422)) return refusedPage(c, m, f.message);
  return page(
    c,
    PAGE,
    <>
      <h1>{m.unavailable}</h1>
      <p role="alert">{failureText(m, f)}</p>
    </>,
    502,
  );
}

function failureText(m: EtlText, f: EtlFailure): string {
  if (f.reason === 'no-token') return m.noToken;
  // Any other status is the API failing: name it with its message when it sent one.
  if (f.reason === 'http-error' && f.message !== `HTTP ${f.status}`) return `HTTP ${f.status}: ${f.message}`;
  return f.message;
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
    const r = await allOf([etlClient.assets(link), etlClient.status(link), etlClient.runs(link), etlClient.checks(link)] as const);
    if (!r.ok) return failurePage(c, m, r);
    const [assets, status, runs, checks] = r.body;
    const n = c.req.query('requested');
    const flash = n && /^\d+$/.test(n) ? requestedText(m, Number(n)) : null;
    return page(c, PAGE, <EtlPage m={m} p={{ assets, status, runs: runs.runs, checks, admin: session.role === 'admin', csrf: session.csrf, flash }} />);
  });
  app.get('/etl/runs/:id', async (c) => {
    const m = pick(etlMessages, c.get('lang'));
    const session = c.get('session')!;
    const d = await etlClient.run(c.get('deps').etl, c.req.param('id'));
    if (!d.ok) return failurePage(c, m, d);
    return page(c, PAGE, <RunPage m={m} d={d.body} admin={session.role === 'admin'} csrf={session.csrf} />);
  });
  // Admin actions (app.ts requires the admin role on /admin/*): request runs, the ETL executes them.
  app.post('/admin/etl/materialize', async (c) => {
    const m = pick(etlMessages, c.get('lang'));
    const { str, force } = await formOf(c);
    const asset = str('asset');
    if (!asset) return refusedPage(c, m, 'asset is required');
    const partition = str('partition');
    const r = await etlClient.materialize(c.get('deps').etl, {
      assets: [asset],
      ...(partition ? { partition } : {}),
      force,
      actor: c.get('session')!.username,
    });
    return r.ok ? c.redirect(`/etl?requested=${r.body.runIds.length}`, 303) : failurePage(c, m, r);
  });
  app.post('/admin/etl/backfill', async (c) => {
    const m = pick(etlMessages, c.get('lang'));
    const { str, force } = await formOf(c);
    const [asset, from, to] = [str('asset'), str('from'), str('to')];
    if (!asset || !from || !to) return refusedPage(c, m, 'asset, from and to are required');
    const r = await etlClient.backfill(c.get('deps').etl, { assets: [asset], from, to, force, actor: c.get('session')!.username });
    return r.ok ? c.redirect(`/etl?requested=${r.body.runIds.length}`, 303) : failurePage(c, m, r);
  });
  app.post('/admin/etl/runs/:id/cancel', async (c) => {
    const m = pick(etlMessages, c.get('lang'));
    const id = c.req.param('id');
    const r = await etlClient.cancel(c.get('deps').etl, id, c.get('session')!.username);
    return r.ok ? c.redirect(`/etl/runs/${encodeURIComponent(id)}`, 303) : failurePage(c, m, r);
  });
  return app;
}
