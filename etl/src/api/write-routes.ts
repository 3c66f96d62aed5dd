import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import type { z } from 'zod';
import { cancelRun, requestBackfill, requestRun, type AssetGraph, type EtlHistory } from '../framework';
import { partitionsToRequest } from '../cli/partition-selection';
import type { PartitionSelection } from '../cli/args';
import { backfillBody, materializeBody } from './bodies';

type Parsed<T> = { ok: true; data: T } | { ok: false; res: Response };

async function parseBody<S extends z.ZodTypeAny>(c: Context, schema: S): Promise<Parsed<z.infer<S>>> {
  const json: unknown = await c.req.json().catch(() => undefined);
  if (json === undefined) return { ok: false, res: c.json({ error: 'bad-request', message: 'the body must be JSON' }, 400) };
  const r = schema.safeParse(json);
  if (!r.success)
    return {
      ok: false,
      res: c.json({ error: 'bad-request', message: r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') }, 400),
    };
  return { ok: true, data: r.data as z.infer<S> };
}

/** A request the definitions refuse (unknown asset, partition out of range): 422 with their message. */
const refused = (c: Context, err: unknown) => c.json({ error: 'unprocessable', message: (err as Error).message }, 422);

/** The write side: request runs only (the executors take them), like `--no-wait`. */
export function writeRoutes(deps: { history: EtlHistory; graph: AssetGraph<unknown>; now: () => Date }) {
  const { history, graph } = deps;
  const app = new Hono();
  app.post('/v1/materialize', async (c) => {
    const b = await parseBody(c, materializeBody);
    if (!b.ok) return b.res;
    const now = deps.now();
    const sel: PartitionSelection =
      b.data.partition !== undefined
        ? { kind: 'one', key: b.data.partition }
        : b.data.from !== undefined
          ? { kind: 'range', from: b.data.from, to: b.data.to! }
          : { kind: 'none' };
    try {
      const assets = graph.selection(b.data.assets);
      const partitions = partitionsToRequest(graph, assets, sel, now);
      const origin = `ui:${b.data.actor}`;
      const key = `ui:${randomUUID()}`;
      const runIds = await history.transaction(async (w) => {
        const out: string[] = [];
        for (const p of partitions)
          out.push((await requestRun(w, graph, { assets, partition: p, reason: 'manual', origin, key, force: b.data.force === true }, now)).runId);
        return out;
      });
      return c.json({ assets, partitions, origin, runIds }, 202);
    } catch (err) {
      return refused(c, err);
    }
  });
  app.post('/v1/backfill', async (c) => {
    const b = await parseBody(c, backfillBody);
    if (!b.ok) return b.res;
    try {
      const bf = await requestBackfill(history, graph, {
        assets: b.data.assets,
        from: b.data.from,
        to: b.data.to,
        concurrency: b.data.concurrency ?? 2,
        force: b.data.force === true,
        now: deps.now(),
      });
      return c.json(bf, 202);
    } catch (err) {
      return refused(c, err);
    }
  });
  app.post('/v1/runs/:id/cancel', async (c) => {
    const id = c.req.param('id');
    if (!/^[0-9a-f-]{36}$/i.test(id)) return c.json({ error: 'bad-request', message: 'a run id is a UUID' }, 400);
    const body = (await c.req.json().catch(() => ({}))) as { actor?: unknown };
    const by = `ui:${typeof body.actor === 'string' && /^[\w.@-]{1,100}$/.test(body.actor) ? body.actor : 'unknown'}`;
    const r = await cancelRun(history, id, by);
    if (!r) return c.json({ error: 'not-found', message: `no run ${id}` }, 404);
    const { outcome, status } = r;
    if (outcome === 'finished')
      return c.json({ error: 'unprocessable', message: `run ${id} already ${status}: nothing to cancel`, runId: id, outcome, status }, 422);
    return c.json({ runId: id, outcome, status, by });
  });
  return app;
}
