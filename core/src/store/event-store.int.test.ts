import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestContext, eventually, type TestContext } from '../testing/context';
import { EventStore, START, WrongExpectedVersionError } from './event-store';
import { eventType, UnknownEventError } from '@napominalka/domain';
import { migrate, migrations } from './migrations';
import { withTransaction } from './sql';

const msg = (chatId: number, text: string, updateId = chatId) => ({
  type: 'MessageReceived',
  data: { chatId, updateId, messageId: 1, text, sentAt: '2026-11-23T10:00:00Z' },
});

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.cleanup());

describe('append', () => {
  it('assigns stream positions, global positions and an envelope', async () => {
    const r1 = await t.store.append('chat-1', [msg(1, 'a'), msg(1, 'b')], { metadata: { correlationId: 'corr-1' } });
    expect(r1).toMatchObject({ streamId: 'chat-1', firstStreamPosition: 1, nextExpectedVersion: 2, duplicate: false });
    expect(r1.globalPositions[1]).toBe(r1.globalPositions[0]! + 1);
    const r2 = await t.store.append('chat-1', [msg(1, 'c')], { expectedVersion: 2 });
    expect(r2.firstStreamPosition).toBe(3);
    const events = await t.store.readStream('chat-1');
    expect(events.map((e) => e.streamPosition)).toEqual([1, 2, 3]);
    expect(events.map((e) => (e.data as { text: string }).text)).toEqual(['a', 'b', 'c']);
    const e = events[0]!;
    expect(e.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/); // UUIDv7
    expect(e.metadata.correlationId).toBe('corr-1');
    expect(e.schemaVersion).toBe(1);
    expect(e.transactionId).toMatch(/^\d+$/);
    expect(Date.parse(e.recordedAt)).toBeGreaterThan(0);
  });

  it('reads a stream longer than one page whole, and a limit only when asked', async () => {
    // A chat of years: more events than one query returns (10,000). A schema of its own, so the
    // other tests' counts stay small.
    const own = await createTestContext();
    try {
      for (let i = 0; i < 11; i++)
        await own.store.append(
          'chat-long',
          Array.from({ length: 1000 }, (_, j) => msg(9, `m${i * 1000 + j}`)),
        );
      const all = await own.store.readStream('chat-long');
      expect(all).toHaveLength(11_000);
      expect(all.at(-1)!.streamPosition).toBe(11_000);
      expect(await own.store.readStream('chat-long', { from: 10_500, to: 10_999 })).toHaveLength(500);
      expect(await own.store.readStream('chat-long', { limit: 3 })).toHaveLength(3);
    } finally {
      await own.cleanup();
    }
  }, 60_000);

  it('rejects a wrong expected version with a typed conflict error and appends nothing', async () => {
    await t.store.append('chat-2', [msg(2, 'x')], { expectedVersion: 'no-stream' });
    const err = await t.store.append('chat-2', [msg(2, 'y')], { expectedVersion: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WrongExpectedVersionError);
    expect(err).toMatchObject({ streamId: 'chat-2', expected: 0, actual: 1 });
    await expect(t.store.append('chat-2', [msg(2, 'y')], { expectedVersion: 'no-stream' })).rejects.toBeInstanceOf(WrongExpectedVersionError);
    expect(await t.store.streamVersion('chat-2')).toBe(1);
  });

  it('tryAppend answers a wrong expected version inside a transaction, which stays usable, and appends at the right one', async () => {
    await t.store.append('chat-30', [msg(30, 'x')]);
    await withTransaction(t.pool, async (tx) => {
      expect(await t.store.tryAppend('chat-30', [msg(30, 'y')], { expectedVersion: 0, client: tx })).toEqual({ ok: false, actualVersion: 1 });
      const r = await t.store.tryAppend('chat-30', [msg(30, 'y')], { expectedVersion: 1, client: tx });
      expect(r).toMatchObject({ ok: true, result: { firstStreamPosition: 2, nextExpectedVersion: 2, duplicate: false } });
    });
    expect((await t.store.readStream('chat-30')).map((e) => (e.data as { text: string }).text)).toEqual(['x', 'y']);
  });

  it('lets exactly one of many concurrent writers with the same expected version win', async () => {
    await t.store.append('chat-3', [msg(3, 'first')]);
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => t.store.append('chat-3', [msg(3, `w${i}`)], { expectedVersion: 1 })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof WrongExpectedVersionError)).toHaveLength(9);
    expect(await t.store.streamVersion('chat-3')).toBe(2);
  });

  it('returns the original positions for a repeated idempotency key, even from concurrent writers', async () => {
    const first = await t.store.append('chat-4', [msg(4, 'once', 77)], { idempotencyKey: 'tg:update:77' });
    const again = await t.store.append('chat-4', [msg(4, 'once', 77)], { idempotencyKey: 'tg:update:77' });
    expect(again).toEqual({ ...first, duplicate: true });
    const racing = await Promise.all(
      Array.from({ length: 8 }, (_, i) => t.store.append(`chat-40${i % 2}`, [msg(40, 'race', 78)], { idempotencyKey: 'tg:update:78' })),
    );
    expect(racing.filter((r) => !r.duplicate)).toHaveLength(1);
    const winner = racing.find((r) => !r.duplicate)!;
    for (const r of racing) expect(r.globalPositions).toEqual(winner.globalPositions);
    const stored = (await t.store.readStream('chat-400')).length + (await t.store.readStream('chat-401')).length;
    expect(stored).toBe(1);
  });

  it('refuses unknown types, invalid data and oversized events before writing', async () => {
    await expect(t.store.append('chat-5', [{ type: 'NoSuchEvent', data: {} }])).rejects.toThrow(/unknown event type/);
    await expect(t.store.append('chat-5', [{ type: 'MessageReceived', data: { chatId: 'x' } }])).rejects.toThrow(/invalid MessageReceived/);
    await expect(t.store.append('chat-5', [msg(5, 'z'.repeat(300_000))])).rejects.toThrow(/exceeds/);
    await expect(t.store.append('chat-5', [])).rejects.toThrow(/no events/);
    expect(await t.store.streamVersion('chat-5')).toBe(0);
  });

  it('stores any text exactly, and NUL or lone surrogates (which jsonb refuses) as U+FFFD', async () => {
    const text = "напомни 🙂 \u202Eright-to-left <script>alert(1)</script> '; drop table events; --";
    await t.store.append('chat-6', [msg(6, text), msg(6, 'bin\u0000ary \ud800 lone')]);
    const [e, bin] = await t.store.readStream('chat-6');
    expect((e!.data as { text: string }).text).toBe(text);
    expect((bin!.data as { text: string }).text).toBe('bin\uFFFDary \uFFFD lone');
  });
});

