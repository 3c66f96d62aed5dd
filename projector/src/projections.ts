import type { Config, EventStore, Logger } from '@napominalka/core';

/** One projection the projector service runs: started with the shared store, stopped on SIGTERM. */
export interface RunningProjection {
  readiness: Record<string, () => Promise<boolean> | boolean>;
  stop(): Promise<void>;
}

export type ProjectionStarter = (deps: { config: Config; log: Logger; store: EventStore }) => Promise<RunningProjection>;
