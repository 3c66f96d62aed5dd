import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { requestJson } from './http-json';

/** A real local server whose routes answer the ways an API can fail. */
function handler(req: IncomingMessage, res: ServerResponse): void {
  const send = (status: number, body: string, type = 'application/json'): void => void res.writeHead(status, { 'content-type': type }).end(body);
  if (req.url === '/slow') return; // never answers
  if (req.url === '/text') return send(200, '<html>not json</html>', 'text/html');
  if (req.url === '/text-500') return send(500, 'oops', 'text/plain');
  if (req.url === '/inference-422') return send(422, JSON.stringify({ error: 'invalid request', details: ['timezone: required'] }));
  if (req.url === '/etl-404') return send(404, JSON.stringify({ error: 'not-found', message: 'no run x' }));
  if (req.url === '/wrong-shape') return send(200, JSON.stringify({ n: 'one' }));
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () =>
    send(201, JSON.stringify({ n: 1, method: req.method, auth: req.headers.authorization ?? null, type: req.headers['content-type'] ?? null, body })),
  );
}

let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const link = () => ({ url, token: 'tok' });

describe('requestJson', () => {
  it('sends the bearer token and the body as JSON, and reads a 2xx through the schema', async () => {
    const r = await requestJson(link(), '/echo', {
      body: { a: '<1>' },
      timeoutMs: 2000,
      schema: z.object({ n: z.number(), method: z.string(), auth: z.string().nullable(), type: z.string().nullable(), body: z.string() }),
    });
    expect(r).toEqual({ ok: true, status: 201, body: { n: 1, method: 'POST', auth: 'Bearer tok', type: 'application/json', body: '{"a":"<1>"}' } });
    const g = await requestJson({ url, token: null }, '/echo', { timeoutMs: 2000 });
    expect(g).toMatchObject({ ok: true, body: { method: 'GET', auth: null, type: null } });
  });

  it('says timeout when the server does not answer in time', async () => {
    expect(await requestJson(link(), '/slow', { timeoutMs: 150 })).toEqual({ ok: false, reason: 'timeout', message: 'no answer within 150 ms' });
  });

  it('says unreachable with the socket code for a refused port', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    expect(await requestJson({ url: `http://127.0.0.1:${port}`, token: null }, '/x', { timeoutMs: 2000 })).toEqual({
      ok: false,
      reason: 'unreachable',
      message: 'ECONNREFUSED',
    });
  });

  it('says bad-body for a 2xx that is not JSON or not the expected shape', async () => {
    expect(await requestJson(link(), '/text', { timeoutMs: 2000 })).toEqual({ ok: false, reason: 'bad-body', status: 200, message: 'the answer is not JSON' });
    const r = await requestJson(link(), '/wrong-shape', { timeoutMs: 2000, schema: z.object({ n: z.number() }) });
    expect(r).toMatchObject({ ok: false, reason: 'bad-body', status: 200 });
    expect(r.ok ? '' : r.message).toContain('unexpected answer from /wrong-shape: n:');
  });

  it("says http-error with the API's own message: inference's error and details, the ETL's message, else the status", async () => {
    expect(await requestJson(link(), '/inference-422', { timeoutMs: 2000 })).toEqual({
      ok: false,
      reason: 'http-error',
      status: 422,
      message: 'invalid request; timezone: required',
    });
    expect(await requestJson(link(), '/etl-404', { timeoutMs: 2000 })).toEqual({ ok: false, reason: 'http-error', status: 404, message: 'no run x' });
    expect(await requestJson(link(), '/text-500', { timeoutMs: 2000 })).toEqual({ ok: false, reason: 'http-error', status: 500, message: 'HTTP 500' });
  });
});
