import { Consumer, consumerSettings, type BatchHandler, type Config, type EventStore, type Logger } from '@napominalka/core';
import type { ClickHouse } from '@napominalka/core/clickhouse';
import { writeEvents } from './events-raw';

/** The consumer (and queue) name of the ClickHouse projection. */
export const CH_CONSUMER = 'projector-ch';

/**
 * The ClickHouse projection as a Consumer batch handler for every event type: each batch is one
 * insert into events_raw (the materialized views fill the marts from it), without the events
 * already there — see {@link writeEvents} for why a redelivered batch changes nothing. Nothing is
 * written in the consumer's Postgres transaction except the checkpoint the consumer keeps itself.
 */
export function clickhouseProjection(ch: ClickHouse, opts: { batchSize: number }): BatchHandler {
  return async (events, ctx) => {
    const r = await writeEvents(ch, events, { batchSize: opts.batchSize });
    if (r.skipped > 0) ctx.log.info({ skipped: r.skipped, inserted: r.inserted }, 'events already in events_raw skipped');
  };
}

/** The projection's consumer, configured from the environment (CONSUMER_*, CLICKHOUSE_BATCH_SIZE). */
export function clickhouseConsumer(deps: {
  ch: ClickHouse;
  store: EventStore;
  config: Config;
  log: Logger;
  /** Replaces the handler (tests inject failures around it). */
  wrap?: (h: BatchHandler) => BatchHandler;
  name?: string;
}): Consumer {
  const { ch, store, config, log } = deps;
  const batchSize = config.CLICKHOUSE_BATCH_SIZE;
  const handler = clickhouseProjection(ch, { batchSize });
  return new Consumer({
    name: deps.name ?? CH_CONSUMER,
    types: ['#'],
    handleBatch: deps.wrap ? deps.wrap(handler) : handler,
    store,
    log,
    ...consumerSettings(config),
    // Batches fill only up to what the broker lets the consumer hold: room for two.
    prefetch: Math.min(20_000, Math.max(config.CONSUMER_PREFETCH, 2 * batchSize)),
    batchSize,
    // Flushed by size or by time: few large inserts even when events trickle in.
    lingerMs: config.CLICKHOUSE_FLUSH_MS,
  });
}
