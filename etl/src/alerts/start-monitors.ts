import { checkOperations, type MonitorOptions } from './monitors';

/** Runs {@link checkOperations} every `intervalMs` (a minute) until stopped; a failed check is logged and tried again. */
export function startMonitors(o: MonitorOptions & { intervalMs?: number }): { stop(): Promise<void> } {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    running = checkOperations(o)
      .then((n) => {
        if (n > 0) o.log.info({ alerts: n }, 'operations alerts raised');
      })
      .catch((err: Error) => o.log.warn({ err: err.message }, 'operations check failed'))
      .finally(() => {
        running = null;
        if (!stopped) timer = setTimeout(tick, o.intervalMs ?? 60_000);
      });
  };
  timer = setTimeout(tick, 1_000);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
