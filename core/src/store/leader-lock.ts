import type pg from 'pg';
import { sleep as abortableSleep } from '../bus/connect';

/**
 * Makes this process the one leader of `key` (the relay of a schema, the bot's sender): tries a
 * session-level advisory lock on `session` every `retryMs` until it holds it (true) or `signal`
 * aborts (false). The lock lives as long as the session: a leader that dies frees it.
 */
export async function waitForLeadership(
  session: pg.ClientBase,
  key: string,
  opts: { retryMs: number; signal: AbortSignal; sleep?: (ms: number, signal: AbortSignal) => Promise<void> },
): Promise<boolean> {
  const wait = opts.sleep ?? abortableSleep;
  while (!opts.signal.aborted) {
    const got = await session.query<{ ok: boolean }>('select pg_try_advisory_lock(hashtextextended($1, 0)) as ok', [key]);
    if (got.rows[0]!.ok) return true;
    await wait(opts.retryMs, opts.signal);
  }
  return false;
}
