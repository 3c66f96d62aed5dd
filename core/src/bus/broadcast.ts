import type { ConsumeMessage } from 'amqplib';
import type { Logger } from '../observability/logger';
import { connectWithRetry, sleep } from './connect';
import { declareExchange, names } from './topology';

/**
 * Every instance hears these events (e.g. ModelPromoted): a private, auto-deleted queue per
 * process bound to the given types — unlike a consumer group, where one instance gets each event.
 * No checkpoint: handlers must be idempotent, and a process reads the current state from the
 * store when it starts, so what it missed while down does not matter.
 */
export function subscribeBroadcast(opts: {
  amqpUrl: string;
  prefix: string;
  types: readonly string[];
  log: Logger;
  onMessage: (body: unknown, msg: ConsumeMessage) => Promise<void> | void;
}): { ready: Promise<void>; stop(): Promise<void> } {
  const stopper = new AbortController();
  let markReady!: () => void;
  const ready = new Promise<void>((r) => (markReady = r));
  const running = (async () => {
    while (!stopper.signal.aborted) {
      const conn = await connectWithRetry(opts.amqpUrl, opts.log, stopper.signal);
      if (!conn) return;
      try {
        const ch = await conn.createChannel();
        await declareExchange(ch, opts.prefix);
        const { queue } = await ch.assertQueue('', { exclusive: true, autoDelete: true, durable: false });
        for (const t of opts.types) await ch.bindQueue(queue, names(opts.prefix).exchange, t);
        await ch.consume(queue, (m) => {
          if (!m) return;
          let body: unknown;
          try {
            body = JSON.parse(m.content.toString('utf8'));
          } catch {
            return ch.ack(m);
          }
          Promise.resolve(opts.onMessage(body, m))
            .catch((err: Error) => opts.log.error({ err: err.message }, 'broadcast handler failed'))
            .finally(() => ch.ack(m));
        });
        markReady();
        await new Promise<void>((r) => {
          conn.once('close', () => r());
          stopper.signal.addEventListener('abort', () => r(), { once: true });
        });
      } catch (err) {
        opts.log.warn({ err: (err as Error).message }, 'broadcast subscription failed');
      } finally {
        await conn.close().catch(() => undefined);
      }
      await sleep(200, stopper.signal);
    }
  })();
  return {
    ready,
    async stop() {
      stopper.abort();
      await running;
    },
  };
}
