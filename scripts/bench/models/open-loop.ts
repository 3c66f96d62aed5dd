import { sleep } from '../common/progress';

/**
 * Calls `fire(i, scheduledAt)` at `rate` per second from now until stopped; a late timer fires
 * the missed calls at once, so the arrival rate never adapts to the system under test. Each call
 * `fire` returns is awaited by `stop`.
 */
export function openLoop(rate: number, fire: (i: number, scheduledAt: number) => Promise<void>) {
  let stopped = false;
  const inflight = new Set<Promise<void>>();
  const t0 = performance.now();
  const running = (async () => {
    for (let i = 0; !stopped; i++) {
      const due = t0 + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      if (stopped) break;
      const p = fire(i, due).finally(() => inflight.delete(p));
      inflight.add(p);
    }
  })();
  return {
    get inflight() {
      return inflight.size;
    },
    /** No more calls; resolves when the last one made has settled. */
    async stop() {
      stopped = true;
      await running;
      await Promise.all(inflight);
    },
  };
}
