import type pg from 'pg';
import { partitionColumn } from './tables';
import type { StoredEtlEvent } from './etl-event';

/**
 * Applies one ETL event to the read models (in the caller's transaction). A pure function of the
 * events: a rebuild folding every ETL event in log order gives the same tables. `s` is the quoted
 * schema.
 */
export async function projectEtlEvent(tx: pg.ClientBase, s: string, e: StoredEtlEvent): Promise<void> {
  const at = e.recordedAt;
  switch (e.type) {
    case 'EtlRunRequested': {
      const d = e.data;
      await tx.query(
        `insert into ${s}.etl_runs (run_id, assets, partition_key, reason, origin, backfill_id, status, max_attempts, force, created_at)
         values ($1, $2, $3, $4, $5, $6, 'queued', $7, $8, $9) on conflict (run_id) do nothing`,
        [d.runId, d.assets, partitionColumn(d.partition), d.reason, d.origin, d.backfillId ?? null, d.maxAttempts, d.force, at],
      );
      return;
    }
    case 'EtlRunStarted':
      await tx.query(
        `update ${s}.etl_runs set status = 'running', attempt = $2, executor = $3, not_before = null, started_at = coalesce(started_at, $4), failure = null where run_id = $1`,
        [e.data.runId, e.data.attempt, e.data.executor, at],
      );
      // Steps show the current attempt only.
      await tx.query(`delete from ${s}.etl_steps where run_id = $1`, [e.data.runId]);
      return;
    case 'EtlStepStarted':
      await tx.query(
        `insert into ${s}.etl_steps (run_id, asset, attempt, status, data_version, started_at) values ($1, $2, $3, 'running', $4, $5)
         on conflict (run_id, asset) do update set attempt = excluded.attempt, status = 'running', data_version = excluded.data_version, started_at = excluded.started_at, finished_at = null, duration_ms = null, detail = null`,
        [e.data.runId, e.data.asset, e.data.attempt, e.data.dataVersion, at],
      );
      return;
    case 'EtlStepSucceeded':
      await finishStep(tx, s, e.data.runId, e.data.asset, e.data.attempt, 'succeeded', at, e.data.durationMs, null);
      return;
    case 'EtlStepFailed':
      await finishStep(tx, s, e.data.runId, e.data.asset, e.data.attempt, 'failed', at, e.data.durationMs, e.data.failure);
      return;
    case 'EtlStepSkipped':
      await finishStep(tx, s, e.data.runId, e.data.asset, e.data.attempt, 'skipped', at, 0, { reason: e.data.reason, detail: e.data.detail });
      return;
    case 'EtlRunRetryScheduled':
      await tx.query(`update ${s}.etl_runs set status = 'queued', not_before = $2, failure = $3 where run_id = $1`, [
        e.data.runId,
        e.data.notBefore,
        e.data.failure,
      ]);
      return;
    case 'EtlRunSucceeded':
      await finishRun(tx, s, e.data.runId, 'succeeded', at, e.data.durationMs, null);
      return;
    case 'EtlRunFailed':
      await finishRun(tx, s, e.data.runId, 'failed', at, null, e.data.failure);
      return;
    case 'EtlRunCancelled':
      await finishRun(tx, s, e.data.runId, 'cancelled', at, null, null);
      return;
    case 'EtlRunCancelRequested':
      await tx.query(`update ${s}.etl_runs set cancel_requested = true where run_id = $1`, [e.data.runId]);
      return;
    case 'EtlRunLogged':
      return;
    case 'EtlAssetMaterialized': {
      const d = e.data;
      await tx.query(
        `insert into ${s}.etl_partitions (asset, partition_key, data_version, run_id, metadata, materialized_at, position)
         values ($1, $2, $3, $4, $5, $6, $7)
         on conflict (asset, partition_key) do update set data_version = excluded.data_version, run_id = excluded.run_id,
           metadata = excluded.metadata, materialized_at = excluded.materialized_at, position = excluded.position,
           materializations = ${s}.etl_partitions.materializations + 1`,
        [d.asset, partitionColumn(d.partition), d.dataVersion, d.runId, d.metadata, at, e.globalPosition],
      );
      return;
    }
    case 'EtlCheckEvaluated': {
      const d = e.data;
      await tx.query(
        `insert into ${s}.etl_checks (asset, partition_key, check_name, severity, passed, run_id, description, metadata, evaluated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         on conflict (asset, partition_key, check_name) do update set severity = excluded.severity, passed = excluded.passed,
           run_id = excluded.run_id, description = excluded.description, metadata = excluded.metadata, evaluated_at = excluded.evaluated_at`,
        [d.asset, partitionColumn(d.partition), d.check, d.severity, d.passed, d.runId, d.description, d.metadata, at],
      );
      return;
    }
    case 'EtlScheduleTicked':
      await tx.query(
        `insert into ${s}.etl_schedule_ticks (schedule, last_tick_at) values ($1, $2)
         on conflict (schedule) do update set last_tick_at = greatest(${s}.etl_schedule_ticks.last_tick_at, excluded.last_tick_at), ticks = ${s}.etl_schedule_ticks.ticks + 1`,
        [e.data.schedule, e.data.tickAt],
      );
      return;
    case 'EtlSensorTicked':
      await tx.query(
        `insert into ${s}.etl_sensor_cursors (sensor, cursor, updated_at) values ($1, $2, $3)
         on conflict (sensor) do update set cursor = excluded.cursor, updated_at = excluded.updated_at`,
        [e.data.sensor, e.data.cursor, at],
      );
      return;
    case 'EtlBackfillRequested':
      await tx.query(
        `insert into ${s}.etl_backfills (backfill_id, assets, partitions, concurrency, created_at) values ($1, $2, $3, $4, $5) on conflict do nothing`,
        [e.data.backfillId, e.data.assets, e.data.partitions.length, e.data.concurrency, at],
      );
      return;
  }
}

async function finishStep(
  tx: pg.ClientBase,
  s: string,
  runId: string,
  asset: string,
  attempt: number,
  status: string,
  at: string,
  durationMs: number,
  detail: unknown,
): Promise<void> {
  await tx.query(`update ${s}.etl_steps set status = $4, finished_at = $5, duration_ms = $6, detail = $7 where run_id = $1 and asset = $2 and attempt = $3`, [
    runId,
    asset,
    attempt,
    status,
    at,
    durationMs,
    detail === null ? null : JSON.stringify(detail),
  ]);
  // A skipped step may never have started.
  if (status === 'skipped') {
    await tx.query(
      `insert into ${s}.etl_steps (run_id, asset, attempt, status, started_at, finished_at, duration_ms, detail) values ($1, $2, $3, 'skipped', $4, $4, 0, $5)
       on conflict (run_id, asset) do nothing`,
      [runId, asset, attempt, at, JSON.stringify(detail)],
    );
  }
}

async function finishRun(tx: pg.ClientBase, s: string, runId: string, status: string, at: string, durationMs: number | null, failure: unknown): Promise<void> {
  await tx.query(
    `update ${s}.etl_runs set status = $2, finished_at = $3, duration_ms = coalesce($4, duration_ms), failure = coalesce($5, failure), not_before = null where run_id = $1`,
    [runId, status, at, durationMs, failure === null ? null : JSON.stringify(failure)],
  );
}
