import { describe, expect, it } from 'vitest';
import { SendPacer, type Dropped, type SendFailure, type SendPacerOptions } from './send-pacer';
import { seededRandom } from '@napominalka/core/testing';

interface Msg {
  chatId: number;
  n: number;
}

interface Sent {
  at: number;
  msg: Msg;
  attempt: number;
}

interface SimResult {
  sends: Sent[];
  acked: Array<{ at: number; msg: Msg }>;
  dropped: Array<Dropped<Msg> & { at: number }>;
  end: number;
}

/**
 * Drives a pacer on a simulated clock: sends take `latency(msg)` ms, then `outcome` says how
 * they ended (undefined: ok). `arrivals` are enqueued at their times.
 */
function simulate(
  pacer: SendPacer<Msg>,
  opts: {
    arrivals: Array<{ at: number; msg: Msg }>;
    outcome?: (s: Sent) => SendFailure | undefined;
    latency?: (s: Sent) => number;
    untilMs?: number;
  },
): SimResult {
  const arrivals = [...opts.arrivals].sort((a, b) => a.at - b.at);
  const inFlight: Array<{ doneAt: number; s: Sent }> = [];
  const res: SimResult = { sends: [], acked: [], dropped: [], end: 0 };
  let t = 0;
  let ai = 0;
  const until = opts.untilMs ?? 10_000_000;
  for (let guard = 0; guard < 5_000_000; guard++) {
    while (ai < arrivals.length && arrivals[ai]!.at <= t) pacer.enqueue(arrivals[ai++]!.msg, t);
    inFlight.sort((a, b) => a.doneAt - b.doneAt);
    while (inFlight.length && inFlight[0]!.doneAt <= t) {
      const { s } = inFlight.shift()!;
      const failure = opts.outcome?.(s);
      if (!failure) {
        pacer.ack(s.msg, t);
        res.acked.push({ at: t, msg: s.msg });
      } else {
        for (const d of pacer.fail(s.msg, failure, t).dropped) res.dropped.push({ ...d, at: t });
      }
    }
    const r = pacer.next(t);
    if (r.type === 'send') {
      const s = { at: t, msg: r.item, attempt: r.attempt };
      res.sends.push(s);
      inFlight.push({ doneAt: t + (opts.latency?.(s) ?? 0), s });
      continue;
    }
    const candidates = [
      r.type === 'wait' ? t + r.ms : Infinity,
      inFlight.length ? Math.min(...inFlight.map((f) => f.doneAt)) : Infinity,
      ai < arrivals.length ? arrivals[ai]!.at : Infinity,
    ];
    const nextT = Math.min(...candidates);
    if (nextT === Infinity || nextT > until) break;
    if (nextT > t) t = nextT;
  }
  res.end = t;
  return res;
}

