import { Hono } from 'hono';
import { z } from 'zod';
import { etlStreams } from '@napominalka/core';
import { checksOf, getRun, partitionsOf, stepsOf, type AssetGraph, type EtlHistory } from '../framework';
import { asEtlEvent, type StoredEtlEvent } from '../framework/history/etl-event';
import { runLogs } from '../cli/format/run-report';
import { lastRunsOf } from '../cli/queries';
import { selectedKeys } from '../cli/partition-selection';
import { partitionStatuses, summarize } from '../cli/status-model';
import { graphView } from './graph-view';
import { runsPage } from './queries';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const runsQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50), before: z.coerce.date().optional() });

/** The read side: what `pnpm etl list/status/runs/run/checks --json` print. */
export function readRoutes(deps: { history: EtlHistory; graph: AssetGraph<unknown>; now: () => Date }) {
  const { history: h, graph } = deps;
  const app = new Hono();
  app.get('/v1/assets', (c) => c.json(graphView(graph)));
  app.get('/v1/status', async (c) => {
    const now = deps.now();
    const assets = [];
    for (const key of graph.order) {
      const def = graph.get(key);
      const keys = def.partitions.kind === 'daily' || def.partitions.kind === 'static' ? safeKeys(def, now) : [null];
      const statuses = partitionStatuses(
        keys,
        await partitionsOf(h.pool, h.s, key, keys),
        await checksOf(h.pool, h.s, key, keys),
        await lastRunsOf(h.pool, h.s, key, keys),
      );
      assets.push({ asset: key, partitions: statuses, summary: summarize(statuses) });
    }
    return c.json({ assets });
  });
  app.get('/v1/runs', async (c) => {
    const q = runsQuery.safeParse(c.req.query());
    if (!q.success) return c.json({ error: 'bad-request', message: q.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') }, 400);
    return c.json({ runs: await runsPage(h.pool, h.s, q.data.limit, q.data.before ?? null) });
  });
  app.get('/v1/runs/:id', async (c) => {
    const id = c.req.param('id');
    if (!UUID.test(id)) return c.json({ error: 'bad-request', message: 'a run id is a UUID' }, 400);
    const run = await getRun(h.pool, h.s, id);
    if (!run) return c.json({ error: 'not-found', message: `no run ${id}` }, 404);
    const events = (await h.store.readStream(etlStreams.run(id))).map(asEtlEvent).filter((e): e is StoredEtlEvent => e !== null);
    return c.json({ run, steps: await stepsOf(h.pool, h.s, id), logs: runLogs(events) });
  });
  app.get('/v1/checks', async (c) => c.json({ checks: await checksOf(h.pool, h.s, null) }));
  return app;
}

/** The default window of `pnpm etl status`; an asset with no partitions yet has none to show. */
function safeKeys(def: Parameters<typeof selectedKeys>[0], now: Date): Array<string | null> {
  try {
    return selectedKeys(def, undefined, undefined, now);
  } catch {
    return [];
  }
}
