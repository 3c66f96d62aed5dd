import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUiWorld, type UiWorld } from '../../testing/ui-world';

/** A local emulator of the ETL control API: the same paths and JSON shapes, records what was posted. */
const TOKEN = 'etl-token-0123456789abcdef';
const RUN = '11111111-1111-4111-8111-111111111111';
const posted: Array<{ path: string; body: unknown }> = [];
const run = {
  runId: RUN,
  assets: ['raw_counts'],
  partition: '2026-10-02',
  status: 'failed',
  attempt: 1,
  createdAt: '2026-10-03T01:00:00.000Z',
  startedAt: '2026-10-03T01:00:01.000Z',
  finishedAt: '2026-10-03T01:00:03.000Z',
  durationMs: 2000,
  failure: { code: 'boom', message: 'source gone' },
};
const answers: Record<string, unknown> = {
  '/v1/assets': {
    assets: [
      { key: 'raw_counts', description: 'rows of the day', deps: [], partitions: { kind: 'daily', start: '2026-10-01', timezone: 'UTC' }, checks: [] },
      {
        key: 'daily_summary',
        description: 'summary',
        deps: [{ asset: 'raw_counts', mapping: { kind: 'identity' } }],
        partitions: { kind: 'daily', start: '2026-10-01', timezone: 'UTC' },
        checks: [],
      },
      {
        key: 'report',
        description: 'the <b>report</b>',
        deps: [
          { asset: 'raw_counts', mapping: { kind: 'all' } },
          { asset: 'daily_summary', mapping: { kind: 'all' } },
        ],
        partitions: { kind: 'none' },
        checks: [],
      },
    ],
    schedules: [{ name: 'nightly', cron: '0 3 * * *', timezone: 'UTC', assets: ['daily_summary'] }],
  },
  '/v1/status': {
    assets: [
      {
        asset: 'raw_counts',
        partitions: [
          { partition: '2026-10-01', state: 'ok' },
          { partition: '2026-10-02', state: 'failed' },
        ],
      },
    ],
  },
  '/v1/runs': { runs: [run] },
  [`/v1/runs/${RUN}`]: {
    run,
    steps: [{ asset: 'raw_counts', attempt: 1, status: 'failed', startedAt: run.startedAt, finishedAt: run.finishedAt, durationMs: 2000 }],
    logs: [{ at: run.startedAt, level: 'info', message: 'reading <source>', asset: 'raw_counts' }],
  },
  '/v1/checks': {
    checks: [
      {
        asset: 'raw_counts',
        partition: '2026-10-01',
        check: 'has_rows',
        severity: 'error',
        passed: true,
        description: 'the day has rows',
        evaluatedAt: '2026-10-02T01:00:00.000Z',
      },
    ],
  },
};

let server: Server;
let url: string;
let w: UiWorld;

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0]!;
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return void res.writeHead(401).end('{}');
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.method === 'POST') {
        posted.push({ path, body: JSON.parse(raw || '{}') });
        return json(202, { runIds: [RUN], runId: RUN, outcome: 'cancel-requested' });
      }
      const a = answers[path];
      return a ? json(200, a) : json(404, { error: 'not-found', message: 'no such run' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  w = await createUiWorld({ etl: { url, token: TOKEN } });
});
afterAll(async () => {
  await w.cleanup();
  await new Promise<void>((r) => server.close(() => r()));
});

describe('ETL page', () => {
  it('renders the graph, partition grid, runs and checks; viewers see no forms', async () => {
    const res = await (await w.as('viewer')).get('/etl');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('daily_summary');
    expect(html).toMatch(/depends on: raw_counts/);
    expect(html).toContain('etl-failed');
    expect(html).toContain(`/etl/runs/${RUN}`);
    expect(html).toContain('has_rows');
    expect(html).not.toContain('/admin/etl/materialize');
  });

  it('draws the asset graph as SVG: a node per asset linking to its entry, an edge per dependency, the state as a class', async () => {
    const html = await (await (await w.as('viewer')).get('/etl')).text();
    const svg = html.match(/<svg class="etl-dag"[\s\S]*?<\/svg>/)?.[0] ?? '';
    expect(svg).not.toBe('');
    expect(svg.match(/<a href="#asset-/g)).toHaveLength(3);
    expect(svg.match(/<path class="etl-edge"/g)).toHaveLength(3);
    expect(svg).toContain('<a href="#asset-raw_counts" class="etl-node etl-node-failed"');
    expect(svg).toContain('<a href="#asset-daily_summary" class="etl-node etl-node-none"');
    expect(html).toContain('<li id="asset-raw_counts">');
    // The tooltip: key, description (escaped), latest partition, counts by state.
    expect(svg).toContain('the &lt;b&gt;report&lt;/b&gt;');
    expect(svg).toMatch(/<title>raw_counts — rows of the day\nlatest: 2026-10-02 — last run failed\npartitions: last run failed: 1, materialized: 1<\/title>/);
    expect(html).toContain('class="etl-legend"');
    expect(html).not.toMatch(/<[^>]+ style=/);
  });

  it('speaks Russian', async () => {
    const html = await (await (await w.as('viewer')).get('/etl', { cookie: `${(await w.as('viewer')).cookie}; napo_lang=ru` })).text();
    expect(html).toContain('Ассеты');
    expect(html).toContain('Запуски');
    expect(html).toContain('Граф ассетов');
    expect(html).toContain('последний запуск упал');
  });

  it('shows a run with its steps and escaped logs', async () => {
    const html = await (await (await w.as('viewer')).get(`/etl/runs/${RUN}`)).text();
    expect(html).toContain('source gone');
    expect(html).toContain('reading &lt;source&gt;');
    expect((await (await w.as('viewer')).get('/etl/runs/22222222-2222-4222-8222-222222222222')).status).toBe(404);
  });

  it('admin materialize posts the right body; viewer gets 403', async () => {
    const admin = await w.as('admin');
    expect(await (await admin.get('/etl')).text()).toContain('/admin/etl/materialize');
    const res = await admin.post('/admin/etl/materialize', { asset: 'raw_counts', partition: '2026-10-02', force: '1' });
    expect(res.status).toBe(303);
    expect(posted.at(-1)).toEqual({ path: '/v1/materialize', body: { assets: ['raw_counts'], partition: '2026-10-02', force: true, actor: 'admin-user' } });
    await admin.post(`/admin/etl/runs/${RUN}/cancel`);
    expect(posted.at(-1)).toEqual({ path: `/v1/runs/${RUN}/cancel`, body: { actor: 'admin-user' } });
    const viewer = await w.as('viewer');
    expect((await viewer.post('/admin/etl/materialize', { asset: 'raw_counts' })).status).toBe(403);
  });

  it('API down or no token: a 502 page saying so', async () => {
    const down = await createUiWorld({ etl: { url: 'http://127.0.0.1:9', token: TOKEN } });
    const noToken = await createUiWorld({ etl: { url, token: null } });
    try {
      const res = await (await down.as('viewer')).get('/etl');
      expect(res.status).toBe(502);
      expect(await res.text()).toContain('The ETL API is not available');
      const res2 = await (await noToken.as('viewer')).get('/etl');
      expect(res2.status).toBe(502);
      expect(await res2.text()).toContain('ETL_API_TOKEN');
    } finally {
      await down.cleanup();
      await noToken.cleanup();
    }
  });
});
