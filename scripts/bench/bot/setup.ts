import path from 'node:path';
import { trackQueues, type TestContext } from '../../../core/src/testing/context';
import type { Child } from '../../../core/src/testing/child';
import { names, retryDelays } from '../../../core/src/bus/topology';
import { loadConfig } from '../../../core/src/config';
import { migrate } from '../../../core/src/store/migrations';
import { EmulatorControl } from '../../../bot/src/emulator/control-client';
import { BOT_MIGRATIONS } from '../../../bot/src/notifier/outbox';
import { progress } from '../common/progress';
import type { Services } from '../common/services';
import { round } from '../common/stats';
import { profileDir, type Args, type Settings } from './args';
import type { Ctx } from './section';

/** The bot's consumers: their queues are tracked so the run's cleanup removes them. */
const CONSUMERS = ['inference', 'reminders', 'projector-pg', 'bot-notifier'];

/** What every service of the run gets besides the test context's env: ops ports on any free port, no model, no tracing. */
const SERVICE_ENV = { LOG_LEVEL: 'info', HTTP_HOST: '127.0.0.1', HTTP_PORT: '0', OTEL_ENABLED: 'false', LLM_ENABLED: 'false', INFERENCE_PORT: '0' };

/** Its queues, parking and retry queues, removed with the test context. */
function trackConsumerQueues(prefix: string): void {
  const config = loadConfig({});
  const n = names(prefix);
  for (const consumer of CONSUMERS) {
    trackQueues(
      prefix,
      n.queue(consumer),
      n.parked(consumer),
      ...retryDelays(config.CONSUMER_MAX_ATTEMPTS, config.CONSUMER_RETRY_BASE_MS).map((x) => n.retry(consumer, x)),
    );
  }
}

/** pid → name of this process and of the running services. */
function pidsOf(services: Services): Record<number, string> {
  const p: Record<number, string> = { [process.pid]: 'bench' };
  for (const [k, c] of services.list()) if (c.proc.pid) p[c.proc.pid] = k;
  return p;
}

/**
 * Starts the emulator (a process of its own, as Telegram is not in the bot's or the bench's loop),
 * relay, inference and projector (postgres + scheduler); each section starts the bot at its
 * TELEGRAM_GLOBAL_RATE (useBotRate). Returns the sections' context.
 */
export async function startSystem(t: TestContext, s: Settings, args: Args, services: Services, aborted: () => boolean) {
  progress(`schema ${t.schema}, AMQP prefix ${t.prefix}`);
  trackConsumerQueues(t.prefix);
  await migrate(t.pool, t.schema, BOT_MIGRATIONS);
  const childEnv: Record<string, string> = { ...t.env, ...SERVICE_ENV };
  const profile = profileDir(args);
  const start = async (name: string, entry: string, env: Record<string, string>, ready: RegExp, argv: string[] = []): Promise<Child> => {
    const nodeArgs = profile && name !== 'emulator' ? ['--cpu-prof', `--cpu-prof-dir=${path.join(profile, name)}`] : [];
    const c = services.start({ name, entry, env: { ...childEnv, SERVICE_NAME: `bench-${name}`, ...env }, args: argv, nodeArgs });
    await services.guard(c.waitFor(ready, 90_000));
    return c;
  };
  let botRate: number | null = null;
  const startBot = async (globalRate: number) => {
    const c = await start('bot', 'bot/src/main.ts', { TELEGRAM_GLOBAL_RATE: String(globalRate) }, /"msg":"bot started"/);
    botRate = globalRate;
    progress(`bot (pid ${c.proc.pid}) started, TELEGRAM_GLOBAL_RATE=${globalRate}`);
    return c;
  };
  const started = performance.now();
  progress('starting the Bot API emulator, relay, inference, projector (postgres, scheduler)');
  const emulator = await start('emulator', 'bot/src/emulator/main.ts', {}, /Bot API emulator on http:\/\/\S+/, ['--port', '0']);
  const emu = { url: /on (http:\/\/\S+)/.exec(emulator.lines.find((l) => /Bot API emulator on/.test(l))!)![1]! };
  childEnv.TELEGRAM_API_ROOT = emu.url;
  const tg = new EmulatorControl(emu.url);
  progress(`emulator (pid ${emulator.proc.pid}) on ${emu.url}`);
  await Promise.all([
    start('relay', 'core/src/bin/relay.ts', {}, /relay is the leader/),
    start('inference', 'inference/src/main.ts', {}, /"msg":"inference started"/),
    start('projector', 'projector/src/main.ts', { PROJECTOR_COMPONENTS: 'postgres,scheduler' }, /"msg":"projector started"/),
  ]);
  const startSeconds = round((performance.now() - started) / 1000, 1);
  progress(`services up after ${startSeconds} s`);
  const ctx: Ctx = {
    t,
    s,
    emu,
    tg,
    guard: (p) => services.guard(p),
    startBot,
    stopBot: async () => {
      botRate = null;
      await services.stop('bot');
    },
    botRate: () => botRate,
    processes: () => services.list().map(([, c]) => c),
    pids: () => pidsOf(services),
    aborted,
  };
  return { ctx, startSeconds };
}
