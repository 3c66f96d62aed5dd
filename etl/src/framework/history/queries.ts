import type pg from 'pg';
import { etlFailureSchema, type EtlFailure, type EtlMetadata } from '@napominalka/core';
import { partitionColumn, partitionOf } from './tables';

/** Typed reads of the ETL read models (history/tables.ts). `s` is the quoted schema. */

export interface PartitionRow {
  asset: string;
  partition: string | null;
  dataVersion: string;
  runId: string;
  metadata: EtlMetadata;
  materializedAt: Date;
  position: number;
  materializations: number;
}

export interface CheckRow {
  asset: string;
  partition: string | null;
  check: string;
  severity: 'warn' | 'error';
  passed: boolean;
  runId: string;
  description: string;
  metadata: EtlMetadata;
  evaluatedAt: Date;
}

export interface RunRow {
  runId: string;
  assets: string[];
  partition: string | null;
  reason: string;
  origin: string;
  backfillId: string | null;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  attempt: number;
  maxAttempts: number;
  notBefore: Date | null;
  cancelRequested: boolean;
  executor: string | null;
  failure: EtlFailure | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  durationMs: number | null;
}

export interface StepRow {
  asset: string;
  attempt: number;
  status: string;
  dataVersion: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  durationMs: number | null;
  detail: unknown;
}

const toPartition = (r: Record<string, unknown>): PartitionRow => ({
  asset: String(r.asset),
  partition: partitionOf(String(r.partition_key)),
  dataVersion: String(r.data_version),
  runId: String(r.run_id),
  metadata: r.metadata as EtlMetadata,
  materializedAt: r.materialized_at as Date,
  position: Number(r.position),
  materializations: Number(r.materializations),
});

const toCheck = (r: Record<string, unknown>): CheckRow => ({
  asset: String(r.asset),
  partition: partitionOf(String(r.partition_key)),
  check: String(r.check_name),
  severity: r.severity === 'error' ? 'error' : 'warn',
  passed: Boolean(r.passed),
  runId: String(r.run_id),
  description: String(r.description),
  metadata: r.metadata as EtlMetadata,
  evaluatedAt: r.evaluated_at as Date,
});

export const toRun = (r: Record<string, unknown>): RunRow => ({
  runId: String(r.run_id),
  assets: r.assets as string[],
  partition: partitionOf(String(r.partition_key)),
  reason: String(r.reason),
  origin: String(r.origin),
  backfillId: (r.backfill_id as string | null) ?? null,
  status: r.status as RunRow['status'],
  attempt: Number(r.attempt),
  maxAttempts: Number(r.max_attempts),
  notBefore: (r.not_before as Date | null) ?? null,
  cancelRequested: Boolean(r.cancel_requested),
  executor: (r.executor as string | null) ?? null,
  failure: r.failure ? etlFailureSchema.parse(r.failure) : null,
  createdAt: r.created_at as Date,
  startedAt: (r.started_at as Date | null) ?? null,
  finishedAt: (r.finished_at as Date | null) ?? null,
  durationMs: r.duration_ms === null ? null : Number(r.duration_ms),
});

export async function partitionsOf(db: pg.ClientBase | pg.Pool, s: string, asset: string, keys?: ReadonlyArray<string | null>): Promise<PartitionRow[]> {
  const res = await db.query(`select * from ${s}.etl_partitions where asset = $1 and ($2::text[] is null or partition_key = any($2)) order by partition_key`, [
    asset,
    keys ? keys.map(partitionColumn) : null,
  ]);
  return res.rows.map(toPartition);
}

export async function checksOf(db: pg.ClientBase | pg.Pool, s: string, asset: string | null, keys?: ReadonlyArray<string | null>): Promise<CheckRow[]> {
  const res = await db.query(
    `select * from ${s}.etl_checks where ($1::text is null or asset = $1) and ($2::text[] is null or partition_key = any($2)) order by asset, partition_key, check_name`,
    [asset, keys ? keys.map(partitionColumn) : null],
  );
  return res.rows.map(toCheck);
}

export async function materializationsAfter(db: pg.Pool, s: string, asset: string, afterPosition: number): Promise<PartitionRow[]> {
  const res = await db.query(`select * from ${s}.etl_partitions where asset = $1 and position > $2 order by position`, [asset, afterPosition]);
  return res.rows.map(toPartition);
}

export interface RunFilter {
  status?: RunRow['status'];
  asset?: string;
  backfillId?: string;
  limit?: number;
}

export async function listRuns(db: pg.Pool, s: string, f: RunFilter = {}): Promise<RunRow[]> {
  const res = await db.query(
    `select * from ${s}.etl_runs
     where ($1::text is null or status = $1) and ($2::text is null or $2 = any(assets)) and ($3::uuid is null or backfill_id = $3)
     order by created_at desc limit $4`,
    [f.status ?? null, f.asset ?? null, f.backfillId ?? null, f.limit ?? 50],
  );
  return res.rows.map(toRun);
}

export async function getRun(db: pg.Pool | pg.ClientBase, s: string, runId: string): Promise<RunRow | null> {
  const res = await db.query(`select * from ${s}.etl_runs where run_id = $1`, [runId]);
  return res.rows[0] ? toRun(res.rows[0]) : null;
}

export async function stepsOf(db: pg.Pool, s: string, runId: string): Promise<StepRow[]> {
  const res = await db.query(`select * from ${s}.etl_steps where run_id = $1 order by started_at nulls last, asset`, [runId]);
  return res.rows.map((r) => ({
    asset: String(r.asset),
    attempt: Number(r.attempt),
    status: String(r.status),
    dataVersion: (r.data_version as string | null) ?? null,
    startedAt: (r.started_at as Date | null) ?? null,
    finishedAt: (r.finished_at as Date | null) ?? null,
    durationMs: r.duration_ms === null ? null : Number(r.duration_ms),
    detail: r.detail,
  }));
}

export async function lastTick(db: pg.Pool, s: string, schedule: string): Promise<Date | null> {
  const res = await db.query<{ last_tick_at: Date }>(`select last_tick_at from ${s}.etl_schedule_ticks where schedule = $1`, [schedule]);
  return res.rows[0]?.last_tick_at ?? null;
}

export async function sensorCursor(db: pg.Pool, s: string, sensor: string): Promise<string | null> {
  const res = await db.query<{ cursor: string | null }>(`select cursor from ${s}.etl_sensor_cursors where sensor = $1`, [sensor]);
  return res.rows[0]?.cursor ?? null;
}
