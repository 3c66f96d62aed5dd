/**
 * Telegram's flood limits as the emulator enforces them: sliding windows over the instants of the
 * messages a bot actually got through (a refused request takes no place in a window).
 *
 * Pure: the clock is passed in, so the unit tests drive it by hand.
 */

/** Counts events in the last `windowMs` milliseconds. */
export class SlidingWindow {
  private readonly times: number[] = [];
  private head = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  private prune(now: number): void {
    while (this.head < this.times.length && this.times[this.head]! <= now - this.windowMs) this.head++;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times.splice(0, this.head);
      this.head = 0;
    }
  }

  /** Events inside (now − windowMs, now]. */
  count(now: number): number {
    this.prune(now);
    return this.times.length - this.head;
  }

  /** Would one more event at `now` exceed the limit? */
  full(now: number): boolean {
    return this.limit > 0 && this.count(now) >= this.limit;
  }

  /** Milliseconds until one more event fits (0 when it fits now). */
  waitMs(now: number): number {
    if (!this.full(now)) return 0;
    // The event that has to leave the window for one more to fit.
    const leaving = this.times[this.times.length - this.limit]!;
    return Math.max(1, leaving + this.windowMs - now);
  }

  add(now: number): void {
    this.times.push(now);
  }

  /** True when no event is inside the window any more (the window may be dropped). */
  idle(now: number): boolean {
    return this.count(now) === 0;
  }
}

export interface RateLimits {
  /** Refuse with 429 when a limit is exceeded; when false, violations are only recorded. */
  enforce: boolean;
  /** Messages per second to one chat (Telegram: about 1). 0 turns the limit off. */
  perChatPerSecond: number;
  /** Messages per second over all chats (Telegram: about 30). 0 turns the limit off. */
  globalPerSecond: number;
  /** Messages per minute to one group or supergroup (Telegram: 20). 0 turns the limit off. */
  groupPerMinute: number;
  /** Which Bot API methods count as a message. */
  methods: string[];
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  enforce: true,
  perChatPerSecond: 1,
  globalPerSecond: 30,
  groupPerMinute: 20,
  methods: ['sendMessage'],
};

export type LimitKind = 'chat' | 'global' | 'group';

export interface Violation {
  /** ms since the epoch. */
  at: number;
  method: string;
  chatId: number;
  kind: LimitKind;
  limit: number;
  windowMs: number;
  /** Messages already inside the window when this one came. */
  inWindow: number;
  /** Whether the message was refused with 429 (enforce) or let through. */
  refused: boolean;
  retryAfter: number;
}

export type LimitDecision = { ok: true; violations: Violation[] } | { ok: false; retryAfter: number; violations: Violation[] };

/** The three windows of one bot: global, per chat, per group. */
export class FloodLimiter {
  private global: SlidingWindow;
  private readonly chats = new Map<number, SlidingWindow>();
  private readonly groups = new Map<number, SlidingWindow>();
  private sweeps = 0;

  constructor(private limits: RateLimits) {
    this.global = new SlidingWindow(limits.globalPerSecond, 1000);
  }

  get config(): RateLimits {
    return this.limits;
  }

  configure(limits: RateLimits): void {
    this.limits = limits;
    this.global = new SlidingWindow(limits.globalPerSecond, 1000);
    this.chats.clear();
    this.groups.clear();
  }

  counts(method: string): boolean {
    return this.limits.methods.includes(method);
  }

  /**
   * Decide whether a message to `chatId` at `now` may go. When it may (or enforcement is off),
   * it is counted in every window it belongs to.
   */
  take(now: number, method: string, chatId: number, isGroup: boolean): LimitDecision {
    const windows: Array<[LimitKind, SlidingWindow]> = [];
    if (this.limits.globalPerSecond > 0) windows.push(['global', this.global]);
    if (this.limits.perChatPerSecond > 0) windows.push(['chat', this.window(this.chats, chatId, this.limits.perChatPerSecond, 1000)]);
    if (isGroup && this.limits.groupPerMinute > 0) windows.push(['group', this.window(this.groups, chatId, this.limits.groupPerMinute, 60_000)]);
    const violations: Violation[] = [];
    let waitMs = 0;
    for (const [kind, w] of windows) {
      const wait = w.waitMs(now);
      if (wait === 0) continue;
      waitMs = Math.max(waitMs, wait);
      violations.push({
        at: now,
        method,
        chatId,
        kind,
        limit: w.limit,
        windowMs: w.windowMs,
        inWindow: w.count(now),
        refused: this.limits.enforce,
        retryAfter: 0,
      });
    }
    const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
    for (const v of violations) v.retryAfter = retryAfter;
    if (violations.length > 0 && this.limits.enforce) return { ok: false, retryAfter, violations };
    for (const [, w] of windows) w.add(now);
    if (++this.sweeps % 4096 === 0) this.sweep(now);
    return { ok: true, violations };
  }

  private window(map: Map<number, SlidingWindow>, chatId: number, limit: number, windowMs: number): SlidingWindow {
    let w = map.get(chatId);
    if (!w) map.set(chatId, (w = new SlidingWindow(limit, windowMs)));
    return w;
  }

  /** Forget windows with nothing in them, so a long run over many chats stays small. */
  private sweep(now: number): void {
    for (const map of [this.chats, this.groups]) for (const [id, w] of map) if (w.idle(now)) map.delete(id);
  }
}
