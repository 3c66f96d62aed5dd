import type { TestContext } from '../../../core/src/testing/context';
import { seededRandom } from '../../../core/src/random/seeded-random';
import { newEventId } from '@napominalka/domain';
import { OutcomeTracker, type Tracked } from '../common/outcomes';
import { sleep } from '../common/progress';
import { openLoop } from './open-loop';
import { SENT_AT, TEXTS, zoneOf } from './texts';

/** The open-loop load on the worker: MessageReceived appended, outcomes read back from the store as they commit. */
export interface MessageRecord extends Tracked {
  id: string;
  chatId: number;
  scheduledAt: number;
  appendStart: number;
  appendEnd: number;
  appendError: string | null;
}

/** Every chat has chosen its zone (the worker reads it from the stream). */
export async function setZones(t: TestContext, chats: number): Promise<void> {
  const ids = Array.from({ length: chats }, (_, i) => 1_000_000 + i);
  for (let i = 0; i < ids.length; i += 10) {
    await Promise.all(
      ids.slice(i, i + 10).map((c) => t.store.append(`chat-${c}`, [{ type: 'ChatSettingsChanged', data: { chatId: c, timezone: zoneOf(c) } }])),
    );
  }
}

export async function workerLoad(o: { t: TestContext; rate: number; chats: number; seed: number }) {
  const r = seededRandom(o.seed);
  // A 100 ms poll and a wide window: a promotion's first answers are timed closely.
  const tracker = new OutcomeTracker<MessageRecord>(o.t.schema, { pollMs: 100, window: 1000, name: 'bench-models-tracker' });
  await tracker.start();
  let update = 1;
  const one = async (scheduledAt: number) => {
    const chatId = 1_000_000 + Math.floor(r() * o.chats);
    const text = TEXTS[Math.floor(r() * TEXTS.length)]!;
    const id = newEventId();
    const u = update++;
    const m: MessageRecord = { id, chatId, scheduledAt, appendStart: performance.now(), appendEnd: 0, appendError: null, outcomes: 0 };
    tracker.byId.set(id, m);
    try {
      await o.t.store.append(`chat-${chatId}`, [{ id, type: 'MessageReceived', data: { chatId, updateId: u, messageId: u, text, sentAt: SENT_AT } }], {
        idempotencyKey: `tg:${u}`,
      });
    } catch (err) {
      m.appendError = (err as Error).message;
    }
    m.appendEnd = performance.now();
  };
  const loop = openLoop(o.rate, (_i, at) => one(at));
  const records = () => [...tracker.byId.values()];
  return {
    records,
    get unknownOutcomes() {
      return tracker.unknown;
    },
    /** Stops appending, waits up to `drainMs` for the last outcomes, stops the tracker. */
    async stop(drainMs: number) {
      await loop.stop();
      const deadline = performance.now() + drainMs;
      while (performance.now() < deadline && records().some((m) => m.outcomes === 0 && !m.appendError)) await sleep(50);
      await tracker.stop();
      return records();
    },
  };
}
