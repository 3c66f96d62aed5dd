import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { metrics } from './metrics';
import { createOpsApp, startOpsServer, type OpsServer } from './ops-server';

let dbOk = true;
let brokerOk = true;
let server: OpsServer;
let base: string;

beforeAll(async () => {
  server = await startOpsServer({
    host: '127.0.0.1',
    port: 0,
    service: 'ops-test',
    readiness: {
      postgres: () => dbOk,
      rabbitmq: async () => {
        await new Promise((r) => setTimeout(r, 5));
        if (!brokerOk) throw new Error('channel closed');
        return true;
      },
    },
  });
  base = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server?.close();
});

describe('ops server', () => {
  it('listens on a real ephemeral port', () => {
    expect(server.port).toBeGreaterThan(0);
  });

  it('GET /healthz → 200 with service and uptime', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'ok', service: 'ops-test' });
    expect(typeof body.uptimeS).toBe('number');
  });

  it('GET /readyz → 200 when every check passes, 503 naming the failing ones', async () => {
    let res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ready', checks: { postgres: 'ok', rabbitmq: 'ok' } });

    dbOk = false;
    res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'not_ready', failing: ['postgres'], checks: { postgres: 'failed', rabbitmq: 'ok' } });

    brokerOk = false;
    res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { failing: string[]; checks: Record<string, string> };
    expect(body.failing.sort()).toEqual(['postgres', 'rabbitmq']);
    expect(body.checks.rabbitmq).toBe('error');
    expect(JSON.stringify(body)).not.toContain('channel closed'); // no error details leak

    dbOk = true;
    brokerOk = true;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });

  it('GET /readyz → 503 when a check hangs past the 2 s limit', async () => {
    const hanging = await startOpsServer({
      host: '127.0.0.1',
      port: 0,
      service: 'ops-test',
      readiness: { fast: () => true, stuck: () => new Promise<boolean>(() => {}) },
    });
    try {
      const t0 = Date.now();
      const res = await fetch(`http://127.0.0.1:${hanging.port}/readyz`);
      const elapsed = Date.now() - t0;
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ failing: ['stuck'], checks: { fast: 'ok', stuck: 'timeout' } });
      expect(elapsed).toBeGreaterThanOrEqual(1900);
      expect(elapsed).toBeLessThan(5000);
    } finally {
      await hanging.close();
    }
  });

  it('GET /metrics → Prometheus text with the project metrics', async () => {
    metrics.appended.inc({ type: 'OpsServerTest' });
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toContain('# TYPE napominalka_events_appended_total counter');
    expect(text).toContain('napominalka_events_appended_total{type="OpsServerTest"} 1');
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('anything else → 404', async () => {
    for (const [method, path] of [
      ['GET', '/'],
      ['GET', '/admin'],
      ['GET', '/healthz/extra'],
      ['POST', '/healthz'],
      ['DELETE', '/metrics'],
    ] as const) {
      const res = await fetch(`${base}${path}`, { method });
      expect(res.status, `${method} ${path}`).toBe(404);
      await res.body?.cancel();
    }
  });

  it('rejects when the port is taken', async () => {
    await expect(startOpsServer({ host: '127.0.0.1', port: server.port, service: 'dup' })).rejects.toMatchObject({
      code: 'EADDRINUSE',
    });
  });

  it('close() stops listening', async () => {
    const s = await startOpsServer({ host: '127.0.0.1', port: 0, service: 'short' });
    expect((await fetch(`http://127.0.0.1:${s.port}/healthz`)).status).toBe(200);
    await s.close();
    await s.close(); // idempotent
    await expect(fetch(`http://127.0.0.1:${s.port}/healthz`)).rejects.toThrow();
  });
});

describe('createOpsApp', () => {
  it('serves a given registry without a network listener', async () => {
    const registry = new Registry();
    const app = createOpsApp({ service: 'unit', registry, readiness: {} });
    const res = await app.request('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(registry.contentType);
    expect((await app.request('/readyz')).status).toBe(200);
    expect((await app.request('/nope')).status).toBe(404);
  });
});
