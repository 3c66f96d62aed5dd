import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteIdent } from '@napominalka/core';
import { createTestContext, TEST_AMQP_URL, type TestContext } from '@napominalka/core/testing';
import { buildGraph, executeRuns, openEtlHistory, requestRun, type EtlHistory } from '../framework';
import { toyAssets, toyWorld } from '../framework/testing/toy-assets';
import { checkOperations } from './monitors';
import { ALERTS_STREAM } from './raise';

let ctx: TestContext;
let history: EtlHistory;
const MANAGEMENT = process.env.TEST_RABBITMQ_MANAGEMENT_URL ?? 'http://guest:guest@127.0.0.1:15672';

beforeAll(async () => {
  ctx = await createTestContext();
  history = await openEtlHistory(ctx.store, ctx.pool);
});
afterAll(async () => {
  const conn = await amqp.connect(TEST_AMQP_URL);
  const ch = await conn.createChannel();
  await ch.deleteQueue(`${ctx.prefix}some-consumer.parked`).catch(() => undefined);
  await conn.close();
  await ctx?.cleanup();
});

const options = () => ({
  store: ctx.store,
  pool: ctx.pool,
  s: quoteIdent(ctx.schema),
  managementUrl: MANAGEMENT,
  prefix: ctx.prefix,
  log: ctx.log,
  lagThreshold: 1000,
});
const alerts = async () => (await ctx.store.readStream(ALERTS_STREAM)).map((e) => e.data as { alert: string; title: string });

describe('operations monitors', () => {
  it('a failed ETL run and parked messages each raise one alert, however often the check runs', async () => {
    const w = toyWorld();
    w.rows.set('2026-11-10', 0);
    const graph = buildGraph({ assets: toyAssets(w) });
    const { runId } = await history.transaction((x) =>
      requestRun(x, graph, { assets: ['raw_counts'], partition: '2026-11-10', reason: 'manual', origin: 'test', key: 'f' }, new Date('2026-11-20T00:00:00Z')),
    );
    expect((await executeRuns({ history, graph, resources: w, log: ctx.log }, [runId]))[0]!.status).toBe('failed');

    const conn = await amqp.connect(TEST_AMQP_URL);
    const ch = await conn.createConfirmChannel();
    const parked = `${ctx.prefix}some-consumer.parked`;
    await ch.assertQueue(parked, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    ch.sendToQueue(parked, Buffer.from('{}'), { persistent: true });
    await ch.waitForConfirms();
    await conn.close();
    // The management API refreshes queue figures every few seconds.
    for (let i = 0; i < 40 && !(await alerts()).some((a) => a.alert === 'messages-parked'); i++) {
      await checkOperations(options());
      await new Promise((r) => setTimeout(r, 500));
    }
    await checkOperations(options());
    const got = await alerts();
    expect(got.filter((a) => a.alert === 'etl-run-failed')).toEqual([expect.objectContaining({ title: 'ETL run failed: raw_counts [2026-11-10]' })]);
    expect(got.filter((a) => a.alert === 'messages-parked')).toEqual([expect.objectContaining({ title: '1 message(s) parked for some-consumer' })]);
  });

  it('an unreachable management API skips the queue checks without failing', async () => {
    await expect(checkOperations({ ...options(), managementUrl: 'http://guest:guest@127.0.0.1:9' })).resolves.toBeGreaterThanOrEqual(0);
  });
});
