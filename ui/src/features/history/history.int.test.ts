import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteIdent } from '@napominalka/core';
import { createUiWorld, type UiWorld } from '../../testing/ui-world';
import { createReadModelTables } from './read-model-fixture';

let w: UiWorld;

/** n parses of chat 42 one minute apart (newest last), row i's text "message i". */
async function insertParses(texts: string[], intentOf: (i: number) => string): Promise<void> {
  const base = Date.parse('2026-11-01T00:00:00Z');
  await w.t.pool.query(
    `insert into ${quoteIdent(w.t.schema)}.parses (event_id, chat_id, message_text, outcome, intent, confidence_intent, parser, model_version, lang, corrections, occurred_at)
     select * from unnest($1::uuid[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::text[], $8::text[], $9::text[], $10::jsonb[], $11::timestamptz[])`,
    [
      texts.map(() => randomUUID()),
      texts.map(() => 42),
      texts,
      texts.map(() => 'parsed'),
      texts.map((_, i) => intentOf(i)),
      texts.map(() => 0.9),
      texts.map(() => 'model'),
      texts.map(() => 'v1'),
      texts.map(() => 'en'),
      texts.map(() => '[]'),
      texts.map((_, i) => new Date(base + i * 60_000)),
    ],
  );
}

const ids = (html: string): string[] => [...html.matchAll(/data-event-id="([^"]+)"/g)].map((x) => x[1]!);
const nextLink = (html: string): string | null => /<a href="([^"]+)" rel="next"/.exec(html)?.[1]?.replace(/&amp;/g, '&') ?? null;

beforeAll(async () => {
  w = await createUiWorld();
  await createReadModelTables(w.t.pool, w.t.schema);
  const texts = Array.from({ length: 117 }, (_, i) => `message ${i}`);
  texts.push('buy milk tomorrow 100%_off', '<img src=x onerror=alert(1)>', 'call mom at noon');
  await insertParses(texts, (i) => (i % 3 === 0 ? 'create' : 'list'));
}, 60_000);
afterAll(async () => w?.cleanup());

describe('GET /history', () => {
  it('pages 120 rows as 50 + 50 + 20, newest first, no duplicates or gaps', async () => {
    const u = await w.as('viewer');
    const seen: string[] = [];
    let path: string | null = '/history';
    const sizes: number[] = [];
    while (path) {
      const res = await u.get(path);
      expect(res.status).toBe(200);
      const html = await res.text();
      sizes.push(ids(html).length);
      seen.push(...ids(html));
      path = nextLink(html);
    }
    expect(sizes).toEqual([50, 50, 20]);
    expect(new Set(seen).size).toBe(120);
    const all = await w.t.pool.query<{ event_id: string }>(`select event_id from ${quoteIdent(w.t.schema)}.parses order by occurred_at desc, event_id desc`);
    expect(seen).toEqual(all.rows.map((r) => r.event_id));
  });

  it('finds a message by a word, with % and _ taken literally', async () => {
    const u = await w.as('viewer');
    const html = await (await u.get('/history?q=milk')).text();
    expect(ids(html)).toHaveLength(1);
    expect(html).toContain('buy milk tomorrow');
    expect(ids(await (await u.get(`/history?q=${encodeURIComponent('0%_o')}`)).text())).toHaveLength(1);
    expect(ids(await (await u.get(`/history?q=${encodeURIComponent('%')}`)).text())).toHaveLength(1);
  });

  it('narrows by intent and keeps the filter in the next page link', async () => {
    const u = await w.as('viewer');
    const html = await (await u.get('/history?intent=create')).text();
    expect(ids(html)).toHaveLength(40);
    expect(nextLink(html)).toBeNull();
    const list = await (await u.get('/history?intent=list')).text();
    expect(nextLink(list)).toContain('intent=list');
    const second = await (await u.get(nextLink(list)!)).text();
    expect(ids(second)).toHaveLength(30);
  });

  it('escapes the message text and links to the timeline and the playground', async () => {
    const u = await w.as('viewer');
    const html = await (await u.get('/history?q=onerror')).text();
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('href="/events?chat=42"');
    expect(html).toContain('/playground?text=');
  });

  it('answers 400 for a bad cursor or a bad filter', async () => {
    const u = await w.as('viewer');
    expect((await u.get('/history?before=not-a-cursor')).status).toBe(400);
    expect((await u.get('/history?cmin=2')).status).toBe(400);
    expect((await u.get('/history?outcome=maybe')).status).toBe(400);
  });

  it('filters by feedback and quick cancellation of the reminder a parse made', async () => {
    const u = await w.as('viewer');
    const s = quoteIdent(w.t.schema);
    const pick = await w.t.pool.query<{ event_id: string; message_text: string }>(
      `select event_id, message_text from ${s}.parses where message_text like 'message 1_' order by message_text limit 2`,
    );
    const [quick, slow] = pick.rows;
    const reminder = (id: string, parse: string, minutes: number) =>
      w.t.pool.query(
        `insert into ${s}.reminders (id, chat_id, text, status, due, timezone, occurrence, source_event_id, created_at, updated_at)
         values ($1, 42, 'x', 'cancelled', now(), 'UTC', 0, $2, now(), now() + make_interval(mins => $3))`,
        [id, parse, minutes],
      );
    await reminder('r-quick', quick!.event_id, 2);
    await reminder('r-slow', slow!.event_id, 30);
    await w.t.store.append('chat-42', [{ type: 'FeedbackGiven', data: { chatId: 42, reminderId: 'r-slow', kind: 'wrong-time' } }]);
    expect(ids(await (await u.get('/history?cancelled=1')).text())).toEqual([quick!.event_id]);
    expect(ids(await (await u.get('/history?feedback=1')).text())).toEqual([slow!.event_id]);
    expect(ids(await (await u.get('/history?feedback=1&cancelled=1&outcome=clarification')).text())).toHaveLength(0);
  });
});
