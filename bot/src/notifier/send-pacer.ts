/**
 * The send scheduler that keeps the bot within Telegram's limits. Pure: no timers, no I/O; the
 * caller passes the clock (`nowMs`) into every call and sleeps as `next` says.
 *
 * Guarantees
 * - Global rate: at most `globalLimit` requests in any window of `globalWindowMs` (30 per second
 *   by default) as Telegram counts them, on arrival — retries and failed sends included. A sliding
 *   window (not fixed buckets) over each request's latest possible arrival: its dispatch while in
 *   flight, its answer once answered (Telegram counted it before answering). So the 31st dispatch
 *   waits for the 1st answer + window, and no jitter between us and Telegram (a stalled event loop,
 *   the network) can put 31 arrivals in one window; the price is one round trip per window (≈ 1 %
 *   at 10 ms). A margin on dispatch times alone did not hold: pnpm bench:bot saw 31 arrivals in a
 *   second with 20–30 ms of margin while the bot process was busy.
 * - Per chat: a dispatch to a chat is at least `chatIntervalMs` after the answer to the previous
 *   one (1 s by default; a function may give groups more), for the same reason. A chat has at
 *   most one send in flight, so its messages go out in the order they were enqueued (FIFO),
 *   retries included.
 * - Nothing is dropped silently: every enqueued item ends either acked (`ack`) or handed back by
 *   `fail` in `dropped` (permanent failure of the chat, an item Telegram rejects, or an item past
 *   `maxAttempts`, which is unlimited by default) for the caller to record as failed.
 * - Fairness: earliest-eligible-first. A chat enters the ready heap with the moment it became
 *   able to send its head item — the later of its enqueue/ack/fail time, its per-chat interval and
 *   its retry time — and the heap serves the earliest such moment first (ties in arrival order).
 *   A chat with 50 queued messages is re-entered after each send at "its last send + 1 s", so
 *   every chat that became ready before that goes first; no chat waits behind one that became
 *   ready after it, however many messages either holds (starvation-free).
 * - 429: `retry_after` pauses the chat (`scope: 'chat'`, the default) or every chat
 *   (`scope: 'global'`). 429s for `escalate429.chats` distinct chats within
 *   `escalate429.withinMs` are taken as a bot-wide limit and pause everything for the longest
 *   retry_after seen. A 429 does not count as an attempt.
 * - 5xx and network errors: the chat waits an exponential backoff with "equal jitter"
 *   (`min(cap, base·2^(n−1))`, then uniformly in [½, 1) of it, from the injected `random`), `n`
 *   being the chat's consecutive failures. After `globalBackoffAfter` consecutive failures
 *   anywhere with no success in between (Telegram or the network down), the whole pacer backs off
 *   the same way, so an outage is not hammered at 30 requests/s.
 */

export type ChatKey = number | string;

export interface PacerItem {
  chatId: ChatKey;
}

export type SendFailure =
  /** Too Many Requests: wait `retryAfterSec` — for this chat, or (`global`) for the whole bot. */
  | { kind: '429'; retryAfterSec: number; scope?: 'chat' | 'global' }
  /** A server error or a network failure: retried with backoff. */
  | { kind: '5xx' | 'network' }
  /** The chat can never be sent to (403 blocked, chat not found): its whole queue is dropped. */
  | { kind: 'permanent' }
  /** Telegram refuses this one message (400): it alone is dropped; the chat goes on. */
  | { kind: 'rejected' };

export type DropReason = 'permanent' | 'rejected' | 'gave-up';

export interface Dropped<T> {
  item: T;
  reason: DropReason;
  /** Dispatches of this item, the failing one included. */
  attempts: number;
}

export type NextResult<T> =
  /** Send this item now, then call `ack` or `fail` with it. `attempt` counts from 1. */
  | { type: 'send'; item: T; attempt: number }
  /** Nothing may be sent before `ms` from now (unless something is enqueued, acked or failed). */
  | { type: 'wait'; ms: number }
  /** Nothing queued (sends may still be in flight). */
  | { type: 'idle' };

export interface FailResult<T> {
  /** Items the pacer gave up on: record each as failed. Empty when the item will be retried. */
  dropped: Dropped<T>[];
  /** The earliest the item can be retried (absent when it was dropped): its chat's interval, retry time and any pause. */
  retryAtMs?: number;
}

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

