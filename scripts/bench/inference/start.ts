import type { TestContext } from '../../../core/src/testing/context';
import type { loadConfig } from '../../../core/src/config';
import { startInference } from '../common/inference-service';
import { progress } from '../common/progress';
import type { Services } from '../common/services';
import type { Settings } from './args';

/**
 * Starts the inference service (worker and POST /v1/parse, with the run's Consumer overrides) and
 * a relay; resolves when the service answers /readyz, `whenLeader` when the relay leads.
 */
export async function startServices(t: TestContext, s: Settings, config: ReturnType<typeof loadConfig>, services: Services) {
  progress('starting the inference service and a relay');
  const started = await startInference(t, services, { config, env: s.service });
  progress(`inference (pid ${started.inference.proc.pid}) ready after ${started.startSeconds} s; API on 127.0.0.1:${started.port}`);
  return started;
}
