import { etlStreams, type Logger } from '@napominalka/core';
import { ticksBetween, type ScheduleDefinition } from '../definitions/schedule';
import type { AssetGraph } from '../definitions/graph';
import type { EtlHistory } from '../history/history';
import { lastTick } from '../history/queries';
import { previousDay } from '../partitions/definition';
import { requestRun } from './requests';

export interface TickerOptions<R> {
  history: EtlHistory;
  graph: AssetGraph<R>;
  log: Logger;
  /** How far back missed ticks are made up for after a stop (and on the very first start). */
  catchUpMs: number;
  /** Missed ticks made up for at most, newest kept. */
  maxCatchUpTicks: number;
  now?: () => Date;
}

/**
 * Turns due schedule ticks into runs. Each tick is appended to the schedule's stream with the key
 * `etl-tick:<schedule>:<instant>` in the same transaction as its run request: any number of ETL
 * processes may tick at once, a tick happens once, and a tick that happened has its run.
 */
export async function tickSchedules<R>(o: TickerOptions<R>): Promise<number> {
  const now = (o.now ?? (() => new Date()))();
  let made = 0;
  for (const schedule of o.graph.schedules) {
    const last = await lastTick(o.history.pool, o.history.s, schedule.name);
    const floor = new Date(now.getTime() - o.catchUpMs);
    const after = last && last > floor ? last : floor;
    for (const tick of ticksBetween(schedule, after, now, o.maxCatchUpTicks)) {
      if (await tickOnce(o, schedule, tick)) made++;
    }
  }
  return made;
}

async function tickOnce<R>(o: TickerOptions<R>, schedule: ScheduleDefinition, tick: Date): Promise<boolean> {
  const partition = schedule.partitionFor ? schedule.partitionFor(tick) : previousDay(o.graph.get(schedule.assets[0]!).partitions, tick);
  const key = `etl-tick:${schedule.name}:${tick.toISOString()}`;
  return o.history.transaction(async (w) => {
    const runIds: string[] = [];
    // A daily schedule ticking before its assets' first day has nothing to run yet.
    const hasPartition = partition !== null || o.graph.get(schedule.assets[0]!).partitions.kind === 'none';
    if (hasPartition) {
      const { runId } = await requestRun(
        w,
        o.graph,
        { assets: schedule.assets, partition, reason: 'schedule', origin: `schedule:${schedule.name}`, key },
        tick,
      );
      runIds.push(runId);
    }
    const res = await w.append(
      etlStreams.schedule(schedule.name),
      [{ type: 'EtlScheduleTicked', data: { schedule: schedule.name, tickAt: tick.toISOString(), runIds } }],
      { idempotencyKey: key },
    );
    if (!res.duplicate) o.log.info({ schedule: schedule.name, tick: tick.toISOString(), partition, runIds }, 'schedule ticked');
    return !res.duplicate;
  });
}
