/**
 * Failed log-ins per key (a user name, and the client address) in a sliding window: past the
 * limit, log-ins for that key are refused until the window has moved on, so a password cannot be
 * guessed at speed. In memory: one UI process; a restart forgets (and the window is short).
 */
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly opts: { max: number; windowMs: number; now?: () => number } = { max: 5, windowMs: 15 * 60_000 }) {}

  private recent(key: string): number[] {
    const now = (this.opts.now ?? Date.now)();
    const kept = (this.failures.get(key) ?? []).filter((t) => now - t < this.opts.windowMs);
    if (kept.length > 0) this.failures.set(key, kept);
    else this.failures.delete(key);
    return kept;
  }

  /** Milliseconds until `keys` may try again; 0 when they may now. */
  retryAfterMs(keys: readonly string[]): number {
    const now = (this.opts.now ?? Date.now)();
    let wait = 0;
    for (const k of keys) {
      const r = this.recent(k);
      if (r.length >= this.opts.max) wait = Math.max(wait, r[r.length - this.opts.max]! + this.opts.windowMs - now);
    }
    return wait;
  }

  fail(keys: readonly string[]): void {
    const now = (this.opts.now ?? Date.now)();
    for (const k of keys) this.failures.set(k, [...this.recent(k), now]);
  }

  succeed(keys: readonly string[]): void {
    for (const k of keys) this.failures.delete(k);
  }
}
