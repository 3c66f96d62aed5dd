import { afterAll, beforeAll } from 'vitest';
import type { Relay } from '../relay';
import { createTestContext, type TestContext } from './context';
import { effects, startRelay } from './fixtures';

// Vitest hooks live here, outside the testing index: importing vitest outside a test run throws,
// and benchmarks and scripts import the index.
/**
 * A test file's backbone: its own context, the effects table and a running relay, set up before
 * the file's tests and torn down after. Read `.t` inside tests (it is set in beforeAll).
 */
export function useBackbone(): { t: TestContext; relay: Relay } {
  const b = {} as { t: TestContext; relay: Relay };
  beforeAll(async () => {
    b.t = await createTestContext();
    await effects.create(b.t);
    b.relay = startRelay(b.t);
  });
  afterAll(async () => {
    await b.relay?.stop();
    await b.t?.cleanup();
  });
  return b;
}
