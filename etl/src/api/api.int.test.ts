import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '@napominalka/core/testing';
import { buildGraph, openEtlHistory, type EtlHistory } from '../framework';
import { toyAssets, toyWorld } from '../framework/testing/toy-assets';
import { createEtlApi } from './app';

const TOKEN = 'test-token-0123456789abcdef';
let ctx: TestContext;
let history: EtlHistory;
let api: ReturnType<typeof createEtlApi>;
const now = new Date('2026-10-05T12:00:00Z');

beforeAll(async () => {
  ctx = await createTestContext();
  history = await openEtlHistory(ctx.store, ctx.pool);
  const graph = buildGraph({ assets: toyAssets(toyWorld()), schedules: [] });
  api = createEtlApi({ history, graph: graph as never, token: TOKEN, now: () => now });
});
afterAll(async () => ctx.cleanup());

const call = (path: string, init: RequestInit = {}, token = TOKEN) =>
  api.request(path, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });
const post = (path: string, body: unknown) => call(path, { method: 'POST', body: JSON.stringify(body) });

describe('ETL control API', () => {
  it('refuses a missing or wrong token', async () => {
    expect((await api.request('/v1/assets')).status).toBe(401);
    expect((await call('/v1/assets', {}, 'wrong-token-0123456789abcdef')).status).toBe(401);
  });

  it('gives the graph with deps and partitions', async () => {
    const body = (await (await call('/v1/assets')).json()) as { assets: Array<{ key: string; deps: Array<{ asset: string }>; partitions: { kind: string } }> };
    const summary = body.assets.find((a) => a.key === 'daily_summary')!;
    expect(summary.deps.map((d) => d.asset)).toEqual(['raw_counts']);
    expect(summary.partitions.kind).toBe('daily');
  });

  it('requests a run, lists it, shows it, cancels it', async () => {
    const res = await post('/v1/materialize', { assets: ['daily_summary'], partition: '2026-10-02', actor: 'alice' });
    expect(res.status).toBe(202);
    const { runIds, origin } = (await res.json()) as { runIds: string[]; origin: string };
    expect(origin).toBe('ui:alice');
    expect(runIds).toHaveLength(1);
    const runs = (await (await call('/v1/runs?limit=5')).json()) as { runs: Array<{ runId: string; status: string }> };
    expect(runs.runs.map((r) => r.runId)).toContain(runIds[0]);
    const one = (await (await call(`/v1/runs/${runIds[0]}`)).json()) as { run: { status: string }; steps: unknown[]; logs: unknown[] };
    expect(one.run.status).toBe('queued');
    const cancel = await post(`/v1/runs/${runIds[0]}/cancel`, { actor: 'alice' });
    expect(cancel.status).toBe(200);
    expect(((await cancel.json()) as { outcome: string }).outcome).toBe('cancelled');
    expect((await post(`/v1/runs/${runIds[0]}/cancel`, {})).status).toBe(200);
  });

  it('requests a backfill and gives the status and checks', async () => {
    const res = await post('/v1/backfill', { assets: ['raw_counts'], from: '2026-10-01', to: '2026-10-03' });
    expect(res.status).toBe(202);
    expect(((await res.json()) as { runIds: string[] }).runIds).toHaveLength(3);
    const status = (await (await call('/v1/status')).json()) as { assets: Array<{ asset: string; partitions: Array<{ partition: string; state: string }> }> };
    expect(status.assets.find((a) => a.asset === 'raw_counts')!.partitions.length).toBeGreaterThan(0);
    expect((await call('/v1/checks')).status).toBe(200);
  });

  it('answers 400 / 404 / 422 with a message', async () => {
    const bad = await post('/v1/materialize', { assets: [], actor: 'a' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/assets/);
    expect((await post('/v1/materialize', { assets: ['nope'], partition: '2026-10-02', actor: 'a' })).status).toBe(422);
    expect((await post('/v1/materialize', { assets: ['raw_counts'], partition: '2030-01-01', actor: 'a' })).status).toBe(422);
    expect((await call('/v1/runs/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await call('/v1/runs/xyz')).status).toBe(400);
  });
});
