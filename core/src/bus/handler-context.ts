import type pg from 'pg';
import type { EventStore } from '../store/event-store';
import type { Logger } from '../observability/logger';
import type { HandlerContext } from './consumer';

/**
 * A handler's context over an open transaction: appends go into it. The consumer makes one per
 * batch (`onAppended` tells it to wake the relay after the commit); tests and benchmarks that
 * run a handler in a transaction of their own use the same.
 */
export function handlerContext(store: EventStore, tx: pg.PoolClient, log: Logger, onAppended: () => void = () => undefined): HandlerContext {
  return {
    tx,
    store,
    log,
    async append(streamId, events, opts) {
      const r = await store.append(streamId, events, { ...opts, client: tx });
      onAppended();
      return r;
    },
    async tryAppend(streamId, events, opts) {
      const r = await store.tryAppend(streamId, events, { ...opts, client: tx });
      if (r.ok) onAppended();
      return r;
    },
  };
}