export interface SendPacerOptions {
  /** Sends allowed in any window of `globalWindowMs` (default 30). */
  globalLimit?: number;
  globalWindowMs?: number;
  /** Minimum gap between two sends to one chat (default 1000), or a function of the chat. */
  chatIntervalMs?: number | ((chatId: ChatKey) => number);
  /** Backoff after 5xx/network errors (default 1 s doubling, capped at 60 s). */
  backoff?: BackoffOptions;
  /** Consecutive failures anywhere after which the whole pacer backs off (default 10; 0 = never). */
  globalBackoffAfter?: number;
  /** Distinct chats hitting 429 within a window that make it a bot-wide pause (null = never). */
  escalate429?: { chats: number; withinMs: number } | null;
  /** Dispatches of one item (5xx/network) before it is dropped as `gave-up` (default unlimited). */
  maxAttempts?: number;
  /** Uniform random in [0, 1): the jitter source. */
  random?: () => number;
}

export const DEFAULT_PACER_OPTIONS = {
  globalLimit: 30,
  globalWindowMs: 1000,
  chatIntervalMs: 1000,
  backoff: { baseMs: 1000, maxMs: 60_000 },
  globalBackoffAfter: 10,
  escalate429: { chats: 3, withinMs: 1000 },
  maxAttempts: Number.POSITIVE_INFINITY,
} as const;

const SWEEP_EVERY = 4096;

interface Entry<T> {
  item: T;
  attempts: number;
  /** Number of its latest dispatch (its place in the window's ring). */
  sendNo: number;
}

interface Chat<T> {
  key: ChatKey;
  queue: Entry<T>[];
  /** Index of the head in `queue` (amortised O(1) shift). */
  head: number;
  inFlight: Entry<T> | null;
  lastSentAt: number;
  retryAt: number;
  failures: number;
  /** Position in the ready heap, -1 when not in it. */
  heapIndex: number;
  readyAt: number;
  seq: number;
}

export interface PacerStats {
  queued: number;
  inFlight: number;
  chats: number;
  pausedUntilMs: number;
}

export class SendPacer<T extends PacerItem> {
  private readonly globalLimit: number;
  private readonly windowMs: number;
  private readonly interval: (chatId: ChatKey) => number;
  private readonly backoff: BackoffOptions;
  private readonly globalBackoffAfter: number;
  private readonly escalate: { chats: number; withinMs: number } | null;
  private readonly maxAttempts: number;
  private readonly random: () => number;

  private readonly chats = new Map<ChatKey, Chat<T>>();
  private readonly heap: Chat<T>[] = [];
  /** Dispatch times of the last `globalLimit` sends (ring buffer). */
  private readonly sent: number[];
  private sentCount = 0;
  private seq = 0;
  private calls = 0;
  private queued = 0;
  private inFlight = 0;
  private pausedUntil = Number.NEGATIVE_INFINITY;
  private globalFailures = 0;
  private recent429: Array<{ chat: ChatKey; at: number; retryMs: number }> = [];

  constructor(options: SendPacerOptions = {}) {
    this.globalLimit = options.globalLimit ?? DEFAULT_PACER_OPTIONS.globalLimit;
    this.windowMs = options.globalWindowMs ?? DEFAULT_PACER_OPTIONS.globalWindowMs;
    const ci = options.chatIntervalMs ?? DEFAULT_PACER_OPTIONS.chatIntervalMs;
    this.interval = typeof ci === 'function' ? ci : () => ci;
    this.backoff = options.backoff ?? DEFAULT_PACER_OPTIONS.backoff;
    this.globalBackoffAfter = options.globalBackoffAfter ?? DEFAULT_PACER_OPTIONS.globalBackoffAfter;
    this.escalate = options.escalate429 === undefined ? DEFAULT_PACER_OPTIONS.escalate429 : options.escalate429;
    this.maxAttempts = options.maxAttempts ?? DEFAULT_PACER_OPTIONS.maxAttempts;
    this.random = options.random ?? Math.random;
    if (!(this.globalLimit >= 1 && Number.isInteger(this.globalLimit))) throw new RangeError('globalLimit must be a positive integer');
    if (!(this.windowMs > 0)) throw new RangeError('globalWindowMs must be positive');
    if (!(this.backoff.baseMs > 0 && this.backoff.maxMs >= this.backoff.baseMs)) throw new RangeError('backoff needs 0 < baseMs <= maxMs');
    if (!(this.maxAttempts >= 1)) throw new RangeError('maxAttempts must be at least 1');
    this.sent = new Array<number>(this.globalLimit).fill(Number.NEGATIVE_INFINITY);
  }

  /**
   * Queues an item behind the chat's earlier ones. Never refuses. `nowMs` is when it became
   * sendable: the fairness order counts from it.
   */
  enqueue(item: T, nowMs: number): void {
    const chat = this.chatOf(item.chatId);
    chat.queue.push({ item, attempts: 0, sendNo: -1 });
    this.queued++;
    if (chat.inFlight === null && chat.heapIndex < 0) this.schedule(chat, nowMs);
  }

