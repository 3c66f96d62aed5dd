import { createRequire } from 'node:module';
import type { z as Zod } from '../etl/node_modules/zod';

/**
 * What the ETL benchmark's parent and its child processes exchange: the job (env BENCH_ETL_JOB)
 * and the result (the child's last stdout line), both JSON checked against these schemas. zod is
 * a dependency of the packages, not of the workspace root: loaded from the ETL's.
 */
const { z } = createRequire(new URL('../etl/package.json', import.meta.url))('zod') as { z: typeof Zod };

const dataset = z.object({
  database: z.string(),
  days: z.array(z.object({ day: z.string(), parses: z.number().int().positive() })).min(1),
  chats: z.number().int().positive(),
  seed: z.number().int(),
});
export type DatasetSpec = Zod.infer<typeof dataset>;

const common = { dataDir: z.string(), schema: z.string(), now: z.string() };
/** The day measured, with the first day of its dataset (the partitions' start). */
const target = { database: z.string(), day: z.string(), start: z.string() };

export const jobSchema = z.discriminatedUnion('what', [
  z.object({ what: z.literal('generate'), ...common, datasets: z.array(dataset), regenerate: z.boolean() }),
  z.object({ what: z.literal('asset'), ...common, ...target, asset: z.enum(['parse_quality', 'drift_report']) }),
  z.object({
    what: z.literal('ceiling'),
    ...common,
    ...target,
    ceiling: z.enum(['parse-quality-sql', 'scan-day', 'scan-drift']),
    runs: z.number().int().positive(),
  }),
  z.object({ what: z.literal('profile'), ...common, ...target }),
  /** Appends the backfill's runs (no ClickHouse needed: the runs are executed by `execute` jobs). */
  z.object({ what: z.literal('request-backfill'), ...common, start: z.string(), from: z.string(), to: z.string(), concurrency: z.number().int().positive() }),
  z.object({
    what: z.literal('execute'),
    ...common,
    database: z.string(),
    start: z.string(),
    runIds: z.array(z.string()).min(1),
    concurrency: z.number().int().positive(),
    /** The ETL's ClickHouse: embedded in this process (one chdb connection), or over HTTP (the gateway's). */
    clickhouse: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('embedded') }),
      z.object({ kind: z.literal('http'), url: z.string(), user: z.string(), password: z.string() }),
    ]),
  }),
  /** The projector's part: the gateway on the embedded engine, until SIGTERM (its first stdout line says where). */
  z.object({ what: z.literal('gateway'), dataDir: z.string(), database: z.string(), user: z.string(), password: z.string() }),
]);
export type Job = Zod.infer<typeof jobSchema>;
export type JobKind = Job['what'];

/**
 * The child process: its peak resident set (VmHWM) at the end and after opening everything
 * (before the work), and the CPU it used (user + system, all threads).
 */
const proc = z.object({ peakBytes: z.number(), baseBytes: z.number(), cpuMs: z.number() });
const run = z.object({ status: z.string(), durationMs: z.number().nullable(), failure: z.string().nullable() });

export const resultSchema = z.discriminatedUnion('what', [
  z.object({
    what: z.literal('generate'),
    proc,
    clickhouseVersion: z.string(),
    datasets: z.array(
      z.object({ database: z.string(), reused: z.boolean(), seconds: z.number(), rows: z.number(), compressedBytes: z.number(), parts: z.number() }),
    ),
  }),
  z.object({
    what: z.literal('asset'),
    proc,
    wallMs: z.number(),
    run,
    steps: z.array(z.object({ asset: z.string(), status: z.string(), durationMs: z.number().nullable() })),
    metadata: z.record(z.unknown()),
  }),
  z.object({
    what: z.literal('ceiling'),
    proc,
    runsMs: z.array(z.number()),
    rows: z.number(),
    /** parse-quality-sql only: its `*` row against the asset's, figure by figure. */
    agreement: z.array(z.object({ figure: z.string(), sql: z.unknown(), asset: z.unknown(), equal: z.boolean() })).nullable(),
  }),
  z.object({
    what: z.literal('profile'),
    proc,
    phases: z.array(z.object({ name: z.string(), ms: z.number(), peakBytesAfter: z.number() })),
    sizes: z.record(z.number()),
  }),
  z.object({ what: z.literal('request-backfill'), runIds: z.array(z.string()) }),
  z.object({
    what: z.literal('execute'),
    proc,
    /** Epoch ms around executeRuns: processes executing one backfill together are timed from the first start to the last end. */
    startedAt: z.number(),
    endedAt: z.number(),
    runs: z.array(run.extend({ partition: z.string().nullable() })),
  }),
  z.object({ what: z.literal('gateway'), url: z.string() }),
]);
export type ChildResult = Zod.infer<typeof resultSchema>;
export type ResultOf<K extends JobKind> = Extract<ChildResult, { what: K }>;
