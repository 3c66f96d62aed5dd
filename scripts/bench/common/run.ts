import { createTestContext, type TestContext } from '../../../core/src/testing/context';
import { dropSchemaRetrying, exitOnInterrupt } from '../../../core/src/bench/teardown';
import { progress } from './progress';
import { failResult } from './result';
import { round } from './stats';

/** What `inTestContext` returns: the measurement, or the exit status of a run that failed. */
export type Outcome<R> = { kind: 'measured'; result: R } | { kind: 'failed'; code: number };

/**
 * Runs `measure` in an isolated Postgres schema and AMQP prefix (createTestContext), and removes
 * them afterwards, also after an error or Ctrl-C: `stop` ends what the run started (services,
 * pools), `abort` stops new work at once. A failure prints the JSON line of `benchmark`.
 */
export async function inTestContext<R>(o: {
  benchmark: string;
  poolMax: number;
  began: number;
  abort: () => void;
  stop: () => Promise<void>;
  measure: (t: TestContext) => Promise<R>;
  /** Extra diagnostics when the run failed (e.g. the services' last warnings). */
  onFailure?: (t: TestContext) => void;
  /** After the schema and the tracked queues are removed (e.g. queues the services declared on their own). */
  afterCleanup?: (t: TestContext) => Promise<void>;
}): Promise<Outcome<R>> {
  const fail = (err: unknown) => failResult(o.benchmark, err);
  let t: TestContext;
  try {
    t = await createTestContext({ poolMax: o.poolMax });
  } catch (err) {
    progress(`cannot run: ${(err as Error).message}`);
    return { kind: 'failed', code: fail(err) };
  }
  let cleaned: Promise<void> | null = null;
  const cleanup = () =>
    (cleaned ??= (async () => {
      o.abort();
      await o.stop().catch((err: Error) => void progress(`stopping failed: ${err.message}`));
      // t.cleanup() swallows a failed drop (a lock held by a session still closing): retry first.
      await dropSchemaRetrying(t.pool, t.schema, progress);
      await t.cleanup().catch((err: Error) => void progress(`cleanup failed: ${err.message}`));
      await o.afterCleanup?.(t).catch((err: Error) => void progress(`cleanup failed: ${err.message}`));
    })());
  const interrupted = exitOnInterrupt({ what: `${t.schema} and ${t.prefix}*`, abort: o.abort, cleanup, fail, progress });
  let result: R;
  try {
    result = await o.measure(t);
  } catch (err) {
    if (interrupted()) return new Promise<never>(() => undefined); // the signal handler exits
    progress(`benchmark failed: ${(err as Error).stack ?? err}`);
    o.onFailure?.(t);
    await cleanup();
    return { kind: 'failed', code: fail(err) };
  }
  await cleanup();
  progress(`done in ${round((performance.now() - o.began) / 1000, 1)} s; removed ${t.schema} and ${t.prefix}*`);
  return { kind: 'measured', result };
}