  /** What to do at `nowMs`: send an item (it is then in flight), wait, or nothing is queued. */
  next(nowMs: number): NextResult<T> {
    if (++this.calls % SWEEP_EVERY === 0) this.sweep(nowMs);
    const top = this.heap[0];
    if (!top) return { type: 'idle' };
    const windowFree = this.sent[this.sentCount % this.globalLimit]! + this.windowMs;
    const at = Math.max(top.readyAt, this.pausedUntil, windowFree);
    if (at > nowMs) return { type: 'wait', ms: at - nowMs };
    this.pop();
    const entry = top.queue[top.head]!;
    top.queue[top.head] = undefined as unknown as Entry<T>;
    top.head++;
    if (top.head > 64 && top.head * 2 > top.queue.length) {
      top.queue.splice(0, top.head);
      top.head = 0;
    }
    this.queued--;
    this.inFlight++;
    entry.attempts++;
    top.inFlight = entry;
    top.lastSentAt = nowMs;
    entry.sendNo = this.sentCount;
    this.sent[this.sentCount % this.globalLimit] = nowMs;
    this.sentCount++;
    return { type: 'send', item: entry.item, attempt: entry.attempts };
  }

  /** The send of `item` succeeded. */
  ack(item: T, nowMs: number): void {
    const chat = this.inFlightChat(item);
    this.answered(chat, nowMs);
    chat.inFlight = null;
    this.inFlight--;
    chat.failures = 0;
    this.globalFailures = 0;
    this.settle(chat, nowMs);
  }

  /** The send of `item` failed: retried later, or dropped (with the chat's queue if permanent). */
  fail(item: T, failure: SendFailure, nowMs: number): FailResult<T> {
    const chat = this.inFlightChat(item);
    this.answered(chat, nowMs);
    const entry = chat.inFlight!;
    chat.inFlight = null;
    this.inFlight--;
    switch (failure.kind) {
      case '429': {
        const retryMs = Math.max(0, Number.isFinite(failure.retryAfterSec) ? failure.retryAfterSec : 1) * 1000;
        entry.attempts--; // a rate limit is not the item's fault
        this.requeueHead(chat, entry);
        if (failure.scope === 'global') this.pause(nowMs + retryMs);
        else {
          chat.retryAt = Math.max(chat.retryAt, nowMs + retryMs);
          this.note429(chat.key, nowMs, retryMs);
        }
        this.settle(chat, nowMs);
        return { dropped: [], retryAtMs: Math.max(chat.readyAt, this.pausedUntil) };
      }
      case '5xx':
      case 'network': {
        this.globalFailures++;
        if (this.globalBackoffAfter > 0 && this.globalFailures >= this.globalBackoffAfter) {
          this.pause(nowMs + this.backoffMs(this.globalFailures - this.globalBackoffAfter + 1));
        }
        if (entry.attempts >= this.maxAttempts) {
          this.settle(chat, nowMs);
          return { dropped: [{ item: entry.item, reason: 'gave-up', attempts: entry.attempts }] };
        }
        chat.failures++;
        chat.retryAt = Math.max(chat.retryAt, nowMs + this.backoffMs(chat.failures));
        this.requeueHead(chat, entry);
        this.settle(chat, nowMs);
        return { dropped: [], retryAtMs: Math.max(chat.readyAt, this.pausedUntil) };
      }
      case 'rejected':
        // Telegram answered: the chat and the service are fine, only this message is not.
        chat.failures = 0;
        this.globalFailures = 0;
        this.settle(chat, nowMs);
        return { dropped: [{ item: entry.item, reason: 'rejected', attempts: entry.attempts }] };
      case 'permanent': {
        const dropped: Dropped<T>[] = [{ item: entry.item, reason: 'permanent', attempts: entry.attempts }];
        for (let i = chat.head; i < chat.queue.length; i++) {
          const e = chat.queue[i]!;
          dropped.push({ item: e.item, reason: 'permanent', attempts: e.attempts });
        }
        this.queued -= chat.queue.length - chat.head;
        chat.queue = [];
        chat.head = 0;
        chat.failures = 0;
        this.globalFailures = 0;
        // The entry stays until its interval has passed, so a message enqueued later keeps it.
        this.settle(chat, nowMs);
        return { dropped };
      }
    }
  }

  /** The backoff before retry `n` (n ≥ 1): min(cap, base·2^(n−1)), jittered into [½, 1) of it. */
  backoffMs(n: number): number {
    const exp = Math.min(this.backoff.maxMs, this.backoff.baseMs * 2 ** Math.min(Math.max(0, n - 1), 52));
    const r = Math.min(Math.max(this.random(), 0), 1 - Number.EPSILON);
    return Math.round(exp / 2 + (r * exp) / 2);
  }

