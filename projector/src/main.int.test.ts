import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { names, retryDelays } from '@napominalka/core';
import { createTestContext, eventually, freePort, messageReceived, runTs, startRelay, trackQueues, type TestContext } from '@napominalka/core/testing';
import type { Relay } from '@napominalka/core';
import { createClickHouse } from '@napominalka/core/clickhouse';

let t: TestContext;
let relay: Relay;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'napominalka-projector-main-'));

beforeAll(async () => {
  t = await createTestContext();
  relay = startRelay(t);
  const n = names(t.prefix);
  trackQueues(t.prefix, n.queue('projector-ch'), n.parked('projector-ch'), ...retryDelays(5, 1000).map((d) => n.retry('projector-ch', d)));
});

afterAll(async () => {
  await relay?.stop();
  await t?.cleanup();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('projector service', () => {
  it('prints its usage with --help', async () => {
    const child = runTs('projector/src/main.ts', t.env, ['--help']);
    await child.waitFor(/Usage: projector/);
    expect(await new Promise((r) => child.proc.once('exit', r))).toBe(0);
  });

  it('runs the ClickHouse projection into its data directory, serves it over its gateway, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const credentials = { CLICKHOUSE_USER: 'etl', CLICKHOUSE_PASSWORD: 'main-test-password' };
    const env = {
      ...t.env,
      LOG_LEVEL: 'info',
      PROJECTOR_COMPONENTS: 'clickhouse',
      CLICKHOUSE_DATA_DIR: dataDir,
      CLICKHOUSE_DATABASE: 'main_test',
      CLICKHOUSE_GATEWAY_PORT: String(port),
      ...credentials,
    };
    const child = runTs('projector/src/main.ts', env);
    try {
      await child.waitFor(/projector started/, 60_000);
      for (let i = 1; i <= 3; i++) await t.store.append('chat-7', [messageReceived(7, `m${i}`, i)]);
      await eventually(
        async () => {
          const r = await t.pool.query(`select stream_position from "${t.schema}".consumer_streams where consumer = 'projector-ch' and stream_id = 'chat-7'`);
          return r.rows[0]?.stream_position === 3;
        },
        30_000,
        'the projector did not apply the events',
      );
      // Another process (this one) reads the embedded ClickHouse while the projector holds it.
      const viaGateway = await createClickHouse({ url: `http://127.0.0.1:${port}`, user: 'etl', password: 'main-test-password', database: 'main_test' });
      try {
        const rows = await viaGateway.query<{ n: string }>(`SELECT count() AS n FROM ${viaGateway.table('events_raw')} WHERE type = 'MessageReceived'`);
        expect(Number(rows[0]!.n)).toBe(3);
      } finally {
        await viaGateway.close();
      }
    } finally {
      expect(await child.kill('SIGTERM')).toBe(0);
    }
    // The child has closed the directory: read what it wrote.
    const ch = await createClickHouse({ database: 'main_test', dataDir });
    try {
      const rows = await ch.query<{ n: string }>(`SELECT count() AS n FROM ${ch.table('events_raw')} WHERE type = 'MessageReceived'`);
      expect(Number(rows[0]!.n)).toBe(3);
    } finally {
      await ch.close();
    }
  });
});
