import { z } from 'zod';
import { eventType } from './catalog-builder';

/**
 * The ETL's own history (etl/): runs, steps, materializations, check results, schedule ticks,
 * sensor cursors and backfills are events in the same store as everything else, so they replay
 * and show in `pnpm replay` like the chats' events. Streams:
 *
 * - `etl-run-<runId>`: one run's life (requested → started → steps → finished). Old finished runs
 *   are deleted by the retention setting; nothing else depends on them.
 * - `etl-asset-<key>`: every materialization and check result of one asset, kept for good (one
 *   event per partition per run), so partition status survives run retention.
 * - `etl-schedule-<name>`, `etl-sensor-<name>`, `etl-backfill-<id>`: ticks, cursors, backfills.
 */
const runId = z.string().uuid();
const assetKey = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/);
const partition = z.string().max(64).nullable();
const metadataValue = z.union([z.number(), z.string(), z.boolean(), z.null()]);
/** What a materialization or check records: figures, counts, links to reports. */
export const etlMetadataSchema = z.record(metadataValue);
export type EtlMetadata = z.infer<typeof etlMetadataSchema>;

export const etlRunReasonSchema = z.enum(['schedule', 'sensor', 'backfill', 'manual']);
export const etlStepSkipReasonSchema = z.enum(['unchanged', 'blocked', 'upstream-failed']);
export const etlFailureSchema = z.object({
  /** What kind of failure: decides whether a retry can help. */
  code: z.enum(['error', 'timeout', 'executor-lost', 'check-failed', 'upstream-missing', 'blocked']),
  message: z.string().max(4000),
});
export type EtlFailure = z.infer<typeof etlFailureSchema>;

export const etlCatalog = {
  EtlRunRequested: eventType(
    z.object({
      runId,
      /** Assets of the run, in dependency order. */
      assets: z.array(assetKey).min(1),
      partition,
      reason: etlRunReasonSchema,
      /** The schedule, sensor, backfill or operator that asked. */
      origin: z.string().max(200),
      maxAttempts: z.number().int().min(1),
      /** Re-materialize even when the inputs did not change. */
      force: z.boolean().default(false),
      backfillId: z.string().uuid().optional(),
    }),
  ),
  EtlRunStarted: eventType(z.object({ runId, attempt: z.number().int().min(1), executor: z.string().max(200) })),
  EtlStepStarted: eventType(z.object({ runId, attempt: z.number().int().min(1), asset: assetKey, dataVersion: z.string() })),
  EtlStepSucceeded: eventType(z.object({ runId, attempt: z.number().int().min(1), asset: assetKey, durationMs: z.number().min(0) })),
  EtlStepSkipped: eventType(
    z.object({ runId, attempt: z.number().int().min(1), asset: assetKey, reason: etlStepSkipReasonSchema, detail: z.string().max(2000) }),
  ),
  EtlStepFailed: eventType(z.object({ runId, attempt: z.number().int().min(1), asset: assetKey, durationMs: z.number().min(0), failure: etlFailureSchema })),
  EtlRunLogged: eventType(
    z.object({ runId, attempt: z.number().int().min(1), asset: assetKey.optional(), level: z.enum(['info', 'warn', 'error']), message: z.string().max(2000) }),
  ),
  EtlRunRetryScheduled: eventType(
    z.object({ runId, nextAttempt: z.number().int().min(2), notBefore: z.string().datetime({ offset: true }), failure: etlFailureSchema }),
  ),
  EtlRunSucceeded: eventType(z.object({ runId, attempt: z.number().int().min(1), durationMs: z.number().min(0) })),
  EtlRunFailed: eventType(z.object({ runId, attempt: z.number().int().min(0), failure: etlFailureSchema })),
  EtlRunCancelRequested: eventType(z.object({ runId, by: z.string().max(200) })),
  EtlRunCancelled: eventType(z.object({ runId, attempt: z.number().int().min(0) })),
  EtlAssetMaterialized: eventType(
    z.object({ asset: assetKey, partition, runId, dataVersion: z.string(), metadata: etlMetadataSchema, durationMs: z.number().min(0) }),
  ),
  EtlCheckEvaluated: eventType(
    z.object({
      asset: assetKey,
      partition,
      runId,
      check: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/),
      severity: z.enum(['warn', 'error']),
      passed: z.boolean(),
      description: z.string().max(2000),
      metadata: etlMetadataSchema,
    }),
  ),
  EtlScheduleTicked: eventType(z.object({ schedule: z.string(), tickAt: z.string().datetime({ offset: true }), runIds: z.array(runId) })),
  EtlSensorTicked: eventType(z.object({ sensor: z.string(), previousCursor: z.string().nullable(), cursor: z.string().nullable(), runIds: z.array(runId) })),
  EtlBackfillRequested: eventType(
    z.object({
      backfillId: z.string().uuid(),
      assets: z.array(assetKey).min(1),
      partitions: z.array(z.string()).min(1),
      concurrency: z.number().int().min(1),
      runIds: z.array(runId),
    }),
  ),
} as const;

export type EtlEventType = keyof typeof etlCatalog;
export const ETL_EVENT_TYPES = Object.keys(etlCatalog) as EtlEventType[];

export const etlStreams = {
  run: (id: string) => `etl-run-${id}`,
  asset: (key: string) => `etl-asset-${key}`,
  schedule: (name: string) => `etl-schedule-${name}`,
  sensor: (name: string) => `etl-sensor-${name}`,
  backfill: (id: string) => `etl-backfill-${id}`,
};
