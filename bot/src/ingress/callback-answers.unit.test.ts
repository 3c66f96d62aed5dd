import { describe, expect, it } from 'vitest';
import { createLogger } from '@napominalka/core';
import { CallbackAnswerer } from './callback-answers';

const log = createLogger({ service: 'test', level: 'silent' });

/** A stand-in for answerCallbackQuery whose calls finish when the test says so. */
function slowApi() {
  const pending: Array<{ id: string; finish: (ok: boolean) => void }> = [];
  let inFlight = 0;
  let maxSeen = 0;
  return {
    pending,
    get maxSeen() {
      return maxSeen;
    },
    api: {
      answerCallbackQuery: (p: { callback_query_id: string }) =>
        new Promise<true>((resolve, reject) => {
          maxSeen = Math.max(maxSeen, ++inFlight);
          pending.push({ id: p.callback_query_id, finish: (ok) => (inFlight--, ok ? resolve(true) : reject(new Error('query is too old'))) });
        }),
    },
  };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('answering button presses', () => {
  it('never waits, keeps a bounded number of calls in flight, and answers them all', async () => {
    const s = slowApi();
    const a = new CallbackAnswerer({ api: s.api as never, log, maxInFlight: 3 });
    for (let i = 0; i < 10; i++) a.answer(`q${i}`);
    expect(s.pending).toHaveLength(3);
    while (a.stats.answered < 10) {
      s.pending.shift()?.finish(true);
      await tick();
    }
    expect(s.maxSeen).toBe(3);
    await a.drain(100);
  });

  it('a failed answer is counted and forgotten; the rest go on', async () => {
    const s = slowApi();
    const a = new CallbackAnswerer({ api: s.api as never, log });
    a.answer('q1');
    a.answer('q2');
    s.pending[0]!.finish(false);
    s.pending[1]!.finish(true);
    await a.drain(1000);
    expect(a.stats).toEqual({ answered: 1, failed: 1, dropped: 0 });
  });

  it('does not try presses older than Telegram keeps them, nor queue without bound', async () => {
    let now = 0;
    const s = slowApi();
    const a = new CallbackAnswerer({ api: s.api as never, log, maxInFlight: 1, maxQueued: 2, maxAgeMs: 15_000, now: () => now });
    a.answer('q1'); // in flight
    a.answer('q2');
    a.answer('q3');
    a.answer('q4'); // queue full: dropped
    expect(a.stats.dropped).toBe(1);
    now = 20_000; // q2 and q3 waited too long
    s.pending[0]!.finish(true);
    await a.drain(1000);
    expect(a.stats).toEqual({ answered: 1, failed: 0, dropped: 3 });
    expect(s.pending.map((p) => p.id)).toEqual(['q1']);
  });
});
