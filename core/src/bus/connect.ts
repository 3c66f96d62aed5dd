import amqp, { type ChannelModel } from 'amqplib';
import type { Logger } from '../observability/logger';

export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });

/** Exponential backoff with jitter, capped: 100 ms, 200 ms, … 5 s. */
export const backoff = (attempt: number, baseMs = 100, capMs = 5000): number =>
  Math.min(capMs, baseMs * 2 ** Math.min(attempt, 16)) * (0.5 + Math.random() / 2);

/** Connects to RabbitMQ, retrying with backoff until it succeeds or `signal` aborts (then null). */
export async function connectWithRetry(url: string, log: Logger, signal?: AbortSignal): Promise<ChannelModel | null> {
  for (let attempt = 0; !signal?.aborted; attempt++) {
    try {
      const conn = await amqp.connect(url, { clientProperties: { connection_name: log.bindings().service ?? 'napominalka' } });
      // Errors are followed by 'close'; listening keeps them from crashing the process.
      conn.on('error', (err: Error) => log.warn({ err: err.message }, 'amqp connection error'));
      if (attempt > 0) log.info({ attempt }, 'amqp reconnected');
      return conn;
    } catch (err) {
      const wait = backoff(attempt);
      log.warn({ err: (err as Error).message, retryInMs: Math.round(wait) }, 'amqp connect failed');
      await sleep(wait, signal);
    }
  }
  return null;
}

/** A promise that rejects when the connection closes, to race against waits that could hang. */
export function closed(conn: ChannelModel): Promise<never> {
  return new Promise((_, reject) => conn.once('close', () => reject(new Error('amqp connection closed'))));
}
