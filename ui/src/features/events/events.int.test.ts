import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageReceived } from '@napominalka/core/testing';
import { createUiWorld, type UiWorld } from '../../testing/ui-world';

let w: UiWorld;
const ids = (html: string): string[] => [...html.matchAll(/data-event-id="([^"]+)"/g)].map((x) => x[1]!);
const nextLink = (html: string): string | null => /<a href="([^"]+)" rel="next"/.exec(html)?.[1]?.replace(/&amp;/g, '&') ?? null;

beforeAll(async () => {
  w = await createUiWorld();
  await w.t.store.append('chat-7', [
    { type: 'ChatSettingsChanged', data: { chatId: 7, timezone: 'Asia/Tokyo' }, occurredAt: new Date('2026-11-23T00:59:00Z') },
    { ...messageReceived(7, 'remind me <img src=x onerror=alert(1)>'), occurredAt: new Date('2026-11-23T01:00:00Z') },
  ]);
  // 60 messages in another chat for the search's pages.
  for (let i = 0; i < 60; i++)
    await w.t.store.append('chat-8', [{ ...messageReceived(8, `hello ${i}`, 100 + i), occurredAt: new Date(Date.UTC(2026, 10, 24, 0, i)) }]);
}, 60_000);
afterAll(async () => w?.cleanup());

describe('GET /events', () => {
  it("shows a chat's timeline with its events, the text escaped, each with its JSON", async () => {
    const u = await w.as('viewer');
    const res = await u.get('/events?chat=7');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(ids(html)).toHaveLength(2);
    expect(html).toContain('Asia/Tokyo');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('<details>');
  });

  it('says so for an unknown chat', async () => {
    const u = await w.as('viewer');
    const res = await u.get('/events?chat=999');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('No events for chat 999');
  });

  it('searches by type and stream prefix, newest first, in pages without duplicates or gaps', async () => {
    const u = await w.as('viewer');
    const first = await (await u.get('/events?type=MessageReceived&stream=chat-8')).text();
    expect(ids(first)).toHaveLength(50);
    const next = nextLink(first);
    expect(next).toContain('stream=chat-8');
    const second = await (await u.get(next!)).text();
    expect(ids(second)).toHaveLength(10);
    expect(new Set([...ids(first), ...ids(second)]).size).toBe(60);
    expect(first.indexOf('hello 59')).toBeLessThan(first.indexOf('hello 58'));
    expect(ids(await (await u.get('/events?stream=chat-7&type=ChatSettingsChanged')).text())).toHaveLength(1);
  });

  it('answers 400 for a bad cursor, chat or time', async () => {
    const u = await w.as('viewer');
    expect((await u.get('/events?before=%%%')).status).toBe(400);
    expect((await u.get('/events?chat=abc')).status).toBe(400);
    expect((await u.get('/events?from=yesterday')).status).toBe(400);
  });
});
