import {
  chatIdOfStream,
  Consumer,
  consumerSettings,
  migrate,
  type BatchHandler,
  type Config,
  type EventEnvelope,
  type EventStore,
  type Logger,
} from '@napominalka/core';
import type { ProjectionStarter } from '../projections';
import { Changes, emptyProjection, project, type ChatProjection } from './project';
import { loadChats, lockShared, PG_PROJECTION, PROJECTION_MIGRATIONS, writeChanges } from './tables';

/**
 * The live Postgres projection: each batch of deliveries (per stream in stream order) is folded
 * into the stored chat projections and written in the consumer's transaction, together with its
 * per-stream checkpoint — so a redelivered event changes nothing and a crash loses nothing.
 */
export function pgProjectionHandler(opts: { schema: string; defaultTimezone: string }): BatchHandler {
  return async (events, ctx) => {
    const chatEvents = events.filter((e) => chatIdOfStream(e.streamId) !== null);
    if (!chatEvents.length) return;
    await lockShared(ctx.tx, opts.schema);
    const ids = [...new Set(chatEvents.map((e) => chatIdOfStream(e.streamId)!))];
    const states = await loadChats(ctx.tx, opts.schema, ids);
    const out = new Changes();
    for (const e of chatEvents) applyTo(states, e, out, opts.defaultTimezone);
    await writeChanges(ctx.tx, opts.schema, out);
  };
}

/** Folds one chat event into the map of chat projections (shared by live, rebuild and verify). */
export function applyTo(states: Map<number, ChatProjection>, e: EventEnvelope, out: Changes, defaultTimezone: string): void {
  const chatId = chatIdOfStream(e.streamId);
  if (chatId === null) return;
  const p = states.get(chatId) ?? emptyProjection(chatId, defaultTimezone, e.occurredAt);
  states.set(chatId, project(p, e, out));
}

export function pgProjectionConsumer(deps: { config: Config; log: Logger; store: EventStore }): Consumer {
  const { config, log, store } = deps;
  return new Consumer({
    name: PG_PROJECTION,
    types: ['#'],
    handleBatch: pgProjectionHandler({ schema: store.schema, defaultTimezone: config.DEFAULT_TIMEZONE }),
    store,
    log,
    ...consumerSettings(config),
  });
}

/** The Postgres projection in the projector service: migrate its tables, consume every event. */
export const startPgProjection: ProjectionStarter = async ({ config, log, store }) => {
  const pgLog = log.child({ projection: 'postgres' });
  const applied = await migrate(store.pool, store.schema, PROJECTION_MIGRATIONS);
  pgLog.info({ migrations: applied }, 'Postgres read model ready');
  const consumer = pgProjectionConsumer({ config, log: pgLog, store });
  await consumer.start();
  return {
    readiness: {},
    stop: () => consumer.stop(),
  };
};
