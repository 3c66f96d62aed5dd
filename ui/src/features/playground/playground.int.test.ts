import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUiWorld, type UiWorld } from '../../testing/ui-world';

const TOKEN = 'test-token';

/** A stand-in inference API: POST /v1/parse with the real answer's shape, behind the bearer token. */
function emulator() {
  const app = new Hono();
  app.use('*', async (c, next) => {
    if (c.req.path === '/openapi.json') return next();
    if (c.req.header('authorization') !== `Bearer ${TOKEN}`) return c.json({ error: 'missing or wrong API key' }, 401);
    await next();
  });
  app.post('/v1/parse', async (c) => {
    const b = (await c.req.json()) as { text: string; timezone: string };
    const i = b.text.indexOf('9');
    return c.json({
      intent: 'create', due: '2026-03-16T09:00:00+03:00', rrule: 'FREQ=WEEKLY;BYDAY=MO', text: b.text, timezone: null,
      slots: i >= 0 ? [{ tag: 'TIME', text: '9', start: i, end: i + 1 }] : [], confidence: { intent: 0.97, slots: 0.9 }, lang: 'ru',
      corrections: [{ from: 'зафтра', to: 'завтра' }], modelVersion: 'm-2026-03-01', parser: 'model', latencyMs: 3.2, clarification: null,
    });
  });
  return app;
}

describe('playground', () => {
  let w: UiWorld;
  let down: UiWorld;
  let badToken: UiWorld;
  let server: ServerType;
  beforeAll(async () => {
    server = await new Promise<ServerType>((ok) => { const s = serve({ fetch: emulator().fetch, port: 0, hostname: '127.0.0.1' }, () => ok(s)); });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    w = await createUiWorld({ inference: { url, token: TOKEN } });
    down = await createUiWorld({ inference: { url: 'http://127.0.0.1:9', token: TOKEN } });
    badToken = await createUiWorld({ inference: { url, token: 'wrong' } });
  });
  afterAll(async () => {
    await Promise.all([w?.cleanup(), down?.cleanup(), badToken?.cleanup()]);
    server?.close();
  });

  it('shows the due in zone and UTC and 5 weekly occurrences', async () => {
    const u = await w.as('viewer');
    const res = await u.get(`/playground?text=${encodeURIComponent('по понедельникам в 9')}&zone=Europe/Moscow`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('2026-03-16T09:00:00+03:00');
    expect(html).toContain('2026-03-16T06:00:00.000Z');
    const occ = html.match(/<ol class="occurrences">(.*?)<\/ol>/s)![1]!;
    expect(occ.match(/<li>/g)).toHaveLength(5);
    expect(occ).toContain('2026-03-23T09:00:00.000+03:00');
    expect(html).toContain('зафтра → завтра');
  });

  it('escapes the text', async () => {
    const u = await w.as('viewer');
    const html = await (await u.post('/playground', { text: '<img src=x onerror=alert(1)>', zone: 'UTC' })).text();
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('says 502 when inference is down, and shows the auth error for a wrong token', async () => {
    const r1 = await (await down.as('viewer')).get('/playground?text=hi');
    expect(r1.status).toBe(502);
    expect(await r1.text()).toContain('unreachable');
    const r2 = await (await badToken.as('viewer')).get('/playground?text=hi');
    expect(await r2.text()).toContain('missing or wrong API key');
  });

  it('refuses a text over 4096 bytes before calling', async () => {
    const r = await (await down.as('viewer')).get(`/playground?text=${'я'.repeat(2049)}`);
    expect(r.status).toBe(422);
  });
});
