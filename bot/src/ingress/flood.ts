/**
 * Per-chat flood protection: a sliding window over the last minute of a chat's incoming text
 * messages. Past the limit a message is still recorded, marked `throttled` (not parsed; the bot
 * says once that it slows down), so nothing a user wrote is ever lost.
 *
 * The window lives in the memory of one ingress process: a restart (or a second ingress process)
 * starts from an empty window. That errs on the lenient side — a flood is throttled a little
 * later — and never loses or refuses a message.
 */

export const FLOOD_WINDOW_MS = 60_000;

/** One counted message: its update (so a redelivery is recognised) and when it arrived. */
export interface FloodEntry {
  updateId: number;
  at: number;
  throttled: boolean;
}

export interface FloodDecision {
  throttled: boolean;
  /** The chat's window after this message (oldest first, at most `limit` entries). */
  window: FloodEntry[];
}

/**
 * Whether a message arriving at `now` is over `limit` messages in the window, and the window
 * with it counted. Pure.
 *
 * Only the newest `limit` entries are kept: "`limit` messages already inside the window" is the
 * same as "the `limit`-th newest message is inside the window", so memory per chat is bounded by
 * the limit however fast a chat writes. An update already in the window (redelivered after a
 * failed append) is not counted again and gets its first decision; one older than everything
 * kept (update ids only grow) is not counted either and is judged by the window as it is now.
 */
export function floodDecision(window: readonly FloodEntry[], updateId: number, now: number, limit: number, windowMs = FLOOD_WINDOW_MS): FloodDecision {
  const live = window.filter((e) => e.at > now - windowMs);
  const seen = live.find((e) => e.updateId === updateId);
  if (seen) return { throttled: seen.throttled, window: live };
  const newest = window[window.length - 1];
  if (newest && updateId < newest.updateId) return { throttled: live.length >= limit, window: live };
  const throttled = live.length >= limit;
  const next = [...live, { updateId, at: now, throttled }];
  return { throttled, window: next.length > limit ? next.slice(next.length - limit) : next };
}

export interface FloodGuardOptions {
  /** Messages per chat per window before throttling (BOT_FLOOD_LIMIT). */
  limit: number;
  windowMs?: number;
  /** Chats remembered at most; the least recently active are forgotten first (lenient). */
  maxChats?: number;
  now?: () => number;
}

/**
 * The windows of all chats. A chat is forgotten once its newest message is older than the
 * window (it could not be throttled anyway), and beyond `maxChats` the least recently active
 * chats are dropped, so memory stays bounded by chats active in the last minute × limit.
 */
export class FloodGuard {
  private readonly windows = new Map<number, FloodEntry[]>();
  private readonly windowMs: number;
  private readonly maxChats: number;
  private readonly now: () => number;

  constructor(private readonly o: FloodGuardOptions) {
    this.windowMs = o.windowMs ?? FLOOD_WINDOW_MS;
    this.maxChats = o.maxChats ?? 100_000;
    this.now = o.now ?? Date.now;
  }

  /** Counts a chat's message (once per update) and says whether it is over the limit. */
  check(chatId: number, updateId: number): boolean {
    const now = this.now();
    const d = floodDecision(this.windows.get(chatId) ?? [], updateId, now, this.o.limit, this.windowMs);
    // Re-insert: the Map's order is then least recently active first, which forget() relies on.
    this.windows.delete(chatId);
    this.windows.set(chatId, d.window);
    this.forget(now);
    return d.throttled;
  }

  /** Chats currently remembered. */
  get size(): number {
    return this.windows.size;
  }

  private forget(now: number): void {
    for (const [chatId, window] of this.windows) {
      const newest = window[window.length - 1];
      const idle = !newest || newest.at <= now - this.windowMs;
      if (!idle && this.windows.size <= this.maxChats) break;
      this.windows.delete(chatId);
    }
  }
}
