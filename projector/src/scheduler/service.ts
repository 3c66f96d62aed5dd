import { migrate } from '@napominalka/core';
import type { ProjectionStarter } from '../projections';
import { Scheduler, SCHEDULER_MIGRATIONS } from './scheduler';

/** The scheduler beside the Postgres read model it scans (any number of instances may run). */
export const startScheduler: ProjectionStarter = async ({ config, log, store }) => {
  await migrate(store.pool, store.schema, SCHEDULER_MIGRATIONS);
  const scheduler = new Scheduler({
    store,
    log: log.child({ component: 'scheduler' }),
    pollMs: config.SCHEDULER_POLL_MS,
    batchSize: config.SCHEDULER_BATCH_SIZE,
  });
  scheduler.start();
  return { readiness: {}, stop: () => scheduler.stop() };
};
