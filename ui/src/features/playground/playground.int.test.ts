import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUiWorld, type UiWorld } from '../../testing/ui-world';

const TOKEN = 'test-token';

/** What the emulator was last asked: the query string of POST /v1/parse. */
let lastQuery = '';

/** How inference explains "напомни зафтра в 9 позвонить маме" (one token unsure, one step of a kind this UI does not know). */
function explanation(text: string) {
  return {
    tokens: [
      { text: 'напомни', start: 0, end: 7, tag: 'TRIGGER', confidence: 0.99 },
      { text: 'зафтра', start: 8, end: 14, tag: 'TIME', confidence: 0.41, normalized: 'завтра' },
      { text, start: 15, end: 15 + text.length, tag: 'TEXT', confidence: 0.97 },
    ],
    steps: [
      { kind: 'correction', token: 1, from: 'зафтра', to: 'завтра' },
      { kind: 'tagger', source: 'model', intent: 'create', confidence: 0.97 },
      {
        kind: 'expression',
        meaning: 'dayWord',
        matcher: 'matchDayWord',
        start: 1,
        end: 2,
        text: 'зафтра',
        accepted: true,
        reason: 'model-tagged-time',
        timeShare: 1,
      },
      {
        kind: 'expression',
        meaning: 'clock',
        matcher: 'matchClock',
        start: 2,
        end: 4,
        text: 'в 9',
        accepted: false,
        reason: 'model-tagged-not-time',
        timeShare: 0,
      },
      { kind: 'resolved', due: '2026-03-16T09:00:00+03:00', rrule: 'FREQ=WEEKLY;BYDAY=MO' },
      { kind: 'text', text, reclaimed: [2] },
      { kind: 'llm-not-asked', why: 'confident', threshold: 0.6 },
      { kind: 'from-the-future', x: 1 },
    ],
  };
}

/**
 * A stand-in inference API: POST /v1/parse with the real answer's shape, behind the bearer token;
 * with `explains`, ?explain=1 adds the explanation (an older API ignores it).
 */
function emulator(explains = true) {
  const app = new Hono();
  app.use('*', async (c, next) => {
    if (c.req.path === '/openapi.json') return next();
    if (c.req.header('authorization') !== `Bearer ${TOKEN}`) return c.json({ error: 'missing or wrong API key' }, 401);
    await next();
  });
  app.post('/v1/parse', async (c) => {
    const b = (await c.req.json()) as { text: string; timezone: string };
    lastQuery = new URL(c.req.url).search;
    const i = b.text.indexOf('9');
    return c.json({
      intent: 'create',
      due: '2026-03-16T09:00:00+03:00',
      rrule: 'FREQ=WEEKLY;BYDAY=MO',
      text: b.text,
      timezone: null,
      slots: i >= 0 ? [{ tag: 'TIME', text: '9', start: i, end: i + 1 }] : [],
      confidence: { intent: 0.97, slots: 0.9 },
      lang: 'ru',
      corrections: [{ from: 'зафтра', to: 'завтра' }],
      modelVersion: 'm-2026-03-01',
      parser: 'model',
      latencyMs: 3.2,
      clarification: null,
      ...(explains && c.req.query('explain') === '1' ? { explain: explanation(b.text) } : {}),
    });
  });
  return app;
}

const listen = (app: Hono) =>
  new Promise<ServerType>((ok) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => ok(s));
  });
const urlOf = (s: ServerType) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;

describe('playground', () => {
  let w: UiWorld;
  let down: UiWorld;
  let badToken: UiWorld;
  let older: UiWorld;
  let server: ServerType;
  let olderServer: ServerType;
  beforeAll(async () => {
    [server, olderServer] = await Promise.all([listen(emulator()), listen(emulator(false))]);
    const url = urlOf(server);
    w = await createUiWorld({ inference: { url, token: TOKEN } });
    older = await createUiWorld({ inference: { url: urlOf(olderServer), token: TOKEN } });
    down = await createUiWorld({ inference: { url: 'http://127.0.0.1:9', token: TOKEN } });
    badToken = await createUiWorld({ inference: { url, token: 'wrong' } });
  });
  afterAll(async () => {
    await Promise.all([w?.cleanup(), down?.cleanup(), badToken?.cleanup(), older?.cleanup()]);
    server?.close();
    olderServer?.close();
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

  it('asks for the explanation and shows the tokens (low confidence marked) and the steps in order', async () => {
    const u = await w.as('viewer');
    const html = await (await u.get(`/playground?text=${encodeURIComponent('напомни зафтра в 9 позвонить маме')}&zone=Europe/Moscow`)).text();
    expect(lastQuery).toBe('?explain=1');
    const rows = html.match(/<tr class="token[^"]*">.*?<\/tr>/gs)!;
    expect(rows).toHaveLength(3);
    expect(rows[1]).toContain('low-confidence');
    expect(rows[1]).toContain('<code>зафтра</code>');
    expect(rows[1]).toContain('завтра');
    expect(rows[1]).toMatch(/<mark class="low-confidence">0\.410 \(low\)<\/mark>/);
    expect(rows[0]).not.toContain('low-confidence');
    const steps = [...html.match(/<ol class="steps">(.*?)<\/ol>/s)![1]!.matchAll(/<li class="step step-([\w-]+)">(.*?)<\/li>/gs)].map((x) => [x[1], x[2]]);
    expect(steps.map(([k]) => k)).toEqual(['correction', 'tagger', 'expression', 'expression', 'resolved', 'text', 'llm-not-asked', 'unknown']);
    expect(steps[0]![1]).toContain('Typo corrected');
    expect(steps[2]![1]).toMatch(/accepted — the model tagged 100%/);
    expect(steps[3]![1]).toMatch(/rejected — the model tagged only 0%/);
    expect(steps[4]![1]).toContain('2026-03-16T09:00:00+03:00');
    expect(steps[6]![1]).toContain('LLM not asked: the intent confidence is at least 0.6');
    expect(steps[7]![1]).toContain('from-the-future');
    expect(html).not.toContain('explanation (tokens, resolver steps) is unavailable');
  });

  it('explains in Russian', async () => {
    const u = await w.as('viewer');
    const html = await (await u.get(`/playground?text=${encodeURIComponent('напомни зафтра в 9')}&zone=Europe/Moscow`, { 'accept-language': 'ru' })).text();
    for (const s of ['Токены', 'Шаги резолвера', 'Исправлена опечатка', 'принято', 'отвергнуто', 'LLM не спрашивали', '(низкая)']) expect(html).toContain(s);
  });

  it('escapes user text in the tokens and steps', async () => {
    const u = await w.as('viewer');
    const html = await (await u.post('/playground', { text: '<script>alert(1)</script>', zone: 'UTC' })).text();
    expect(html).not.toContain('<script>alert(1)');
    expect(html.match(/<table class="tokens">.*?<\/table>/s)![0]).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html.match(/<ol class="steps">.*?<\/ol>/s)![0]).toContain('&lt;script&gt;');
  });

  it('still works with an inference API that gives no explanation, and says so', async () => {
    const r = await (await older.as('viewer')).get(`/playground?text=${encodeURIComponent('по понедельникам в 9')}&zone=Europe/Moscow`);
    expect(r.status).toBe(200);
    const html = await r.text();
    expect(html).toContain('2026-03-16T09:00:00+03:00');
    expect(html).toContain('The explanation (tokens, resolver steps) is unavailable');
    expect(html).not.toContain('<table class="tokens">');
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
