import { describe, expect, it } from 'vitest';
import { floodDecision, FloodGuard, type FloodEntry } from './flood';

const run = (limit: number, arrivals: Array<[updateId: number, at: number]>) => {
  let window: FloodEntry[] = [];
  return arrivals.map(([id, at]) => {
    const d = floodDecision(window, id, at, limit);
    window = d.window;
    return d.throttled;
  });
};

describe('per-chat flood window', () => {
  it('25 messages in a minute with a limit of 20: the last 5 are throttled', () => {
    const decisions = run(
      20,
      Array.from({ length: 25 }, (_, i) => [i + 1, i * 2000] as [number, number]),
    );
    expect(decisions.filter(Boolean)).toHaveLength(5);
    expect(decisions.slice(20)).toEqual([true, true, true, true, true]);
    expect(decisions.slice(0, 20).every((t) => !t)).toBe(true);
  });

  it('slides: a message is let through again once older ones leave the last 60 s', () => {
    // 3 per minute: 0, 10 s, 20 s pass; 30 s is the 4th (throttled, and it counts: it came in);
    // at 60.001 s three are still inside the minute; at 80.001 s only two.
    expect(
      run(3, [
        [1, 0],
        [2, 10_000],
        [3, 20_000],
        [4, 30_000],
        [5, 60_001],
        [6, 80_001],
        [7, 80_002],
      ]),
    ).toEqual([false, false, false, true, true, false, true]);
  });

  it('forgets a whole flood 60 s later', () => {
    const flood = Array.from({ length: 30 }, (_, i) => [i + 1, 1000] as [number, number]);
    expect(run(20, [...flood, [31, 61_001]]).at(-1)).toBe(false);
  });

  it('a redelivered update is not counted twice and keeps its first decision', () => {
    let window: FloodEntry[] = [];
    for (let id = 1; id <= 2; id++) window = floodDecision(window, id, id, 3).window;
    const third = floodDecision(window, 3, 3, 3);
    // The same update again (its append failed, say): still the third, still allowed.
    const again = floodDecision(third.window, 3, 4, 3);
    expect([third.throttled, again.throttled]).toEqual([false, false]);
    expect(again.window).toHaveLength(3);
    const fourth = floodDecision(again.window, 4, 5, 3);
    expect(fourth.throttled).toBe(true);
    expect(floodDecision(fourth.window, 4, 6, 3).throttled).toBe(true);
  });

  it('an update older than the window remembers is not counted', () => {
    let window: FloodEntry[] = [];
    for (let id = 10; id < 15; id++) window = floodDecision(window, id, id, 3).window;
    const old = floodDecision(window, 5, 20, 3);
    expect(old.window).toEqual(window);
  });

  it('keeps at most `limit` entries per chat however fast it writes', () => {
    let window: FloodEntry[] = [];
    for (let id = 1; id <= 10_000; id++) window = floodDecision(window, id, id, 20).window;
    expect(window).toHaveLength(20);
    expect(floodDecision(window, 10_001, 10_001, 20).throttled).toBe(true);
  });
});

describe('FloodGuard', () => {
  it('counts each chat on its own, with the injected clock', () => {
    let now = 0;
    const g = new FloodGuard({ limit: 2, now: () => now });
    expect([g.check(1, 1), g.check(1, 2), g.check(1, 3), g.check(2, 4)]).toEqual([false, false, true, false]);
    now = 60_001;
    expect(g.check(1, 5)).toBe(false);
  });

  it('forgets chats idle for a minute, and the least recently active past maxChats', () => {
    let now = 0;
    const g = new FloodGuard({ limit: 5, maxChats: 100, now: () => now });
    for (let chat = 1; chat <= 50; chat++) g.check(chat, chat);
    expect(g.size).toBe(50);
    now = 60_000;
    g.check(1000, 1000);
    expect(g.size).toBe(1);
    for (let chat = 1; chat <= 500; chat++) g.check(chat, 2000 + chat);
    expect(g.size).toBe(100);
    // The most recent ones are the ones kept.
    now = 60_001;
    for (let i = 0; i < 5; i++) g.check(500, 3000 + i);
    expect(g.check(500, 3010)).toBe(true);
  });
});
