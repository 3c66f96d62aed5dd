import { describe, expect, it } from 'vitest';
import { createApp } from './app';
import type { ParseResult, ReminderParser } from '../parse/result';

/** A stand-in parser that echoes what it got: this file tests the HTTP layer, not parsing. */
const seen: Array<{ text: string; now: string; timezone: string }> = [];
const echo: ReminderParser = {
  version: 'echo-1',
  async parse(req) {
    seen.push(req);
    const r: ParseResult = {
      intent: 'other', due: null, rrule: null, text: req.text, timezone: null, slots: [], confidence: { intent: 1, slots: 1 },
      lang: 'ru', corrections: [], modelVersion: 'echo-1', parser: 'rules', latencyMs: 0, clarification: null,
    };
    return r;
  },
};
const app = createApp({ parser: () => echo, apiKeys: ['k1', 'k2'] });
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test reads arbitrary JSON
const json = async (r: Response): Promise<any> => r.json();
const post = (body: string, headers: Record<string, string> = { authorization: 'Bearer k1' }) =>
  app.request('/v1/parse', { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

describe('POST /v1/parse', () => {
  it('answers an authenticated request (Bearer or X-API-Key)', async () => {
    const res = await post(JSON.stringify({ text: 'привет', timezone: 'Europe/Moscow', now: '2026-03-12T10:15:00+03:00' }));
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ intent: 'other', text: 'привет', modelVersion: 'echo-1' });
    expect((await post(JSON.stringify({ text: 'x', timezone: 'UTC' }), { 'x-api-key': 'k2' })).status).toBe(200);
    expect(Date.parse(seen.at(-1)!.now)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('refuses a missing or wrong key with 401', async () => {
    expect((await post(JSON.stringify({ text: 'x', timezone: 'UTC' }), {})).status).toBe(401);
    expect((await post(JSON.stringify({ text: 'x', timezone: 'UTC' }), { authorization: 'Bearer k3' })).status).toBe(401);
    expect((await post(JSON.stringify({ text: 'x', timezone: 'UTC' }), { authorization: 'Bearer k' })).status).toBe(401);
  });

  it('gives clear 4xx errors for bad bodies', async () => {
    const malformed = await post('{"text": "x",');
    expect(malformed.status).toBe(400);
    expect(await json(malformed)).toEqual({ error: 'malformed JSON body' });
    const zone = await post(JSON.stringify({ text: 'x', timezone: 'Mars/Olympus' }));
    expect(zone.status).toBe(422);
    expect((await json(zone)).error).toMatch(/unknown time zone "Mars\/Olympus"/);
    const missing = await post(JSON.stringify({ timezone: 'UTC' }));
    expect(missing.status).toBe(422);
    expect((await json(missing)).details.join()).toMatch(/text/);
    expect((await post(JSON.stringify({ text: 'x', timezone: 'UTC', now: 'tomorrow' }))).status).toBe(422);
    expect((await post(JSON.stringify({ text: 'я'.repeat(2048), timezone: 'UTC' }))).status).toBe(200); // 4096 bytes
    const big = await post(JSON.stringify({ text: 'я'.repeat(2049), timezone: 'UTC' }));
    expect(big.status).toBe(413);
    expect((await json(big)).error).toMatch(/4096 bytes/);
  });
});

describe('API documentation', () => {
  it('serves the OpenAPI document and an offline docs page without a key', async () => {
    const spec = await json(await app.request('/openapi.json'));
    expect(spec.openapi).toBe('3.1.0');
    expect(spec.paths['/v1/parse'].post.responses).toHaveProperty('413');
    expect(spec.components.schemas).toHaveProperty('ParseResult');
    const docs = await app.request('/docs');
    expect(docs.status).toBe(200);
    const html = await docs.text();
    expect(html).toContain('/openapi.json');
    expect(html).not.toMatch(/https?:\/\/(?!127)/); // nothing loaded from the internet
  });

  it('answers 404 elsewhere', async () => {
    expect((await app.request('/nope')).status).toBe(404);
  });
});
