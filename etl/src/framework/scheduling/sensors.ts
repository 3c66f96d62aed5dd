import { etlStreams, quoteIdent, type Logger } from '@napominalka/core';
import type { SensorContext, SensorDefinition } from '../definitions/sensor';
import type { AssetGraph } from '../definitions/graph';
import type { EtlHistory } from '../history/history';
import { materializationsAfter, sensorCursor } from '../history/queries';
import { requestRun } from './requests';

/**
 * Evaluates one sensor from its stored cursor and records the outcome: the new cursor and its run
 * requests in one transaction, keyed by the cursor it started from, so two processes evaluating
 * the same cursor request each run once. Returns the runs requested.
 */
export async function evaluateSensor<R>(
  o: { history: EtlHistory; graph: AssetGraph<R>; resources: R; log: Logger; now?: () => Date },
  sensor: SensorDefinition<R>,
  signal: AbortSignal,
): Promise<string[]> {
  const { history } = o;
  const now = (o.now ?? (() => new Date()))();
  const previous = await sensorCursor(history.pool, history.s, sensor.name);
  const ctx: SensorContext<R> = {
    resources: o.resources,
    now,
    signal,
    materializationsAfter: async (asset, after) =>
      (await materializationsAfter(history.pool, history.s, asset, after)).map((m) => ({ partition: m.partition, position: m.position, metadata: m.metadata })),
    eventsAfter: async (types, after) => {
      const res = await history.pool.query<{ n: string; last: string | null }>(
        `select count(*) as n, max(global_position) as last from ${quoteIdent(history.store.schema)}.events where type = any($1) and global_position > $2`,
        [types, after],
      );
      return { count: Number(res.rows[0]!.n), lastPosition: Number(res.rows[0]!.last ?? after) };
    },
  };
  const result = await sensor.evaluate(ctx, previous);
  if (result.cursor === previous && result.requests.length === 0) return [];
  return history.transaction(async (w) => {
    const key = `etl-sensor:${sensor.name}:${previous ?? ''}`;
    const runIds: string[] = [];
    for (const [i, r] of result.requests.entries()) {
      const { runId } = await requestRun(
        w,
        o.graph,
        { assets: r.assets, partition: r.partition, reason: 'sensor', origin: `sensor:${sensor.name}`, key: `${key}:${i}` },
        now,
      );
      runIds.push(runId);
    }
    const res = await w.append(
      etlStreams.sensor(sensor.name),
      [{ type: 'EtlSensorTicked', data: { sensor: sensor.name, previousCursor: previous, cursor: result.cursor, runIds } }],
      { idempotencyKey: key },
    );
    if (res.duplicate) return [];
    if (runIds.length > 0) o.log.info({ sensor: sensor.name, cursor: result.cursor, runIds }, 'sensor requested runs');
    return runIds;
  });
}
