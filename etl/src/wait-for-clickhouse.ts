import type { Logger } from '@napominalka/core';

/** What `@clickhouse/client`'s ping answers: it never throws, a failure carries its error. */
export type PingResult = { success: true } | { success: false; error: Error };

export interface WaitOptions {
  /** Give up after this long (0: one attempt, no waiting). */
  timeoutMs: number;
  /** First pause between attempts; each next one doubles, up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  log: Pick<Logger, 'warn' | 'info'>;
  /** For tests: the clock and the pause. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** The pause before attempt `attempt + 1`: doubling from the base, capped, never past the deadline. */
export function retryDelay(attempt: number, base: number, cap: number, leftMs: number): number {
  return Math.max(0, Math.min(cap, base * 2 ** Math.min(attempt, 20), leftMs));
}

/**
 * `GET <url>/ping` as ClickHouse answers it, without the client: while the server is not up yet
 * the client would log a stack trace for every attempt. Credentials in the URL are not sent
 * (fetch refuses them; /ping needs none).
 */
export async function httpPing(url: string, timeoutMs = 5_000): Promise<PingResult> {
  const target = new URL('ping', url.endsWith('/') ? url : `${url}/`);
  target.username = '';
  target.password = '';
  try {
    const res = await fetch(target, { signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
    return res.ok ? { success: true } : { success: false, error: new Error(`/ping answered HTTP ${res.status}`) };
  } catch (err) {
    // fetch says only "fetch failed"; the reason (ECONNREFUSED, a DNS failure) is its cause.
    const cause = (err as Error).cause;
    return { success: false, error: cause instanceof Error ? cause : (err as Error) };
  }
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Waits until ClickHouse answers its ping: an embedded engine behind the projector's gateway is
 * there only once the projector has started (and in compose a server may still be booting).
 * Only reachability is retried — a wrong password or schema fails afterwards, at once.
 */
export async function waitForClickHouse(ping: () => Promise<PingResult>, where: string, o: WaitOptions): Promise<void> {
  const now = o.now ?? Date.now;
  const sleep = o.sleep ?? pause;
  const deadline = now() + o.timeoutMs;
  for (let attempt = 0; ; attempt++) {
    const r = await ping();
    if (r.success) {
      if (attempt > 0) o.log.info({ clickhouse: where, attempts: attempt + 1 }, 'ClickHouse answers');
      return;
    }
    const left = deadline - now();
    if (left <= 0) {
      throw new Error(`ClickHouse (${where}) did not answer within ${Math.round(o.timeoutMs / 1000)} s: ${r.error.message}`, { cause: r.error });
    }
    const wait = retryDelay(attempt, o.baseDelayMs ?? 250, o.maxDelayMs ?? 5_000, left);
    o.log.warn({ clickhouse: where, err: r.error.message, retryInMs: wait }, 'ClickHouse not reachable yet; retrying');
    await sleep(wait);
  }
}
