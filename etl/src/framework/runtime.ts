import type { Logger } from '@napominalka/core';
import type { AssetGraph } from './definitions/graph';
import { Executor } from './execution/executor';
import { updateFreshness } from './execution/freshness';
import type { EtlHistory } from './history/history';
import { applyRunRetention } from './history/retention';
import { evaluateSensor } from './scheduling/sensors';
import { tickSchedules } from './scheduling/ticker';

export interface RuntimeSettings {
  concurrency: number;
  pollMs: number;
  tickMs: number;
  catchUpMs: number;
  maxCatchUpTicks: number;
  retentionDays: number;
}

export interface EtlRuntime<R> {
  executor: Executor<R>;
  stop(): Promise<void>;
}

/**
 * One ETL process: the executor, the schedule ticker, every sensor on its interval, run retention
 * and the freshness gauge. Any number may run against one store.
 */
export function startRuntime<R>(o: {
  history: EtlHistory;
  graph: AssetGraph<R>;
  resources: R;
  log: Logger;
  settings: RuntimeSettings;
  now?: () => Date;
}): EtlRuntime<R> {
  const { history, graph, log, settings } = o;
  const now = o.now ?? (() => new Date());
  const stopper = new AbortController();
  const executor = new Executor({ history, graph, resources: o.resources, log, concurrency: settings.concurrency, pollMs: settings.pollMs, now });
  executor.start();
  const loops: Array<Promise<void>> = [];
  const every = (name: string, ms: number, fn: () => Promise<unknown>) => {
    loops.push(
      (async () => {
        while (!stopper.signal.aborted) {
          try {
            if ((await fn()) !== 0) executor.poke();
          } catch (err) {
            log.warn({ loop: name, err: (err as Error).message }, 'ETL loop failed; trying again');
          }
          await sleep(ms, stopper.signal);
        }
      })(),
    );
  };
  every('schedules', settings.tickMs, () =>
    tickSchedules({ history, graph, log, catchUpMs: settings.catchUpMs, maxCatchUpTicks: settings.maxCatchUpTicks, now }),
  );
  for (const sensor of graph.sensors) {
    every(
      `sensor:${sensor.name}`,
      sensor.intervalMs,
      async () => (await evaluateSensor({ history, graph, resources: o.resources, log, now }, sensor, stopper.signal)).length,
    );
  }
  every('retention', 3_600_000, async () => {
    const n = await applyRunRetention(history, settings.retentionDays);
    if (n > 0) log.info({ runs: n, days: settings.retentionDays }, 'old runs deleted by retention');
    return 0;
  });
  every('freshness', 30_000, async () => (await updateFreshness(history, graph, now()), 0));
  return {
    executor,
    async stop() {
      stopper.abort();
      await Promise.all(loops);
      await executor.stop();
    },
  };
}

/**
 * Waits `ms`, or until the signal aborts — also when it aborted while the loop's work ran (a stop
 * must not wait out the retention loop's hour). Each wait removes its listener: a loop ticking
 * every 100 ms would otherwise pile up one on the runtime's signal per tick.
 */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
