import { randomBytes } from 'node:crypto';
import { trackQueues, type TestContext } from '../../../core/src/testing/context';
import { freePort } from '../../../core/src/testing/free-port';
import { names, retryDelays } from '../../../core/src/bus/topology';
import type { loadConfig } from '../../../core/src/config';
import type { Services } from './services';
import { round } from './stats';

/**
 * Starts the inference service (worker and POST /v1/parse) and a relay as child processes in the
 * run's schema and AMQP prefix (bench:inference, bench:models); resolves when the service answers
 * /readyz. `whenLeader` resolves once the relay leads (or rejects when it dies first).
 */
export async function startInference(t: TestContext, services: Services, o: { config: ReturnType<typeof loadConfig>; env?: Record<string, string> }) {
  const n = names(t.prefix);
  trackQueues(
    t.prefix,
    n.queue('inference'),
    n.parked('inference'),
    ...retryDelays(o.config.CONSUMER_MAX_ATTEMPTS, o.config.CONSUMER_RETRY_BASE_MS).map((d) => n.retry('inference', d)),
  );
  const port = await freePort();
  const apiKey = randomBytes(18).toString('base64url');
  const childEnv = { ...t.env, LOG_LEVEL: 'info', HTTP_HOST: '127.0.0.1', HTTP_PORT: '0', OTEL_ENABLED: 'false', LLM_ENABLED: 'false' };
  const startedAt = performance.now();
  // Both start together: nothing the worker consumes is appended before both are up.
  const relay = services.start({ name: 'relay', entry: 'core/src/bin/relay.ts', env: { ...childEnv, SERVICE_NAME: 'bench-relay' } });
  const inference = services.start({
    name: 'inference',
    entry: 'inference/src/main.ts',
    env: {
      ...childEnv,
      ...o.env,
      SERVICE_NAME: 'bench-inference',
      INFERENCE_HOST: '127.0.0.1',
      INFERENCE_PORT: String(port),
      INFERENCE_API_KEYS: apiKey,
    },
  });
  const startedLine = await Promise.race([inference.waitFor(/"msg":"inference started"/, 90_000), services.died('inference')]);
  const opsPort = Number(/"opsPort":(\d+)/.exec(startedLine)?.[1]);
  const ready = await fetch(`http://127.0.0.1:${opsPort}/readyz`).then((r) => r.status);
  if (ready !== 200) throw new Error(`inference /readyz answered ${ready}`);
  const startSeconds = round((performance.now() - startedAt) / 1000, 1);
  const whenLeader = Promise.race([relay.waitFor(/relay is the leader/, 30_000), services.died('relay')]);
  return { port, apiKey, startedAt, startSeconds, inference, relay, whenLeader };
}
