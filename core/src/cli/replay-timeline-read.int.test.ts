import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatStream } from '@napominalka/domain';
import { createTestContext, type TestContext } from '../testing/context';
import { readTimelineEvents } from './replay-timeline-read';

/** The shared reader of `pnpm replay timeline` and the ui's timeline, across its 500-row pages. */
let t: TestContext;
const N = 502;
const s = chatStream(11);

beforeAll(async () => {
  t = await createTestContext();
  const at = Date.parse('2026-11-23T00:00:00Z');
  const events = Array.from({ length: N }, (_, i) => ({
    type: 'MessageReceived' as const,
    data: { chatId: 11, updateId: i + 1, messageId: i + 1, text: `m${i}`, sentAt: new Date(at + i * 1000).toISOString() },
    occurredAt: new Date(at + i * 1000),
  }));
  await t.store.append(s, events);
  await t.store.append(chatStream(12), [
    {
      type: 'MessageReceived',
      data: { chatId: 12, updateId: 1, messageId: 1, text: 'other', sentAt: '2026-11-23T00:00:00Z' },
      occurredAt: new Date('2026-11-23T00:00:00Z'),
    },
  ]);
});
afterAll(async () => t?.cleanup());

const positions = (r: { events: { streamPosition: number }[] }) => r.events.map((e) => e.streamPosition);

describe('readTimelineEvents', () => {
  it('reads the first `limit` events in order over several pages, `more` only when some are left', async () => {
    const all = Array.from({ length: N }, (_, i) => i + 1);
    expect(await readTimelineEvents(t.store, s, { limit: 1000 }).then((r) => [positions(r), r.more])).toEqual([all, false]);
    expect(await readTimelineEvents(t.store, s, { limit: N }).then((r) => [positions(r), r.more])).toEqual([all, false]);
    expect(await readTimelineEvents(t.store, s, { limit: N - 1 }).then((r) => [positions(r), r.more])).toEqual([all.slice(0, -1), true]);
    expect(await readTimelineEvents(t.store, s, { limit: 500 }).then((r) => [positions(r), r.more])).toEqual([all.slice(0, 500), true]);
  });

  it('starts at `since` and decodes each event', async () => {
    const r = await readTimelineEvents(t.store, s, { limit: 10, since: new Date('2026-11-23T00:08:20Z') });
    expect(positions(r)).toEqual([501, 502]);
    expect(r.more).toBe(false);
    expect(r.events.map((e) => [e.error, (e.data as { text: string }).text])).toEqual([
      [null, 'm500'],
      [null, 'm501'],
    ]);
  });
});
