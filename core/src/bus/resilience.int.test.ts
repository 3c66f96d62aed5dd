import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { eventually, trackQueues, TEST_AMQP_URL, type TestContext } from '../testing/context';
import { runTs } from '../testing/child';
import { Consumer } from './consumer';
import { names, retryDelays } from './topology';
import { messageReceived, effects } from '../testing/fixtures';
import { useBackbone } from '../testing/use-backbone';

/**
 * What the backbone promises when things break: every event reaches the consumer, in order per
 * stream, and every effect is applied exactly once — across a broker restart and a SIGKILL.
 */
const backbone = useBackbone();
let t: TestContext;
beforeAll(() => {
  t = backbone.t;
});

const track = (name: string) => {
  const n = names(t.prefix);
  trackQueues(t.prefix, n.queue(name), n.parked(name), ...retryDelays(5, 1000).map((d) => n.retry(name, d)));
};

/** Appends `total` events over 16 streams in batches of 5, `perTick` batches every 10 ms. */
async function produce(streams: string, total: number, perTick: number, onProgress?: (n: number) => Promise<void> | void): Promise<void> {
  let n = 0;
  while (n < total) {
    const batch = [];
    for (let i = 0; i < perTick && n < total; i++, n += 5) {
      const stream = `${streams}-${(n / 5) % 16}`;
      batch.push(
        t.store.append(
          stream,
          Array.from({ length: 5 }, (_, k) => messageReceived(1, `${n + k}`)),
        ),
      );
    }
    await Promise.all(batch);
    await onProgress?.(n);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function assertExactlyOnceInOrder(consumer: string, total: number): Promise<void> {
  const rows = await effects.list(t, consumer);
  expect(rows).toHaveLength(total);
  expect(new Set(rows.map((r) => r.event_id)).size).toBe(total);
  const byStream = new Map<string, number[]>();
  for (const r of rows) byStream.set(r.stream_id, [...(byStream.get(r.stream_id) ?? []), r.stream_position]);
  for (const [, ps] of byStream) expect(ps).toEqual(ps.map((_, i) => i + 1));
}

const rabbitmqctl = (...args: string[]) => execFileSync('rabbitmqctl', ['-q', ...args], { stdio: 'pipe', timeout: 60_000 });

describe('resilience', () => {
  it('loses nothing and applies nothing twice when RabbitMQ stops and starts while 5,000 events flow', async () => {
    const name = 'restart';
    track(name);
    const count = () => effects.count(t, name);
    const c = new Consumer({ name, types: ['#'], handle: effects.record(t, name), store: t.store, amqpUrl: TEST_AMQP_URL, prefix: t.prefix, log: t.log });
    await c.start();
    let restarted = false;
    try {
      await produce('restart', 5000, 4, async (n) => {
        if (!restarted && n >= 1500) {
          restarted = true;
          expect(await count()).toBeGreaterThan(0); // the flow was live before the restart
          rabbitmqctl('stop_app');
          await new Promise((r) => setTimeout(r, 1000));
          rabbitmqctl('start_app');
        }
      });
      expect(restarted).toBe(true);
      await eventually(async () => (await count()) >= 5000, 90_000, 'not every event arrived after the broker restart');
      await new Promise((r) => setTimeout(r, 500));
      await assertExactlyOnceInOrder(name, 5000);
      expect(c.stats.parked).toBe(0);
    } finally {
      await c.stop();
      rabbitmqctl('start_app');
    }
  });

  it('loses nothing and applies nothing twice when a consumer is killed with SIGKILL mid-batch', async () => {
    const name = 'killed';
    track(name);
    const count = () => effects.count(t, name);
    const env = { ...t.env, FIXTURE_CONSUMER: name, FIXTURE_DELAY_MS: '2', LOG_LEVEL: 'info' };
    const first = runTs('core/src/testing/consumer-fixture.ts', env);
    await first.waitFor(/fixture consuming/);
    await produce('killed', 2000, 8);
    await eventually(async () => (await count()) >= 300, 30_000);
    await first.kill('SIGKILL');
    const atKill = await count();
    expect(atKill).toBeLessThan(2000);
    const second = runTs('core/src/testing/consumer-fixture.ts', env);
    try {
      await eventually(async () => (await count()) >= 2000, 60_000, 'the restarted consumer did not finish');
      await new Promise((r) => setTimeout(r, 500));
      await assertExactlyOnceInOrder(name, 2000);
    } finally {
      await second.kill('SIGTERM');
    }
  });
});