describe('reads', () => {
  it('reads all events after a cursor, by type and by time range', async () => {
    // Other transactions in the cluster can hold the gap-safe horizon back for a moment.
    const total = Number((await t.pool.query(`select count(*) from "${t.schema}".events`)).rows[0].count);
    let all = await t.store.readAll(START, 10_000);
    await eventually(async () => (all = await t.store.readAll(START, 10_000)).length === total);
    expect(all.length).toBeGreaterThan(5);
    const rest = await t.store.readAll({ transactionId: all[2]!.transactionId, globalPosition: all[2]!.globalPosition }, 10_000);
    expect(rest.map((e) => e.id)).toEqual(all.slice(3).map((e) => e.id));
    await t.store.append('chat-7', [{ type: 'ReminderCompleted', data: { chatId: 7, reminderId: 'r1' } }]);
    const byType = await t.store.readByType(['ReminderCompleted']);
    expect(byType.map((e) => e.streamId)).toEqual(['chat-7']);
    const now = Date.now();
    const recent = await t.store.readByTime(new Date(now - 60_000), new Date(now + 60_000), { limit: 10_000 });
    expect(recent.length).toBe(all.length + 1);
    expect(await t.store.readByTime(new Date(now - 120_000), new Date(now - 60_000))).toEqual([]);
    expect(await t.store.headPosition()).toBe(Math.max(...recent.map((e) => e.globalPosition)));
  });

  it('knows the newest position of some types, for the lag of a consumer of those types', async () => {
    const [a] = (await t.store.append('chat-8', [{ type: 'ReminderCompleted', data: { chatId: 8, reminderId: 'r2' } }])).globalPositions;
    await t.store.append('chat-8', [msg(8, 'later, of another type', 801)]);
    expect(await t.store.headPositionOf(['ReminderCompleted', 'ReminderDue'])).toBe(a);
    expect(await t.store.headPositionOf(['ReminderDue'])).toBe(0);
    expect(await t.store.headPosition()).toBeGreaterThan(a!);
  });

  it('upcasts old schema versions on read and never rewrites them', async () => {
    const v1 = z.object({ name: z.string() });
    const v2 = z.object({ first: z.string(), last: z.string() });
    const oldCatalog = { Renamed: eventType(v1) };
    const newCatalog = {
      Renamed: eventType(v2, {
        old: { 1: v1 },
        upcasters: {
          1: (d) => {
            const [first = '', last = ''] = (d as z.infer<typeof v1>).name.split(' ');
            return { first, last };
          },
        },
      }),
    };
    const oldStore = new EventStore(t.pool, oldCatalog, t.schema);
    await oldStore.append('people-1', [{ type: 'Renamed', data: { name: 'Ivan Petrov' } }]);
    const newStore = new EventStore(t.pool, newCatalog, t.schema);
    const [e] = await newStore.readStream('people-1');
    expect(e).toMatchObject({ schemaVersion: 2, data: { first: 'Ivan', last: 'Petrov' } });
    const raw = await t.pool.query(`select schema_version, data from "${t.schema}".events where stream_id = 'people-1'`);
    expect(raw.rows[0]).toEqual({ schema_version: 1, data: { name: 'Ivan Petrov' } });
    // A reader that does not know the type fails loudly instead of dropping it.
    await expect(t.store.readStream('people-1')).rejects.toBeInstanceOf(UnknownEventError);
    // And a version newer than the reader knows is an error too.
    await t.pool.query(`update "${t.schema}".events set schema_version = 3 where stream_id = 'people-1'`);
    await expect(newStore.readStream('people-1')).rejects.toThrow(/unknown version 3/);
  });
});

describe('migrations', () => {
  it('apply exactly once when several processes start at the same time', async () => {
    const schema = `${t.schema}_m`;
    try {
      const results = await Promise.all(Array.from({ length: 6 }, () => migrate(t.pool, schema)));
      const versions = migrations.map((m) => m.version);
      expect(results.flat()).toEqual(versions);
      const rows = await t.pool.query(`select version from "${schema}".schema_migrations order by version`);
      expect(rows.rows).toEqual(versions.map((version) => ({ version })));
    } finally {
      await t.pool.query(`drop schema if exists "${schema}" cascade`);
    }
  });
});
