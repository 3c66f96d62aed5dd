import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUiWorld, type UiWorld } from '../../testing/ui-world';

const DOC = {
  openapi: '3.1.0',
  info: { title: 'Napominalka inference API', version: '1.0.0', description: 'Parses <b>reminders</b>.' },
  components: {
    schemas: { ParseRequest: { type: 'object', properties: { text: { type: 'string' } } } },
    securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } },
  },
  paths: {
    '/v1/parse': {
      post: {
        summary: 'Understand one reminder request',
        security: [{ apiKey: [] }],
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/ParseRequest' } } } },
        responses: {
          200: { description: 'The parse' },
          401: { description: 'Missing or wrong API key', content: { 'application/json': { schema: { type: 'object' } } } },
        },
      },
    },
  },
};

describe('api docs', () => {
  let w: UiWorld;
  let down: UiWorld;
  let server: ServerType;
  beforeAll(async () => {
    const app = new Hono().get('/openapi.json', (c) => c.json(DOC));
    server = await new Promise<ServerType>((ok) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => ok(s));
    });
    w = await createUiWorld({ inference: { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token: null } });
    down = await createUiWorld({ inference: { url: 'http://127.0.0.1:9', token: null } });
  });
  afterAll(async () => {
    await Promise.all([w?.cleanup(), down?.cleanup()]);
    server?.close();
  });

  it('renders each path, method, summary, security and responses, escaped', async () => {
    const res = await (await w.as('viewer')).get('/api-docs');
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const s of ['/v1/parse', 'POST', 'Understand one reminder request', 'apiKey', 'Missing or wrong API key', 'ParseRequest']) expect(html).toContain(s);
    expect(html).toContain('&lt;b&gt;reminders&lt;/b&gt;');
  });

  it('is a 502 with the reason when inference is down (in Russian too)', async () => {
    const res = await (await down.as('viewer')).get('/api-docs', { cookie: `${(await down.as('viewer')).cookie}; napo_lang=ru` });
    expect(res.status).toBe(502);
    expect(await res.text()).toContain('недоступен');
  });
});
