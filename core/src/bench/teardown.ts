import type pg from 'pg';

/**
 * What the benchmarks that run services as processes share when they end: dropping their schema
 * and stopping cleanly when interrupted.
 */

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Drops the run's schema, retrying: services just stopped may still hold locks on it for a moment. */
export async function dropSchemaRetrying(pool: pg.Pool, schema: string, progress: (line: string) => void, attempts = 5): Promise<void> {
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      await pool.query(`drop schema if exists "${schema.replace(/"/g, '""')}" cascade`);
      return;
    } catch (err) {
      progress(`dropping ${schema} failed (${(err as Error).message}); retrying`);
      await sleep(500 * attempt);
    }
  }
}

/**
 * On SIGINT/SIGTERM (exit 130) or an unexpected rejection (exit 1): `abort()` stops the
 * measurement, `cleanup()` stops the services and removes what the run made, `fail(err)` prints
 * the failure. Work still in flight when the run is stopped fails against a dropped schema: those
 * rejections are expected then and ignored. Returns whether the run was interrupted.
 */
export function exitOnInterrupt(o: {
  what: string;
  abort: () => void;
  cleanup: () => Promise<void>;
  fail: (err: unknown) => void;
  progress: (line: string) => void;
}): () => boolean {
  let interrupted = false;
  const onSignal = (sig: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = true;
    o.abort();
    o.progress(`${sig}: stopping the services; removing ${o.what}`);
    void o.cleanup().finally(() => {
      o.fail(new Error(`interrupted by ${sig}`));
      process.exit(130);
    });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('unhandledRejection', (err) => {
    if (interrupted) return;
    o.progress(`unexpected: ${(err as Error).stack ?? err}`);
    o.abort();
    void o.cleanup().finally(() => {
      o.fail(err);
      process.exit(1);
    });
  });
  return () => interrupted;
}
