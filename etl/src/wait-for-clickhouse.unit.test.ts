import { describe, expect, it } from 'vitest';
import { retryDelay, waitForClickHouse, type PingResult } from './wait-for-clickhouse';

const down: PingResult = { success: false, error: new Error('connect ECONNREFUSED 127.0.0.1:8123') };
const up: PingResult = { success: true };

/** A clock that moves only when the code under test sleeps. */
function fakeTime() {
  let t = 0;
  const slept: number[] = [];
  return {
    now: () => t,
    sleep: (ms: number) => {
      slept.push(ms);
      t += ms;
      return Promise.resolve();
    },
    slept,
  };
}
const quiet = { warn: () => undefined, info: () => undefined };

describe('retryDelay', () => {
  it('doubles from the base up to the cap, and never waits past the deadline', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((a) => retryDelay(a, 250, 5_000, 60_000))).toEqual([250, 500, 1_000, 2_000, 4_000, 5_000, 5_000]);
    expect(retryDelay(3, 250, 5_000, 700)).toBe(700);
    expect(retryDelay(50, 250, 5_000, 60_000)).toBe(5_000);
  });
});

describe('waitForClickHouse', () => {
  it('returns at once when ClickHouse answers', async () => {
    const time = fakeTime();
    await waitForClickHouse(() => Promise.resolve(up), 'at http://127.0.0.1:8123', { timeoutMs: 0, log: quiet, ...time });
    expect(time.slept).toEqual([]);
  });

  it('retries with growing pauses until it answers', async () => {
    const time = fakeTime();
    const answers = [down, down, down, up];
    let calls = 0;
    await waitForClickHouse(() => Promise.resolve(answers[calls++]!), 'gw', { timeoutMs: 60_000, log: quiet, ...time });
    expect(calls).toBe(4);
    expect(time.slept).toEqual([250, 500, 1_000]);
  });

  it('gives up at the deadline with the last error', async () => {
    const time = fakeTime();
    const wait = waitForClickHouse(() => Promise.resolve(down), 'at http://127.0.0.1:8123', { timeoutMs: 10_000, log: quiet, ...time });
    await expect(wait).rejects.toThrow(/ClickHouse \(at http:\/\/127\.0\.0\.1:8123\) did not answer within 10 s: connect ECONNREFUSED/);
    expect(time.slept.reduce((a, b) => a + b, 0)).toBe(10_000);
  });

  it('tries once without a timeout (the CLI)', async () => {
    const time = fakeTime();
    let calls = 0;
    const wait = waitForClickHouse(() => (calls++, Promise.resolve(down)), 'embedded', { timeoutMs: 0, log: quiet, ...time });
    await expect(wait).rejects.toThrow(/did not answer within 0 s/);
    expect(calls).toBe(1);
    expect(time.slept).toEqual([]);
  });
});
