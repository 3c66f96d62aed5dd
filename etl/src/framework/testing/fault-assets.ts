import type pg from 'pg';
import { daily, defineAsset, defineSchedule, identity, unpartitioned, type AssetContext, type AssetDefinition, type RetryPolicy } from '../index';

/**
 * The world of the framework's fault tests, shared by the test process and its child executors:
 * each compute leaves a side effect in Postgres (so every process sees how often it ran), and the
 * holding assets wait on `hold` after it, which is where a test kills or cuts their executor.
 */
export interface FaultWorld {
  pool: pg.Pool;
  /** The quoted schema holding the side-effect table. */
  s: string;
  /** Awaited by `held` and `second` after their side effect; resolve to let the compute finish. */
  hold(ctx: AssetContext<FaultWorld>): Promise<void>;
}

/** One asset's computes of one partition in one run, as the side-effect table counts them. */
export interface ComputeRow {
  asset: string;
  partition: string;
  runId: string;
  computes: number;
  attempts: number[];
}

export const faultDays = daily({ start: '2026-10-01', timezone: 'UTC' });

/** The schedule the runtime children tick: one run of `ticked` a second. */
export const everySecond = defineSchedule({ name: 'every-second', cron: '* * * * * *', timezone: 'UTC', assets: ['ticked'] });

/** The side-effect table: one row per asset, partition and run, upserted by every compute. */
export async function createFaultTables(pool: pg.Pool, s: string): Promise<void> {
  await pool.query(`create table if not exists ${s}.etl_fault_computes (
    asset text not null, partition_key text not null, run_id uuid not null,
    computes integer not null, attempts integer[] not null, primary key (asset, partition_key, run_id))`);
}

export async function computesOf(pool: pg.Pool, s: string, runId: string): Promise<ComputeRow[]> {
  const res = await pool.query(`select * from ${s}.etl_fault_computes where run_id = $1 order by asset, partition_key`, [runId]);
  return res.rows.map((r: Record<string, unknown>) => ({
    asset: String(r.asset),
    partition: String(r.partition_key),
    runId: String(r.run_id),
    computes: Number(r.computes),
    attempts: (r.attempts as number[]).map(Number),
  }));
}

async function compute(ctx: AssetContext<FaultWorld>): Promise<number> {
  const { pool, s } = ctx.resources;
  const res = await pool.query<{ computes: number }>(
    `insert into ${s}.etl_fault_computes (asset, partition_key, run_id, computes, attempts) values ($1, $2, $3, 1, array[$4::int])
     on conflict (asset, partition_key, run_id) do update set computes = ${s}.etl_fault_computes.computes + 1, attempts = ${s}.etl_fault_computes.attempts || $4::int
     returning computes`,
    [ctx.asset, ctx.partition ?? '', ctx.runId, ctx.attempt],
  );
  return res.rows[0]!.computes;
}

/**
 * `held` (daily): computes, then holds. `first` → `second` (daily, identity): `first` computes at
 * once, `second` holds — killing there is killing after `first`'s materialization commit.
 * `ticked` (unpartitioned): its fingerprint is the run, so every scheduled run materializes.
 */
export function faultAssets(opts: { retry?: RetryPolicy } = {}): Array<AssetDefinition<FaultWorld>> {
  const retry = opts.retry ?? { maxAttempts: 2, backoffMs: 100 };
  const same = { partitions: faultDays, retry, observe: async () => 'source-unchanged' };
  return [
    defineAsset<FaultWorld>({
      key: 'held',
      description: 'computes, then holds until released',
      ...same,
      materialize: async (ctx) => {
        const computes = await compute(ctx);
        await ctx.resources.hold(ctx);
        return { metadata: { computes, attempt: ctx.attempt } };
      },
    }),
    defineAsset<FaultWorld>({
      key: 'first',
      description: 'computes at once',
      ...same,
      materialize: async (ctx) => ({ metadata: { computes: await compute(ctx), attempt: ctx.attempt } }),
    }),
    defineAsset<FaultWorld>({
      key: 'second',
      description: 'reads first, then holds until released',
      ...same,
      deps: [{ asset: 'first', mapping: identity() }],
      materialize: async (ctx) => {
        const computes = await compute(ctx);
        await ctx.resources.hold(ctx);
        return { metadata: { computes, attempt: ctx.attempt } };
      },
    }),
    defineAsset<FaultWorld>({
      key: 'ticked',
      description: 'a scheduled asset whose every run has new input',
      partitions: unpartitioned,
      retry,
      observe: async (ctx) => ctx.runId,
      materialize: async (ctx) => ({ metadata: { computes: await compute(ctx), attempt: ctx.attempt } }),
    }),
  ];
}
