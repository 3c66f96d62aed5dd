import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { names, retryDelays, type Relay } from '@napominalka/core';
import { createTestContext, eventually, startRelay, trackQueues, type TestContext } from '@napominalka/core/testing';
import { syntheticSessions } from '../synthetic-history';
import { pgProjectionConsumer } from './projection';
import { rebuildPg, verifyPg } from './rebuild';
import { PG_PROJECTION, PROJECTION_MIGRATIONS } from './tables';
import { migrate, loadConfig, type Consumer } from '@napominalka/core';
import { clickhouseConsumer } from '../clickhouse/projection';
import { migrateClickHouse } from '@napominalka/core/clickhouse';
import { verifyProjection } from '../clickhouse/rebuild';
import { createTestClickHouse, type TestClickHouse } from '@napominalka/core/clickhouse-testing';

let t: TestContext;
let relay: Relay;
let consumer: Consumer;
let chConsumer: Consumer;
let tch: TestClickHouse;
const TZ = 'Europe/Moscow';

async function appendHistory(events: number, seed: number, chats: number): Promise<number> {
  let n = 0;
  for (const session of syntheticSessions(events, { seed, chats, days: 30 })) {
    await t.store.append(
      session[0]!.streamId,
      session.map((e) => ({ type: e.type, data: e.data, occurredAt: e.occurredAt })),
    );
    n += session.length;
  }
  return n;
}

/** Every stream's checkpoint at its head: the live projection has applied the whole log. */
const caughtUp = async (consumerName: string = PG_PROJECTION) => {
  const r = await t.pool.query<{ behind: string }>(
    `select count(*) as behind from (select stream_id, max(stream_position) as v from "${t.schema}".events group by stream_id) h
     left join "${t.schema}".consumer_streams c on c.consumer = $1 and c.stream_id = h.stream_id
     where coalesce(c.stream_position, 0) < h.v`,
    [consumerName],
  );
  return Number(r.rows[0]!.behind) === 0;
};

const dump = async () => {
  const out: Record<string, unknown[]> = {};
  for (const [table, key] of [
    ['chats', 'chat_id'],
    ['reminders', 'id'],
    ['parses', 'event_id'],
  ] as const) {
    out[table] = (await t.pool.query(`select * from "${t.schema}".${table} order by ${key}`)).rows;
  }
  return out;
};

beforeAll(async () => {
  t = await createTestContext();
  await migrate(t.pool, t.schema, PROJECTION_MIGRATIONS);
  relay = startRelay(t);
  const n = names(t.prefix);
  for (const c of [PG_PROJECTION, 'projector-ch']) trackQueues(t.prefix, n.queue(c), n.parked(c), ...retryDelays(5, 200).map((d) => n.retry(c, d)));
  const config = loadConfig({ ...t.env, DEFAULT_TIMEZONE: TZ, CONSUMER_RETRY_BASE_MS: '200' });
  consumer = pgProjectionConsumer({ config, log: t.log, store: t.store });
  await consumer.start();
  tch = await createTestClickHouse();
  await migrateClickHouse(tch.ch);
  chConsumer = clickhouseConsumer({ ch: tch.ch, store: t.store, config, log: t.log });
  await chConsumer.start();
});

afterAll(async () => {
  await chConsumer?.stop();
  await tch?.cleanup();
  await consumer?.stop();
  await relay?.stop();
  await t?.cleanup();
});

describe('projections of a randomised 10,000-event history', () => {
  it('ClickHouse: events_raw and every mart rebuilt from the store equal the live ones', async () => {
    const total = await appendHistory(10_000, 11, 300);
    expect(total).toBeGreaterThanOrEqual(10_000);
    await eventually(() => caughtUp('projector-ch'), 60_000, 'the live ClickHouse projection did not catch up');
    const v = await verifyProjection({ store: t.store, live: tch.ch, scratchDatabase: `${tch.ch.database}_verify` });
    expect(v.differences).toEqual([]);
    expect(v.rebuild.events).toBe(total);
  }, 120_000);

  it('Postgres: chats, reminders and parses; a rebuild equals the live tables exactly', async () => {
    const total = Number((await t.pool.query(`select count(*) from "${t.schema}".events`)).rows[0].count);
    await eventually(() => caughtUp(), 60_000, 'the live projection did not catch up');

    const counts = (
      await t.pool.query(
        `select (select count(*) from "${t.schema}".chats) c, (select count(*) from "${t.schema}".reminders) r, (select count(*) from "${t.schema}".parses) p`,
      )
    ).rows[0];
    expect(Number(counts.c)).toBeGreaterThan(100);
    expect(Number(counts.r)).toBeGreaterThan(500);
    expect(Number(counts.p)).toBeGreaterThan(1000);
    // Statuses a user would see: delivered-then-done, cancelled, still pending ones.
    const statuses = (await t.pool.query(`select status, count(*)::int n from "${t.schema}".reminders group by status`)).rows.map((r) => r.status);
    expect(statuses).toEqual(expect.arrayContaining(['done', 'cancelled', 'fired']));

    const v = await verifyPg({ store: t.store, defaultTimezone: TZ });
    expect(v.differences.slice(0, 5)).toEqual([]);
    expect(v.equal).toBe(true);
    expect(v.rows.reminders!.live).toBe(Number(counts.r));

    const before = await dump();
    const progress: number[] = [];
    const r = await rebuildPg({ store: t.store, defaultTimezone: TZ, pageSize: 1000, onProgress: (p) => progress.push(p.done) });
    expect(r.events).toBe(total);
    expect(progress.at(-1)).toBe(total);
    expect(await dump()).toEqual(before);
    expect((await verifyPg({ store: t.store, defaultTimezone: TZ })).equal).toBe(true);
  }, 120_000);

  it('goes on projecting after a rebuild, from the rebuilt checkpoints', async () => {
    const before = Number((await t.pool.query(`select count(*) from "${t.schema}".parses`)).rows[0].count);
    await appendHistory(500, 12, 50);
    await eventually(() => caughtUp(), 30_000, 'the live projection did not continue after the rebuild');
    expect(Number((await t.pool.query(`select count(*) from "${t.schema}".parses`)).rows[0].count)).toBeGreaterThan(before);
    expect((await verifyPg({ store: t.store, defaultTimezone: TZ })).equal).toBe(true);
  }, 60_000);

  it('reports what differs when the live tables were changed behind its back', async () => {
    const { rows } = await t.pool.query(
      `update "${t.schema}".reminders set text = 'tampered' where id = (select min(id) from "${t.schema}".reminders) returning id`,
    );
    await t.pool.query(`delete from "${t.schema}".parses where event_id = (select min(event_id::text)::uuid from "${t.schema}".parses)`);
    const v = await verifyPg({ store: t.store, defaultTimezone: TZ });
    expect(v.equal).toBe(false);
    expect(v.differences).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          table: 'reminders',
          key: rows[0].id,
          kind: 'changed',
          columns: [expect.objectContaining({ column: 'text', live: 'tampered' })],
        }),
        expect.objectContaining({ table: 'parses', kind: 'extra' }),
      ]),
    );
  }, 60_000);
});
