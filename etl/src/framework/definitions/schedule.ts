import { Cron } from 'croner';

/**
 * Runs assets on a cron in a named zone (croner). Each tick requests one run of the selection for
 * the partition `partitionFor(tick)` gives — by default the day that ended before the tick.
 * A tick is an idempotent append: however many ETL processes run, a tick makes one run.
 */
export interface ScheduleDefinition {
  name: string;
  cron: string;
  timezone: string;
  assets: readonly string[];
  /** The partition a tick materializes; default: the daily partition that ended last before it. */
  partitionFor?: (tick: Date) => string | null;
}

export function defineSchedule(def: ScheduleDefinition): ScheduleDefinition {
  if (!/^[a-z][a-z0-9_-]{0,62}$/.test(def.name)) throw new Error(`schedule name ${JSON.stringify(def.name)} is not a valid key`);
  try {
    // croner checks the zone only when it computes a time: ask it for one, so an unknown zone
    // stops the start instead of failing every tick (and the schedules after it in the loop).
    new Cron(def.cron, { timezone: def.timezone, paused: true }).nextRun();
  } catch (err) {
    throw new Error(`schedule ${def.name}: invalid cron ${JSON.stringify(def.cron)} or zone ${JSON.stringify(def.timezone)}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  return def;
}

/** Tick instants in (after, until], oldest first, at most `limit` (the newest ones). */
export function ticksBetween(def: ScheduleDefinition, after: Date, until: Date, limit: number): Date[] {
  const cron = new Cron(def.cron, { timezone: def.timezone, paused: true });
  const ticks: Date[] = [];
  for (let t = cron.nextRun(after); t && t <= until; t = cron.nextRun(t)) {
    ticks.push(t);
    if (ticks.length > limit) ticks.shift();
  }
  return ticks;
}