/** Largest number of sends in any window [x, x + windowMs). */
function maxInWindow(times: number[], windowMs: number): number {
  const ts = [...times].sort((a, b) => a - b);
  let best = 0;
  let j = 0;
  for (let i = 0; i < ts.length; i++) {
    while (ts[i]! - ts[j]! >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

/** Smallest gap between two sends to the same chat. */
function minChatGap(sends: Sent[]): number {
  const last = new Map<number, number>();
  let min = Infinity;
  for (const s of [...sends].sort((a, b) => a.at - b.at)) {
    const prev = last.get(s.msg.chatId);
    if (prev !== undefined) min = Math.min(min, s.at - prev);
    last.set(s.msg.chatId, s.at);
  }
  return min;
}

const at0 = (msgs: Msg[]) => msgs.map((msg) => ({ at: 0, msg }));
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('SendPacer: rates', () => {
  it('3,000 messages across 3,000 chats drain in ≈100 s at 30/s (plus a round trip per 30), no window above 30, no chat above 1/s', () => {
    const pacer = new SendPacer<Msg>({ random: seededRandom(1) });
    const res = simulate(pacer, { arrivals: at0(range(3000).map((i) => ({ chatId: i, n: 0 }))), latency: () => 20 });
    expect(res.acked).toHaveLength(3000);
    const last = Math.max(...res.acked.map((a) => a.at));
    expect(last).toBeGreaterThanOrEqual(95_000);
    expect(last).toBeLessThanOrEqual(102_100);
    expect(
      maxInWindow(
        res.sends.map((s) => s.at),
        1000,
      ),
    ).toBe(30);
    expect(minChatGap(res.sends)).toBeGreaterThanOrEqual(1000);
    expect(pacer.stats()).toMatchObject({ queued: 0, inFlight: 0 });
  });

  it('however the round trip jitters, Telegram never counts 31 in a second nor two of a chat within one', () => {
    // Telegram counts a request somewhere between its dispatch and its answer.
    const rnd = seededRandom(7);
    const pacer = new SendPacer<Msg>({ random: seededRandom(2) });
    const arrivalsAtTelegram: Array<{ chatId: number; at: number }> = [];
    const latencies = new Map<Sent, number>();
    const res = simulate(pacer, {
      arrivals: at0([...range(600).map((i) => ({ chatId: i % 200, n: Math.floor(i / 200) }))]),
      latency: (sent) => {
        const l = 5 + Math.floor(rnd() * 400);
        latencies.set(sent, l);
        return l;
      },
    });
    expect(res.acked).toHaveLength(600);
    for (const sent of res.sends) arrivalsAtTelegram.push({ chatId: sent.msg.chatId as number, at: sent.at + Math.round(rnd() * latencies.get(sent)!) });
    expect(
      maxInWindow(
        arrivalsAtTelegram.map((a) => a.at),
        1000,
      ),
    ).toBeLessThanOrEqual(30);
    expect(minChatGap(arrivalsAtTelegram.map((a) => ({ at: a.at, msg: { chatId: a.chatId, n: 0 }, attempt: 1 })))).toBeGreaterThanOrEqual(1000);
  });

  it('100 messages to one chat go out 1/s, in order', () => {
    const pacer = new SendPacer<Msg>();
    const res = simulate(pacer, { arrivals: at0(range(100).map((n) => ({ chatId: 7, n }))) });
    expect(res.sends.map((s) => s.at)).toEqual(range(100).map((i) => i * 1000));
    expect(res.acked.map((a) => a.msg.n)).toEqual(range(100));
  });

  it('a slow send holds the chat (one in flight), and the next goes an interval after its answer', () => {
    const pacer = new SendPacer<Msg>();
    const res = simulate(pacer, { arrivals: at0(range(3).map((n) => ({ chatId: 1, n }))), latency: () => 2500 });
    // Telegram may have counted the first only as it answered (2500): the next is 1 s after that.
    expect(res.sends.map((s) => s.at)).toEqual([0, 3500, 7000]);
  });

  it.each<[string, SendPacerOptions, number, number]>([
    ['20 per second', { globalLimit: 20 }, 400, 20],
    ['a group interval of 3 s', { chatIntervalMs: (c) => (Number(c) < 0 ? 3000 : 1000) }, 0, 30],
  ])('configurable: %s', (_w, options, chats, perWindow) => {
    const pacer = new SendPacer<Msg>(options);
    const arrivals = chats ? at0(range(chats).map((i) => ({ chatId: i, n: 0 }))) : at0(range(10).map((n) => ({ chatId: -100, n })));
    const res = simulate(pacer, { arrivals });
    if (chats) {
      expect(
        maxInWindow(
          res.sends.map((s) => s.at),
          1000,
        ),
      ).toBe(perWindow);
      expect(Math.max(...res.sends.map((s) => s.at))).toBe((chats / perWindow - 1) * 1000);
    } else expect(res.sends.map((s) => s.at)).toEqual(range(10).map((i) => i * 3000));
  });

  it('the window slides: a burst late in a second does not allow another full burst at the next second boundary', () => {
    const pacer = new SendPacer<Msg>();
    const res = simulate(pacer, {
      arrivals: [...range(30).map((i) => ({ at: 900, msg: { chatId: i, n: 0 } })), ...range(30).map((i) => ({ at: 1000, msg: { chatId: 100 + i, n: 0 } }))],
    });
    const second = res.sends.filter((s) => s.msg.chatId >= 100).map((s) => s.at);
    expect(Math.min(...second)).toBe(1900);
    expect(
      maxInWindow(
        res.sends.map((s) => s.at),
        1000,
      ),
    ).toBe(30);
  });

  it('idle, then wait with the exact delay', () => {
    const pacer = new SendPacer<Msg>();
    expect(pacer.next(0)).toEqual({ type: 'idle' });
    const m1 = { chatId: 1, n: 1 };
    const m2 = { chatId: 1, n: 2 };
    pacer.enqueue(m1, 0);
    pacer.enqueue(m2, 0);
    expect(pacer.next(0)).toEqual({ type: 'send', item: m1, attempt: 1 });
    expect(pacer.next(0)).toEqual({ type: 'idle' }); // the chat's only other item waits for the one in flight
    pacer.ack(m1, 300);
    expect(pacer.next(300)).toEqual({ type: 'wait', ms: 1000 }); // the chat's interval counts from the answer
    expect(pacer.next(1300)).toEqual({ type: 'send', item: m2, attempt: 1 });
  });

  it('a chat idle for a while and written to again still keeps its interval', () => {
    const pacer = new SendPacer<Msg>();
    const a = { chatId: 1, n: 1 };
    const b = { chatId: 1, n: 2 };
    pacer.enqueue(a, 0);
    pacer.next(0);
    pacer.ack(a, 10);
    pacer.enqueue(b, 500);
    expect(pacer.next(500)).toEqual({ type: 'wait', ms: 510 });
  });

  it('ack or fail of an item not in flight is an error', () => {
    const pacer = new SendPacer<Msg>();
    const a = { chatId: 1, n: 1 };
    expect(() => pacer.ack(a, 0)).toThrow(/not in flight/);
    pacer.enqueue(a, 0);
    expect(() => pacer.fail(a, { kind: '5xx' }, 0)).toThrow(/not in flight/);
  });
});

describe('SendPacer: fairness', () => {
  it('a chat with 50 queued messages does not hold back chats that arrive later', () => {
    const pacer = new SendPacer<Msg>();
    const arrivals = [
      ...range(50).map((n) => ({ at: 0, msg: { chatId: 1, n } })),
      ...range(200).map((i) => ({ at: 100 + i * 50, msg: { chatId: 1000 + i, n: 0 } })), // 20/s newcomers
    ];
    const res = simulate(pacer, { arrivals });
    for (const a of arrivals.filter((x) => x.msg.chatId !== 1)) {
      const s = res.sends.find((x) => x.msg === a.msg)!;
      expect(s.at - a.at).toBeLessThanOrEqual(0); // capacity is there: sent on arrival
    }
    const big = res.sends.filter((s) => s.msg.chatId === 1).map((s) => s.at);
    expect(big).toEqual(range(50).map((i) => i * 1000));
  });

  it('under overload, chats are served round-robin: sent counts never differ by more than one', () => {
    const pacer = new SendPacer<Msg>();
    const chats = 100;
    const res = simulate(pacer, { arrivals: at0(range(chats * 20).map((k) => ({ chatId: k % chats, n: Math.floor(k / chats) }))) });
    const count = new Array<number>(chats).fill(0);
    for (const s of res.sends) {
      count[s.msg.chatId]!++;
      expect(Math.max(...count) - Math.min(...count)).toBeLessThanOrEqual(1);
    }
    expect(res.acked).toHaveLength(chats * 20);
    // 2,000 sends packed 30 a second: the last one in second 66.
    expect(Math.max(...res.sends.map((s) => s.at))).toBe(66_000);
  });

  it('overloaded by newcomers (40/s against 30/s), a busy chat is still served, in the order chats became ready', () => {
    const pacer = new SendPacer<Msg>();
    const arrivals = [
      ...range(20).map((n) => ({ at: 0, msg: { chatId: 1, n } })),
      ...range(40 * 60).map((i) => ({ at: i * 25, msg: { chatId: 10_000 + i, n: 0 } })),
    ];
    const res = simulate(pacer, { arrivals });
    const big = res.sends.filter((s) => s.msg.chatId === 1);
    expect(big).toHaveLength(20);
    // Earliest-eligible-first: the backlog grows by 10/s, so each wait grows, but never unboundedly
    // more than the newcomers' (who arrived at 40/s over 60 s, a backlog of at most ~20 s).
    const newcomerWait = Math.max(...res.sends.filter((s) => s.msg.chatId >= 10_000).map((s) => s.at - (s.msg.chatId - 10_000) * 25));
    const gaps = big.slice(1).map((s, i) => s.at - big[i]!.at);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(newcomerWait + 1000);
    expect(newcomerWait).toBeLessThanOrEqual(22_000);
  });
});

describe('SendPacer: 429', () => {
  it('retry_after 5 for one chat pauses that chat 5 s; others go on', () => {
    const pacer = new SendPacer<Msg>();
    let hit = false;
    const res = simulate(pacer, {
      arrivals: [...range(3).map((n) => ({ at: 0, msg: { chatId: 1, n } })), ...range(10).map((n) => ({ at: 0, msg: { chatId: 2, n } }))],
      outcome: (s) => (s.msg.chatId === 1 && s.msg.n === 1 && !hit ? ((hit = true), { kind: '429', retryAfterSec: 5 }) : undefined),
    });
    const one = res.sends.filter((s) => s.msg.chatId === 1).map((s) => [s.at, s.msg.n, s.attempt]);
    expect(one).toEqual([
      [0, 0, 1],
      [1000, 1, 1],
      [6000, 1, 1],
      [7000, 2, 1],
    ]);
    expect(res.sends.filter((s) => s.msg.chatId === 2).map((s) => s.at)).toEqual(range(10).map((i) => i * 1000));
  });

  it('a global retry_after 5 pauses every chat 5 s', () => {
    const pacer = new SendPacer<Msg>();
    let hit = false;
    const res = simulate(pacer, {
      arrivals: at0(range(120).map((i) => ({ chatId: i, n: 0 }))),
      outcome: (s) => (s.at === 1000 && !hit ? ((hit = true), { kind: '429', retryAfterSec: 5, scope: 'global' }) : undefined),
    });
    const times = res.sends.map((s) => s.at);
    expect(times.filter((x) => x > 1000 && x < 6000)).toEqual([]);
    expect(Math.min(...times.filter((x) => x > 1000))).toBe(6000);
    expect(res.acked).toHaveLength(120);
  });

  it('429s from several chats within a second become a bot-wide pause of the longest retry_after', () => {
    const pacer = new SendPacer<Msg>();
    const res = simulate(pacer, {
      arrivals: at0(range(60).map((i) => ({ chatId: i, n: 0 }))),
      outcome: (s) => (s.at === 0 && s.msg.chatId < 3 ? { kind: '429', retryAfterSec: 2 + s.msg.chatId } : undefined),
    });
    // Chats 0..2 hit 429 at t=0 (retry 2, 3, 4 s): nothing else goes before 4 s.
    expect(res.sends.filter((s) => s.at > 0).every((s) => s.at >= 4000)).toBe(true);
    expect(res.acked).toHaveLength(60);
  });

  it('escalation can be switched off', () => {
    const pacer = new SendPacer<Msg>({ escalate429: null });
    const res = simulate(pacer, {
      arrivals: at0(range(60).map((i) => ({ chatId: i, n: 0 }))),
      outcome: (s) => (s.at === 0 && s.msg.chatId < 3 ? { kind: '429', retryAfterSec: 4 } : undefined),
    });
    expect(res.sends.filter((s) => s.at === 1000)).toHaveLength(30);
  });
});

describe('SendPacer: backoff', () => {
  it.each([
    ['random 0 → half of each step (the first one no shorter than the chat interval)', 0, [1000, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]],
    ['random → 1 → just under each step', 0.999_999, [1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000]],
  ])('5xx backoff grows and is capped (%s)', (_w, r, expected) => {
    const pacer = new SendPacer<Msg>({ random: () => r, globalBackoffAfter: 0 });
    const m = { chatId: 1, n: 0 };
    pacer.enqueue(m, 0);
    let t = 0;
    const waits: number[] = [];
    for (let i = 0; i < expected.length; i++) {
      const s = pacer.next(t);
      expect(s).toMatchObject({ type: 'send', attempt: i + 1 });
      const { retryAtMs, dropped } = pacer.fail(m, { kind: i % 2 ? 'network' : '5xx' }, t);
      expect(dropped).toEqual([]);
      waits.push(retryAtMs! - t);
      const w = pacer.next(t);
      expect(w).toEqual({ type: 'wait', ms: retryAtMs! - t });
      t = retryAtMs!;
    }
    expect(waits).toEqual(expected);
    pacer.next(t);
    pacer.ack(m, t);
    expect(pacer.stats()).toMatchObject({ queued: 0, inFlight: 0 });
  });

  it('the jitter comes from the injected random source, within [½, 1) of the step', () => {
    const pacer = new SendPacer<Msg>({ random: seededRandom(42) });
    for (let n = 1; n <= 10; n++) {
      const step = Math.min(60_000, 1000 * 2 ** (n - 1));
      const d = pacer.backoffMs(n);
      expect(d).toBeGreaterThanOrEqual(step / 2);
      expect(d).toBeLessThanOrEqual(step);
    }
  });

  it('a failing chat keeps its order and does not hold back the others', () => {
    const pacer = new SendPacer<Msg>({ random: () => 0 });
    let fails = 3;
    const res = simulate(pacer, {
      arrivals: [...range(3).map((n) => ({ at: 0, msg: { chatId: 1, n } })), ...range(5).map((n) => ({ at: 0, msg: { chatId: 2, n } }))],
      outcome: (s) => (s.msg.chatId === 1 && s.msg.n === 0 && fails-- > 0 ? { kind: '5xx' } : undefined),
    });
    expect(res.sends.filter((s) => s.msg.chatId === 1).map((s) => [s.at, s.msg.n])).toEqual([
      [0, 0],
      [1000, 0],
      [2000, 0],
      [4000, 0],
      [5000, 1],
      [6000, 2],
    ]);
    expect(res.sends.filter((s) => s.msg.chatId === 2).map((s) => s.at)).toEqual([0, 1000, 2000, 3000, 4000]);
  });

  it('many failures in a row anywhere back the whole pacer off (an outage is not hammered)', () => {
    const pacer = new SendPacer<Msg>({ random: () => 0, globalBackoffAfter: 10 });
    const res = simulate(pacer, {
      arrivals: at0(range(100).map((i) => ({ chatId: i, n: 0 }))),
      outcome: (s) => (s.at < 20_000 ? { kind: 'network' } : undefined),
      untilMs: 200_000,
    });
    expect(res.sends.filter((s) => s.at < 20_000).length).toBeLessThan(60);
    expect(res.acked).toHaveLength(100);
  });

  it('maxAttempts gives an item up and reports it', () => {
    const pacer = new SendPacer<Msg>({ maxAttempts: 3, random: () => 0 });
    const res = simulate(pacer, {
      arrivals: at0([
        { chatId: 1, n: 0 },
        { chatId: 1, n: 1 },
      ]),
      outcome: (s) => (s.msg.n === 0 ? { kind: '5xx' } : undefined),
    });
    expect(res.dropped.map((d) => [d.item, d.reason, d.attempts])).toEqual([[{ chatId: 1, n: 0 }, 'gave-up', 3]]);
    expect(res.acked.map((a) => a.msg.n)).toEqual([1]);
  });
});

describe('SendPacer: permanent and rejected', () => {
  it('a permanent failure drops the chat queue and reports every item; other chats go on', () => {
    const pacer = new SendPacer<Msg>();
    const res = simulate(pacer, {
      arrivals: [...range(5).map((n) => ({ at: 0, msg: { chatId: 1, n } })), ...range(3).map((n) => ({ at: 0, msg: { chatId: 2, n } }))],
      outcome: (s) => (s.msg.chatId === 1 && s.msg.n === 1 ? { kind: 'permanent' } : undefined),
    });
    expect(res.dropped.map((d) => [d.item.n, d.reason, d.attempts])).toEqual([
      [1, 'permanent', 1],
      [2, 'permanent', 0],
      [3, 'permanent', 0],
      [4, 'permanent', 0],
    ]);
    expect(res.acked.map((a) => `${a.msg.chatId}:${a.msg.n}`).sort()).toEqual(['1:0', '2:0', '2:1', '2:2']);
    expect(pacer.queuedFor(1)).toBe(0);
  });

  it('a message enqueued after the permanent failure is accepted (the user came back)', () => {
    const pacer = new SendPacer<Msg>();
    const a = { chatId: 1, n: 0 };
    const b = { chatId: 1, n: 1 };
    pacer.enqueue(a, 0);
    pacer.next(0);
    expect(pacer.fail(a, { kind: 'permanent' }, 0).dropped).toHaveLength(1);
    pacer.enqueue(b, 200);
    expect(pacer.next(200)).toEqual({ type: 'wait', ms: 800 });
    expect(pacer.next(1000)).toEqual({ type: 'send', item: b, attempt: 1 });
  });

  it('a rejected message alone is reported; the chat goes on', () => {
    const pacer = new SendPacer<Msg>();
    const res = simulate(pacer, { arrivals: at0(range(3).map((n) => ({ chatId: 1, n }))), outcome: (s) => (s.msg.n === 1 ? { kind: 'rejected' } : undefined) });
    expect(res.dropped.map((d) => [d.item.n, d.reason])).toEqual([[1, 'rejected']]);
    expect(res.acked.map((a) => a.msg.n)).toEqual([0, 2]);
  });
});

describe('SendPacer: property — nothing lost under random failures', () => {
  it.each([1, 2, 3, 4, 5])('seed %i: every item ends acked or reported, once; per-chat FIFO; limits hold', (seed) => {
    const rnd = seededRandom(seed);
    const pacer = new SendPacer<Msg>({ random: seededRandom(seed + 100), maxAttempts: seed % 2 ? 6 : undefined });
    const chats = 300;
    const arrivals: Array<{ at: number; msg: Msg }> = [];
    const nByChat = new Array<number>(chats).fill(0);
    for (let i = 0; i < 2000; i++) {
      const chatId = Math.floor(rnd() ** 2 * chats); // skewed: a few chats get many messages
      arrivals.push({ at: Math.floor(rnd() * 60_000), msg: { chatId, n: 0 } });
    }
    arrivals.sort((a, b) => a.at - b.at);
    for (const a of arrivals) a.msg.n = nByChat[a.msg.chatId]!++;
    const res = simulate(pacer, {
      arrivals,
      latency: () => Math.floor(rnd() * 400),
      outcome: () => {
        const x = rnd();
        if (x < 0.1) return { kind: '5xx' };
        if (x < 0.15) return { kind: 'network' };
        if (x < 0.19) return { kind: '429', retryAfterSec: 1 + Math.floor(rnd() * 5) };
        if (x < 0.2) return { kind: '429', retryAfterSec: 1 + Math.floor(rnd() * 3), scope: 'global' };
        if (x < 0.205) return { kind: 'permanent' };
        if (x < 0.22) return { kind: 'rejected' };
        return undefined;
      },
    });
    const outcome = new Map<Msg, number>();
    for (const a of res.acked) outcome.set(a.msg, (outcome.get(a.msg) ?? 0) + 1);
    for (const d of res.dropped) outcome.set(d.item, (outcome.get(d.item) ?? 0) + 1);
    expect(outcome.size).toBe(arrivals.length);
    for (const a of arrivals) expect(outcome.get(a.msg)).toBe(1);
    expect(pacer.stats()).toMatchObject({ queued: 0, inFlight: 0 });
    // Per chat, acknowledged messages went out in enqueue order.
    const lastAcked = new Map<number, number>();
    for (const a of res.acked) {
      expect(a.msg.n).toBeGreaterThan(lastAcked.get(a.msg.chatId) ?? -1);
      lastAcked.set(a.msg.chatId, a.msg.n);
    }
    expect(
      maxInWindow(
        res.sends.map((s) => s.at),
        1000,
      ),
    ).toBeLessThanOrEqual(30);
    expect(minChatGap(res.sends)).toBeGreaterThanOrEqual(1000);
  });
});
