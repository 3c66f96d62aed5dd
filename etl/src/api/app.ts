import { Hono } from 'hono';
import type { AssetGraph, EtlHistory } from '../framework';
import { requireBearer } from './auth';
import { readRoutes } from './read-routes';
import { writeRoutes } from './write-routes';

export interface EtlApiDeps {
  history: EtlHistory;
  graph: AssetGraph<unknown>;
  token: string;
  now?: () => Date;
}

/** The ETL's control API (the operators' UI uses it): the graph, status, runs, checks, requests. */
export function createEtlApi(deps: EtlApiDeps): Hono {
  const d = { history: deps.history, graph: deps.graph, now: deps.now ?? (() => new Date()) };
  const app = new Hono();
  app.use('*', requireBearer(deps.token));
  app.route('/', readRoutes(d));
  app.route('/', writeRoutes(d));
  app.notFound((c) => c.json({ error: 'not-found', message: `no route ${c.req.method} ${c.req.path}` }, 404));
  app.onError((err, c) => c.json({ error: 'internal', message: err.message }, 500));
  return app;
}