  stats(): PacerStats {
    return { queued: this.queued, inFlight: this.inFlight, chats: this.chats.size, pausedUntilMs: this.pausedUntil };
  }

  /** Items waiting (not in flight) for one chat. */
  queuedFor(chatId: ChatKey): number {
    const c = this.chats.get(chatId);
    return c ? c.queue.length - c.head : 0;
  }

  // --- internals -------------------------------------------------------------------------------

  private chatOf(key: ChatKey): Chat<T> {
    let chat = this.chats.get(key);
    if (!chat) {
      chat = {
        key,
        queue: [],
        head: 0,
        inFlight: null,
        lastSentAt: Number.NEGATIVE_INFINITY,
        retryAt: Number.NEGATIVE_INFINITY,
        failures: 0,
        heapIndex: -1,
        readyAt: 0,
        seq: 0,
      };
      this.chats.set(key, chat);
    }
    return chat;
  }

  private inFlightChat(item: T): Chat<T> {
    const chat = this.chats.get(item.chatId);
    if (!chat || !chat.inFlight || chat.inFlight.item !== item) throw new Error(`item of chat ${String(item.chatId)} is not in flight`);
    return chat;
  }

  private requeueHead(chat: Chat<T>, entry: Entry<T>): void {
    if (chat.head > 0) chat.queue[--chat.head] = entry;
    else chat.queue.unshift(entry);
    this.queued++;
  }

  /** The in-flight send of `chat` was answered at `nowMs`: it counts from then (see the guarantees). */
  private answered(chat: Chat<T>, nowMs: number): void {
    const no = chat.inFlight!.sendNo;
    // Older than the ring holds: `globalLimit` later dispatches already bound the window.
    if (this.sentCount - no <= this.globalLimit) this.sent[no % this.globalLimit] = Math.max(this.sent[no % this.globalLimit]!, nowMs);
    chat.lastSentAt = Math.max(chat.lastSentAt, nowMs);
  }

  /** After a send ended: the chat waits for its next item, or is forgotten when it has none. */
  private settle(chat: Chat<T>, nowMs: number): void {
    if (chat.queue.length > chat.head) this.schedule(chat, nowMs);
    else {
      chat.queue = [];
      chat.head = 0;
      if (this.forgettable(chat, nowMs)) this.chats.delete(chat.key);
    }
  }

  /** An idle chat whose interval and retry time have passed holds nothing worth remembering. */
  private forgettable(chat: Chat<T>, nowMs: number): boolean {
    return (
      chat.inFlight === null &&
      chat.heapIndex < 0 &&
      chat.queue.length === chat.head &&
      chat.retryAt <= nowMs &&
      chat.lastSentAt + this.interval(chat.key) <= nowMs
    );
  }

  /** Forgets idle chats kept only for their interval or retry time, once they no longer matter. */
  private sweep(nowMs: number): void {
    for (const chat of this.chats.values()) if (this.forgettable(chat, nowMs)) this.chats.delete(chat.key);
  }

  private schedule(chat: Chat<T>, nowMs: number): void {
    chat.readyAt = Math.max(nowMs, chat.lastSentAt + this.interval(chat.key), chat.retryAt);
    chat.seq = this.seq++;
    this.push(chat);
  }

  private pause(untilMs: number): void {
    if (untilMs > this.pausedUntil) this.pausedUntil = untilMs;
  }

  private note429(chat: ChatKey, at: number, retryMs: number): void {
    if (!this.escalate) return;
    const since = at - this.escalate.withinMs;
    this.recent429 = this.recent429.filter((r) => r.at > since && r.chat !== chat);
    this.recent429.push({ chat, at, retryMs });
    if (this.recent429.length >= this.escalate.chats) {
      this.pause(at + Math.max(...this.recent429.map((r) => r.retryMs)));
      this.recent429 = [];
    }
  }

  // Binary min-heap of ready chats by (readyAt, seq).
  private less(a: Chat<T>, b: Chat<T>): boolean {
    return a.readyAt < b.readyAt || (a.readyAt === b.readyAt && a.seq < b.seq);
  }

  private push(chat: Chat<T>): void {
    chat.heapIndex = this.heap.length;
    this.heap.push(chat);
    this.up(chat.heapIndex);
  }

  private pop(): void {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    top.heapIndex = -1;
    if (last !== top) {
      h[0] = last;
      last.heapIndex = 0;
      this.down(0);
    }
  }

  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      this.swap(i, p);
      i = p;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
      if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }

  private swap(i: number, j: number): void {
    const h = this.heap;
    const a = h[i]!;
    const b = h[j]!;
    h[i] = b;
    h[j] = a;
    a.heapIndex = j;
    b.heapIndex = i;
  }
}
