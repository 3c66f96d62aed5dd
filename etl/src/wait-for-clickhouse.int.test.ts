import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@napominalka/core';
import { startClickHouseGateway, type ClickHouseGateway } from '@napominalka/core/clickhouse';
import { createTestClickHouse, type TestClickHouse } from '@napominalka/core/clickhouse-testing';
import { httpPing, waitForClickHouse } from './wait-for-clickhouse';

const log = createLogger({ service: 'test', level: 'silent' });
let tch: TestClickHouse;
let gw: ClickHouseGateway;

/** A port nothing listens on: bound, then released. */
async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as { port: number };
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

beforeAll(async () => {
  tch = await createTestClickHouse();
  gw = await startClickHouseGateway({ ch: tch.ch, port: 0, user: 'etl', password: 'pw', log });
});
afterAll(async () => {
  await gw.close();
  await tch.cleanup();
});

describe('httpPing (the ETL waiting for the projector gateway)', () => {
  it('is answered by the gateway, without credentials, also with a trailing slash or credentials in the URL', async () => {
    expect(await httpPing(gw.url)).toEqual({ success: true });
    expect(await httpPing(`${gw.url}/`)).toEqual({ success: true });
    expect(await httpPing(gw.url.replace('http://', 'http://etl:pw@'))).toEqual({ success: true });
  });

  it('says why when nothing listens', async () => {
    const r = await httpPing(`http://127.0.0.1:${await freePort()}`);
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.message).toMatch(/ECONNREFUSED/);
  });

  it('waits for a gateway that opens later', async () => {
    const port = await freePort();
    const later = new Promise<ClickHouseGateway>((resolve) =>
      setTimeout(() => resolve(startClickHouseGateway({ ch: tch.ch, port, user: 'etl', password: 'pw', log })), 600),
    );
    const started = Date.now();
    await waitForClickHouse(() => httpPing(`http://127.0.0.1:${port}`), 'late', { timeoutMs: 10_000, baseDelayMs: 100, log });
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    await (await later).close();
  });
});
