import { existsSync } from 'node:fs';
import { z } from 'zod';
import { createLogger, openEventStore, quoteIdent } from '@napominalka/core';
import { buildGraph, Executor, openEtlHistory, startRuntime } from '../index';
import { everySecond, faultAssets, type FaultWorld } from './fault-assets';

const HELP = `executor-child — one ETL process for the framework's fault tests (faults.int.test.ts)

Runs over the fault assets (testing/fault-assets.ts) against the schema PG_SCHEMA of DATABASE_URL:
  ETL_CHILD_MODE=executor   an Executor (concurrency 1) claiming queued runs (ETL_CHILD_ONLY: only these, comma-separated)
  ETL_CHILD_MODE=runtime    a whole runtime with the schedule "every-second" on the asset ticked
ETL_CHILD_RELEASE_FILE: the holding assets (held, second) wait until this file exists; unset: they do not wait.
Prints its progress as JSON lines on stdout ({"fault":"ready"|"holding"|"released"|"stopped", ...}),
the framework's log too (pino JSON, LOG_LEVEL, default info). SIGTERM stops it gracefully (exit 0).`;

const envSchema = z.object({
  DATABASE_URL: z.string().min(1),
  PG_SCHEMA: z.string().min(1),
  ETL_CHILD_MODE: z.enum(['executor', 'runtime']),
  ETL_CHILD_ONLY: z.string().optional(),
  ETL_CHILD_RELEASE_FILE: z.string().optional(),
  LOG_LEVEL: z.string().default('info'),
});

const say = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);

async function main(): Promise<void> {
  if (process.argv.includes('--help')) return void console.log(HELP);
  const env = envSchema.parse(process.env);
  const log = createLogger({ service: 'etl-fault-child', level: env.LOG_LEVEL }, { write: (l: string) => void process.stdout.write(l) });
  const { pool, store } = await openEventStore({ DATABASE_URL: env.DATABASE_URL, PG_POOL_MAX: 5, PG_SCHEMA: env.PG_SCHEMA }, log);
  const history = await openEtlHistory(store, pool);
  const release = env.ETL_CHILD_RELEASE_FILE;
  const world: FaultWorld = {
    pool,
    s: quoteIdent(env.PG_SCHEMA),
    async hold(ctx) {
      if (!release) return;
      say({ fault: 'holding', asset: ctx.asset, runId: ctx.runId, attempt: ctx.attempt });
      while (!existsSync(release)) await new Promise((r) => setTimeout(r, 25));
      say({ fault: 'released', asset: ctx.asset, runId: ctx.runId, attempt: ctx.attempt });
    },
  };
  const graph = buildGraph({ assets: faultAssets(), schedules: [everySecond] });
  const stop = await startMode(env, { history, graph, world, log });
  say({ fault: 'ready', pid: process.pid });
  process.once('SIGTERM', () => {
    void stop()
      .then(() => pool.end())
      .then(() => {
        say({ fault: 'stopped' });
        process.exit(0);
      });
  });
}

async function startMode(
  env: z.infer<typeof envSchema>,
  o: {
    history: Awaited<ReturnType<typeof openEtlHistory>>;
    graph: ReturnType<typeof buildGraph<FaultWorld>>;
    world: FaultWorld;
    log: ReturnType<typeof createLogger>;
  },
): Promise<() => Promise<void>> {
  if (env.ETL_CHILD_MODE === 'runtime') {
    const settings = { concurrency: 2, pollMs: 100, tickMs: 100, catchUpMs: 1_000, maxCatchUpTicks: 5, retentionDays: 30 };
    const runtime = startRuntime({ history: o.history, graph: o.graph, resources: o.world, log: o.log, settings });
    return () => runtime.stop();
  }
  const only = env.ETL_CHILD_ONLY ? env.ETL_CHILD_ONLY.split(',') : undefined;
  // Concurrency 1: while an attempt it holds is presumed lost, this executor claims nothing else.
  const executor = new Executor({ history: o.history, graph: o.graph, resources: o.world, log: o.log, concurrency: 1, pollMs: 50, ...(only ? { only } : {}) });
  executor.start();
  return () => executor.stop(2_000);
}

main().catch((err: Error) => {
  console.error(`executor-child: ${err.stack ?? err.message}`);
  process.exit(1);
});
