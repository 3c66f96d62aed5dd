import type { TestContext } from '../../../core/src/testing/context';
import { loadConfig } from '../../../core/src/config';
import { startInference } from '../common/inference-service';
import type { Services } from '../common/services';
import { round } from '../common/stats';

/**
 * Starts the inference service on the scratch registry (MODEL_REGISTRY_DIR) and a relay; resolves
 * when the service answers /readyz and the relay leads (the start time counts both).
 */
export async function startServices(t: TestContext, services: Services, registryDir: string) {
  const config = loadConfig({});
  const started = await services.guard(startInference(t, services, { config, env: { MODEL_REGISTRY_DIR: registryDir } }));
  await services.guard(started.whenLeader);
  return { ...started, startSeconds: round((performance.now() - started.startedAt) / 1000, 1), config };
}
