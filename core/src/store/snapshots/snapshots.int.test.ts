import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatIdOfStream, type ChatState, chatStream, type EventEnvelope, evolveAll, initialState, stateFor, stateForTail } from '@napominalka/domain';
import { chatStateKind, CHAT_STATE_VERSION } from '../../reminders-runtime/chat-state-kind';
import { seededRandom } from '../../random/seeded-random';
import { createTestContext, type TestContext } from '../../testing/context';
import { historyEvents, randomChatHistory } from './random-chat-history';
import { readSnapshotTail } from './read-snapshot-tail';
import { readState } from './read-state';
import { saveSnapshot } from './save-snapshot';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t?.cleanup();
});

const ZONE = 'Europe/Moscow';
const kind = chatStateKind(ZONE, 7);

/** A random chat history appended to the store, one append per event (as the services write). */
async function appendHistory(seed: number, n: number): Promise<{ stream: string; events: EventEnvelope[] }> {
  const chatId = 10_000 + seed;
  const stream = chatStream(chatId);
  for (const e of historyEvents(randomChatHistory(seededRandom(seed), chatId, n))) await t.store.append(stream, [e]);
  return { stream, events: await t.store.readStream(stream) };
}

const full = (events: readonly EventEnvelope[], to: number): ChatState =>
  evolveAll(
    initialState({ chatId: 0, timezone: ZONE }),
    events.filter((e) => e.streamPosition <= to),
  );
/** The chat id is the stream's; the fold from scratch gets it from the first event's data. */
const withChat = (s: ChatState, stream: string): ChatState => ({ ...s, chatId: chatIdOfStream(stream)! });

describe('stream snapshots (property: snapshot + tail = the whole fold)', () => {
  it('readState equals folding the whole stream, at every position, whatever snapshots were saved', async () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const { stream, events } = await appendHistory(seed, 90);
      const rnd = seededRandom(1000 + seed);
      for (let k = 0; k < 25; k++) {
        const to = 1 + Math.floor(rnd() * events.length);
        const client = await t.pool.connect();
        try {
          await client.query('begin');
          const got = await readState(t.store, kind, stream, { to, client });
          await client.query('commit');
          expect(got.state, `seed ${seed}, to ${to}`).toEqual(withChat(full(events, to), stream));
          expect(got.position).toBe(to);
        } finally {
          client.release();
        }
      }
      // Snapshots were written along the way, and the last read started from one.
      const { snapshot } = await readSnapshotTail<ChatState>(t.store, kind, stream);
      expect(snapshot?.position).toBeGreaterThan(0);
    }
  });

  it("the decider's fold over a snapshot equals stateFor over the whole stream, for every target", async () => {
    for (const seed of [11, 12, 13, 14]) {
      const { stream, events } = await appendHistory(seed, 80);
      const initial = initialState({ chatId: chatIdOfStream(stream)!, timezone: ZONE });
      for (const target of events) {
        const expected = stateFor(events, target, initial);
        // A snapshot at a random position at or before the target.
        const at = Math.floor(seededRandom(seed * 100 + target.streamPosition)() * (target.streamPosition + 1));
        const client = await t.pool.connect();
        try {
          if (at > 0) await saveSnapshot(client, t.schema, { name: `${kind.name}/decider-${seed}`, version: kind.version }, stream, at, full(events, at));
          const { snapshot, events: tail } = await readSnapshotTail<ChatState>(
            t.store,
            { name: `${kind.name}/decider-${seed}`, version: kind.version },
            stream,
            { snapshotAtMost: target.streamPosition, withCauses: true },
          );
          const got = stateForTail(tail, target, snapshot ? snapshot.state : initial);
          expect(withChat(got.state, stream), `seed ${seed}, target ${target.streamPosition}, snapshot ${at}`).toEqual(withChat(expected, stream));
          expect(withChat(got.atTarget, stream)).toEqual(withChat(full(events, target.streamPosition), stream));
        } finally {
          client.release();
        }
      }
    }
  });

  it('ignores a snapshot of another state version and one past the position asked for', async () => {
    const { stream, events } = await appendHistory(21, 30);
    const bogus = { ...initialState({ chatId: 1, timezone: 'Asia/Tokyo' }), version: 999 };
    await saveSnapshot(t.pool, t.schema, { name: kind.name, version: CHAT_STATE_VERSION - 1 }, stream, 20, bogus);
    expect((await readState(t.store, kind, stream)).state).toEqual(withChat(full(events, 30), stream));
    await saveSnapshot(t.pool, t.schema, kind, stream, 25, full(events, 25));
    const early = await readSnapshotTail<ChatState>(t.store, kind, stream, { snapshotAtMost: 10 });
    expect(early.snapshot).toBeNull();
    expect(early.events[0]?.streamPosition).toBe(1);
    const late = await readSnapshotTail<ChatState>(t.store, kind, stream, { snapshotAtMost: 28 });
    expect(late.snapshot?.position).toBe(25);
    expect(late.events.map((e) => e.streamPosition)).toEqual([26, 27, 28, 29, 30]);
  });

  it('keeps the newest snapshot: an older position never replaces a newer one', async () => {
    const { stream, events } = await appendHistory(31, 20);
    await saveSnapshot(t.pool, t.schema, kind, stream, 15, full(events, 15));
    await saveSnapshot(t.pool, t.schema, kind, stream, 8, full(events, 8));
    expect((await readSnapshotTail<ChatState>(t.store, kind, stream)).snapshot?.position).toBe(15);
  });
});
