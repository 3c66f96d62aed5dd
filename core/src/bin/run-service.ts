import { ConfigError, loadConfig, type Config } from '../config';
import { createLogger, type Logger } from '../observability/logger';
import { initTracing } from '../observability/tracing';
import { startOpsServer } from '../observability/ops-server';
import { countPgStatements } from '../observability/pg-round-trips';

export interface RunningService {
  readiness: Record<string, () => Promise<boolean> | boolean>;
  stop(): Promise<void>;
}

/**
 * The one way a process of ours starts: `--help`, configuration (a bad value stops start-up with
 * one message naming every bad variable), logs, tracing, /healthz /readyz /metrics, and a
 * graceful stop on SIGTERM/SIGINT (stop taking work, finish what is in flight, close).
 */
export async function runService(def: { name: string; help: string; start(deps: { config: Config; log: Logger }): Promise<RunningService> }): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log(def.help);
    return;
  }
  let config: Config;
  try {
    config = loadConfig({ SERVICE_NAME: def.name, ...process.env });
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(1);
  }
  const log = createLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
  countPgStatements();
  const tracing = initTracing({ serviceName: config.SERVICE_NAME, enabled: config.OTEL_ENABLED, otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
  let service: RunningService;
  try {
    service = await def.start({ config, log });
  } catch (err) {
    log.fatal({ err: (err as Error).message }, 'start-up failed');
    await tracing.shutdown().catch(() => undefined);
    process.exit(1);
  }
  const ops = await startOpsServer({ host: config.HTTP_HOST, port: config.HTTP_PORT, service: config.SERVICE_NAME, readiness: service.readiness, logger: log });
  log.info({ opsPort: ops.port }, `${def.name} started`);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    const force = setTimeout(() => {
      log.error('graceful stop took too long; exiting');
      process.exit(1);
    }, 20_000).unref();
    try {
      await service.stop();
      await ops.close();
      await tracing.shutdown();
      clearTimeout(force);
      log.info('stopped');
      process.exit(0);
    } catch (err) {
      log.error({ err: (err as Error).message }, 'stop failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}
