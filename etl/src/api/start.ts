import { serve } from '@hono/node-server';
import type { Config, Logger } from '@napominalka/core';
import type { AssetGraph, EtlHistory } from '../framework';
import { createEtlApi } from './app';

/** Starts the control API when ETL_API_TOKEN is set (without one it would be open: it is not started). */
export function startEtlApi(
  config: Pick<Config, 'ETL_API_HOST' | 'ETL_API_PORT' | 'ETL_API_TOKEN'>,
  deps: { history: EtlHistory; graph: AssetGraph<unknown>; log: Logger },
): { stop(): Promise<void> } {
  if (!config.ETL_API_TOKEN) {
    deps.log.warn('ETL_API_TOKEN is not set: the ETL control API is not started (the UI ETL page shows it unavailable)');
    return { stop: async () => undefined };
  }
  const app = createEtlApi({ history: deps.history, graph: deps.graph, token: config.ETL_API_TOKEN });
  const server = serve({ fetch: app.fetch, hostname: config.ETL_API_HOST, port: config.ETL_API_PORT });
  deps.log.info({ host: config.ETL_API_HOST, port: config.ETL_API_PORT }, 'ETL control API listening');
  return { stop: () => new Promise<void>((r) => server.close(() => r())) };
}
