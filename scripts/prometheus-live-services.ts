import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../core/src/config';
import { names, retryDelays } from '../core/src/bus/topology';
import { createTestContext, freePort, TEST_AMQP_URL, trackQueues, type TestContext } from '../core/src/testing/index';
import { startTelegramEmulator, type RunningTelegramEmulator } from '../bot/src/emulator/server';
import { EmulatorControl } from '../bot/src/emulator/control-client';
import { ALERTS_CONSUMER } from '../bot/src/alerts/alerts-handler';
import { NOTIFIER_CONSUMER } from '../bot/src/notifier/notifier-handler';
import { CONVERSATION_CONSUMER } from '../bot/src/replies/conversation-handler';
import { CH_CONSUMER } from '../projector/src/clickhouse/projection';
import { PG_PROJECTION } from '../projector/src/pg/tables';
import { Services } from './bench/common/services';
import type { LocalTargets } from './prometheus-live-config';

/**
 * Every service of docker-compose.yml that Prometheus scrapes, each a real process of this
 * machine in one isolated test context (schema and AMQP prefix), with its ops server (/metrics)
 * on a free port: two relays (leader and standby), inference, the projector (Postgres read model
 * and the embedded ClickHouse behind its gateway), the scheduler, the bot (on the Telegram
 * emulator), the ETL and the UI. RabbitMQ is the broker the tests use, with its prometheus plugin.
 */
export interface LiveServices {
  t: TestContext;
  services: Services;
  emu: RunningTelegramEmulator;
  tg: EmulatorControl;
  /** Compose service name → the host:port of its /metrics here. */
  targets: LocalTargets;
  stop(): Promise<void>;
}

const CONSUMERS = ['inference', CONVERSATION_CONSUMER, NOTIFIER_CONSUMER, ALERTS_CONSUMER, PG_PROJECTION, CH_CONSUMER];
/** The broker's prometheus plugin (rabbitmq_prometheus) on the tests' broker, as compose's rabbitmq:15692. */
const RABBITMQ_METRICS = `${new URL(TEST_AMQP_URL).hostname}:15692`;
const MANAGEMENT = process.env.TEST_RABBITMQ_MANAGEMENT_URL ?? 'http://guest:guest@127.0.0.1:15672';

/** The consumers' queues, parking and retry queues, removed with the test context. */
function trackConsumerQueues(prefix: string): void {
  const config = loadConfig({});
  const n = names(prefix);
  for (const c of CONSUMERS)
    trackQueues(prefix, n.queue(c), n.parked(c), ...retryDelays(config.CONSUMER_MAX_ATTEMPTS, config.CONSUMER_RETRY_BASE_MS).map((x) => n.retry(c, x)));
}

/** Starts one replica of a compose service; resolves once it logged `ready`. */
type Start = (service: string, replica: string, entry: string, env: Record<string, string>, ready: RegExp) => Promise<void>;

/** In compose's order of dependence: the backbone and the projector, the standby relay, then what reads ClickHouse. */
async function startEveryService(start: Start, o: { telegram: string; dataDir: string }): Promise<void> {
  const [gateway, etlApi, uiPort] = [await freePort(), await freePort(), await freePort()];
  const chUrl = `http://127.0.0.1:${gateway}`;
  const projector = {
    PROJECTOR_COMPONENTS: 'postgres,clickhouse',
    CLICKHOUSE_DATA_DIR: o.dataDir,
    CLICKHOUSE_GATEWAY_PORT: String(gateway),
    CLICKHOUSE_FLUSH_MS: '200',
  };
  await Promise.all([
    start('relay', 'relay-1', 'core/src/bin/relay.ts', {}, /relay is the leader/),
    start('inference', 'inference', 'inference/src/main.ts', { INFERENCE_PORT: '0' }, /"msg":"inference started"/),
    start('projector', 'projector', 'projector/src/main.ts', projector, /"msg":"projector started"/),
    start('scheduler', 'scheduler', 'projector/src/main.ts', { PROJECTOR_COMPONENTS: 'scheduler', SCHEDULER_POLL_MS: '200' }, /"msg":"projector started"/),
    start('bot', 'bot', 'bot/src/main.ts', { TELEGRAM_API_ROOT: o.telegram }, /"msg":"bot started"/),
  ]);
  // The standby starts once the first holds the lock, so which one leads is known.
  await start('relay', 'relay-2', 'core/src/bin/relay.ts', {}, /"msg":"relay started"/);
  const etl = {
    CLICKHOUSE_URL: chUrl,
    ETL_API_PORT: String(etlApi),
    ETL_TIMEZONE: 'UTC',
    MODEL_RETRAINING_CRON: 'off',
    ETL_TICK_MS: '500',
    ETL_POLL_MS: '200',
  };
  const ui = { CLICKHOUSE_URL: chUrl, UI_HOST: '127.0.0.1', UI_PORT: String(uiPort), UI_ETL_URL: `http://127.0.0.1:${etlApi}` };
  await Promise.all([start('etl', 'etl', 'etl/src/main.ts', etl, /ETL running/), start('ui', 'ui', 'ui/src/main.ts', ui, /"msg":"ui started"/)]);
}

/** Starts them all; stops what started if one fails. */
export async function startLiveServices(chat: number): Promise<LiveServices> {
  const t = await createTestContext();
  trackConsumerQueues(t.prefix);
  const services = new Services();
  const emu = await startTelegramEmulator({ port: 0 });
  const tg = new EmulatorControl(emu.url);
  await tg.addChats([{ user: { id: chat } }]);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'prometheus-live-ch-'));
  const targets: LocalTargets = { rabbitmq: [RABBITMQ_METRICS] };
  const stop = async () => {
    for (const [name] of services.list().reverse()) await services.stop(name);
    await emu.close();
    await t.cleanup();
    await rm(dataDir, { recursive: true, force: true });
  };
  const base = {
    ...t.env,
    LOG_LEVEL: 'info',
    HTTP_HOST: '127.0.0.1',
    OTEL_ENABLED: 'false',
    LLM_ENABLED: 'false',
    RABBITMQ_MANAGEMENT_URL: MANAGEMENT,
    CLICKHOUSE_USER: 'etl',
    CLICKHOUSE_PASSWORD: 'prometheus-live-secret',
  };
  const start: Start = async (service, replica, entry, env, ready) => {
    const port = await freePort();
    const c = services.start({ name: replica, entry, env: { ...base, SERVICE_NAME: `live-${replica}`, HTTP_PORT: String(port), ...env } });
    await services.guard(c.waitFor(ready, 90_000));
    (targets[service] ??= []).push(`127.0.0.1:${port}`);
  };
  try {
    await startEveryService(start, { telegram: emu.url, dataDir });
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
  return { t, services, emu, tg, targets, stop };
}
