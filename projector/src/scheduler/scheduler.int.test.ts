import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatStream, loadConfig, migrate, names, retryDelays, type Consumer, type EventData, type Relay } from '@napominalka/core';
import { createTestContext, eventually, runTs, startRelay, trackQueues, type TestContext } from '@napominalka/core/testing';
import { pgProjectionConsumer } from '../pg/projection';
import { PG_PROJECTION, PROJECTION_MIGRATIONS } from '../pg/tables';
import { Scheduler, SCHEDULER_MIGRATIONS } from './scheduler';

let t: TestContext;
let relay: Relay;
let projection: Consumer;

const startProjection = async () => {
  const config = loadConfig({ ...t.env, CONSUMER_RETRY_BASE_MS: '200' });
  projection = pgProjectionConsumer({ config, log: t.log, store: t.store });
  await projection.start();
};

beforeAll(async () => {
  t = await createTestContext();
  await migrate(t.pool, t.schema, PROJECTION_MIGRATIONS);
  await migrate(t.pool, t.schema, SCHEDULER_MIGRATIONS);
  relay = startRelay(t);
  const n = names(t.prefix);
  trackQueues(t.prefix, n.queue(PG_PROJECTION), n.parked(PG_PROJECTION), ...retryDelays(5, 1000).map((d) => n.retry(PG_PROJECTION, d)));
  await startProjection();
});

afterAll(async () => {
  await projection?.stop();
  await relay?.stop();
  await t?.cleanup();
});

/** Schedules `n` reminders over `chats` chats, due at `due`; resolves once the read model has them. */
async function schedule(tag: string, n: number, chats: number, due: Date): Promise<string[]> {
  const ids: string[] = [];
  for (let c = 0; c < chats; c++) {
    const chatId = 1000 + c;
    const events = [];
    for (let i = c; i < n; i += chats) {
      const reminderId = `${tag}-${i}`;
      ids.push(reminderId);
      events.push({
        type: 'ReminderScheduled',
        data: { chatId, reminderId, text: `task ${i}`, due: due.toISOString(), rrule: null, timezone: 'Europe/Berlin' },
      });
    }
    if (events.length) await t.store.append(chatStream(chatId), events);
  }
  await eventually(
    async () => Number((await t.pool.query(`select count(*) from "${t.schema}".reminders where id like $1`, [`${tag}-%`])).rows[0].count) === n,
    30_000,
    'reminders not projected',
  );
  return ids;
}

const dueEvents = async (tag: string) =>
  (await t.store.readByType(['ReminderDue'], { limit: 100_000 })).filter((e) => (e.data as EventData<'ReminderDue'>).reminderId.startsWith(`${tag}-`));

function occurrencesOnce(events: Awaited<ReturnType<typeof dueEvents>>, expected: number) {
  const keys = events.map((e) => {
    const d = e.data as EventData<'ReminderDue'>;
    return `${d.reminderId}:${d.occurrence}`;
  });
  expect(new Set(keys).size).toBe(expected);
  expect(keys.length).toBe(expected);
}

describe('scheduler', () => {
  it('three instances over the same due set fire each occurrence exactly once, recording lateness', async () => {
    const due = new Date(Date.now() - 5_000);
    await schedule('three', 600, 40, due);
    const schedulers = [1, 2, 3].map(() => new Scheduler({ store: t.store, log: t.log, batchSize: 25, pollMs: 20 }));
    for (const s of schedulers) s.start();
    try {
      await eventually(async () => (await dueEvents('three')).length >= 600, 30_000, 'not every reminder fired');
      await new Promise((r) => setTimeout(r, 300)); // room for a double fire to show
    } finally {
      await Promise.all(schedulers.map((s) => s.stop()));
    }
    const events = await dueEvents('three');
    occurrencesOnce(events, 600);
    // The work was shared, and each ReminderDue says when it was meant for and when it fired.
    expect(schedulers.filter((s) => s.stats.fired > 0).length).toBeGreaterThan(1);
    expect(schedulers.reduce((a, s) => a + s.stats.fired, 0)).toBe(600);
    for (const e of events) {
      const d = e.data as EventData<'ReminderDue'>;
      expect(Date.parse(d.due)).toBe(due.getTime());
      expect(Date.parse(d.firedAt)).toBeGreaterThanOrEqual(due.getTime());
    }
  }, 60_000);

  it('fires nothing before its time, and a rescheduled reminder again under its next occurrence', async () => {
    const [id] = await schedule('later', 1, 1, new Date(Date.now() + 60_000));
    const s = new Scheduler({ store: t.store, log: t.log });
    expect(await s.tick()).toBe(0);
    await t.store.append(chatStream(1000), [
      { type: 'ReminderRescheduled', data: { chatId: 1000, reminderId: id!, due: new Date(Date.now() - 1000).toISOString(), reason: 'snooze' } },
    ]);
    await eventually(async () => (await t.pool.query(`select occurrence from "${t.schema}".reminders where id = $1`, [id])).rows[0].occurrence === 1);
    expect(await s.tick()).toBe(1);
    expect(await s.tick()).toBe(0);
    const [fired] = await dueEvents('later');
    expect(fired!.data).toMatchObject({ reminderId: id, occurrence: 1 });
  }, 30_000);

  it('does not fire a reminder cancelled in the store that the read model has not seen yet', async () => {
    const [id] = await schedule('cancel', 1, 1, new Date(Date.now() - 1000));
    await projection.stop();
    try {
      await t.store.append(chatStream(1000), [{ type: 'ReminderCancelled', data: { chatId: 1000, reminderId: id! } }]);
      const s = new Scheduler({ store: t.store, log: t.log });
      expect(await s.tick()).toBe(0);
      expect(s.stats.skipped).toBe(1);
    } finally {
      await startProjection();
    }
    await eventually(async () => (await t.pool.query(`select status from "${t.schema}".reminders where id = $1`, [id])).rows[0].status === 'cancelled');
    expect(await new Scheduler({ store: t.store, log: t.log }).tick()).toBe(0);
    expect(await dueEvents('cancel')).toEqual([]);
  }, 30_000);

  it('a scheduler process killed mid-run and restarted loses nothing and fires nothing twice', async () => {
    await schedule('crash', 1500, 30, new Date(Date.now() - 2000));
    const env = { ...t.env, PROJECTOR_COMPONENTS: 'scheduler', SCHEDULER_BATCH_SIZE: '10', SCHEDULER_POLL_MS: '20', LOG_LEVEL: 'info' };
    const first = runTs('projector/src/main.ts', env);
    await first.waitFor(/projector started/, 30_000);
    await eventually(async () => (await dueEvents('crash')).length >= 100, 30_000, 'the first scheduler fired nothing');
    await first.kill('SIGKILL');
    const atKill = (await dueEvents('crash')).length;
    expect(atKill).toBeLessThan(1500);
    const second = runTs('projector/src/main.ts', env);
    try {
      await eventually(async () => (await dueEvents('crash')).length >= 1500, 60_000, 'the restarted scheduler did not finish');
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      expect(await second.kill('SIGTERM')).toBe(0);
    }
    occurrencesOnce(await dueEvents('crash'), 1500);
  }, 120_000);
});
