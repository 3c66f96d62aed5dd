import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/context';
import { START, type Cursor } from './event-store';
import { messageReceived } from '../testing/fixtures';

/**
 * The outbox gap: a transaction allocates global position P, another allocates P+1 and commits
 * first. A reader that checkpoints "after P+1" would never see P once it commits. The store's
 * reader uses (transaction id, position) below the lowest running append, so it waits for P
 * instead, and only for appends: a transaction that writes other tables holds nothing back.
 */
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.cleanup());

it('never skips an event whose position was allocated early but committed late', async () => {
  await t.store.append('chat-0', [messageReceived(0, 'before')]);
  let cursor: Cursor = START;
  const seen: number[] = [];
  const read = async () => {
    const batch = await t.store.readAll(cursor, 100);
    for (const e of batch) seen.push(e.globalPosition);
    const last = batch.at(-1);
    if (last) cursor = { transactionId: last.transactionId, globalPosition: last.globalPosition };
    return batch;
  };
  for (let i = 0; i < 200 && seen.length < 1; i++) if ((await read()).length === 0) await new Promise((r) => setTimeout(r, 10));
  expect(seen).toHaveLength(1);

  // Slow writer: allocates its position, then stays open.
  const slow = await t.pool.connect();
  await slow.query('begin');
  const early = await t.store.append('chat-1', [messageReceived(1, 'allocated first, committed last')], { client: slow });
  // Fast writers commit positions after it.
  const late = await Promise.all([1, 2, 3].map((i) => t.store.append(`chat-${10 + i}`, [messageReceived(10 + i, 'committed first')])));
  expect(Math.min(...late.map((r) => r.globalPositions[0]!))).toBeGreaterThan(early.globalPositions[0]!);

  // A naive reader by position alone would now move past the open transaction's position.
  const naive = await t.pool.query(`select max(global_position)::int as p from "${t.schema}".events`);
  expect(naive.rows[0].p).toBeGreaterThan(early.globalPositions[0]!);
  // The gap-safe reader holds back everything behind the open transaction.
  expect(await read()).toEqual([]);

  await slow.query('commit');
  slow.release();
  // Other appends of this schema may still be open (the test's own pool): read until caught up.
  for (let i = 0; i < 200 && seen.length < 5; i++) if ((await read()).length === 0) await new Promise((r) => setTimeout(r, 10));
  const expected = [early.globalPositions[0]!, ...late.map((r) => r.globalPositions[0]!).sort((a, b) => a - b)];
  expect([...seen.slice(1)].sort((a, b) => a - b)).toEqual(expected);
  expect(new Set(seen).size).toBe(seen.length);
});

/** A gap-safe reader from the start: each call returns everything readable now after its cursor. */
function reader() {
  let cursor: Cursor = START;
  return async () => {
    const out = [];
    for (let batch = await t.store.readAll(cursor, 1000); batch.length > 0; batch = await t.store.readAll(cursor, 1000)) {
      out.push(...batch);
      cursor = { transactionId: batch.at(-1)!.transactionId, globalPosition: batch.at(-1)!.globalPosition };
    }
    return out;
  };
}

it('is not held back by a transaction that only writes, and never skips it when it appends later, in stream order', async () => {
  const readAll = reader();
  await readAll();
  // A consumer-like transaction: it writes (so it has a transaction id) but has not appended yet.
  const late = await t.pool.connect();
  try {
    await late.query('begin');
    await late.query(`insert into "${t.schema}".consumer_streams (consumer, stream_id, stream_position, global_position) values ('late', 'chat-late', 0, 0)`);
    const first = await t.store.append('chat-late', [messageReceived(7, 'committed while the writer is open')]);
    const seen = await readAll();
    expect(seen.map((e) => e.globalPosition)).toEqual(first.globalPositions);
    // Now it appends to the same stream: after the reader moved past its transaction id.
    const second = await t.store.append('chat-late', [messageReceived(7, 'appended late')], { client: late });
    expect(await readAll()).toEqual([]);
    await late.query('commit');
    const got = await readAll();
    expect(got.map((e) => [e.streamPosition, e.globalPosition])).toEqual([[2, second.globalPositions[0]]]);
    // Stream order is transaction id order, though this transaction's own id is the older one.
    expect(BigInt(got[0]!.transactionId)).toBeGreaterThan(BigInt(seen[0]!.transactionId));
  } finally {
    late.release();
  }
});

it('waits for a raw insert into events (a restore, a manual fix) while its transaction is open', async () => {
  const drain = reader();
  await drain();
  const raw = await t.pool.connect();
  try {
    await raw.query('begin');
    const ins = await raw.query<{ g: string }>(
      `insert into "${t.schema}".events (id, stream_id, stream_position, type, schema_version, data, metadata, occurred_at)
       values (gen_random_uuid(), 'chat-raw', 1, 'ReminderCompleted', 1, '{"chatId":1,"reminderId":"r"}', '{"correlationId":"c","causationId":null}', now())
       returning global_position as g`,
    );
    const after = await t.store.append('chat-raw-2', [messageReceived(8, 'committed after the raw insert')]);
    expect(await drain()).toEqual([]);
    await raw.query('commit');
    expect((await drain()).map((e) => e.globalPosition).sort((a, b) => a - b)).toEqual([Number(ins.rows[0]!.g), after.globalPositions[0]]);
  } finally {
    raw.release();
  }
});

it('delivers every event of many interleaved transactions exactly once, some rolled back', async () => {
  let cursor: Cursor = START;
  const seen = new Set<number>();
  let duplicates = 0;
  let stop = false;
  const reader = (async () => {
    while (!stop) {
      const batch = await t.store.readAll(cursor, 50);
      for (const e of batch) {
        if (seen.has(e.globalPosition)) duplicates++;
        else seen.add(e.globalPosition);
      }
      const last = batch.at(-1);
      if (last) cursor = { transactionId: last.transactionId, globalPosition: last.globalPosition };
      else await new Promise((r) => setTimeout(r, 2));
    }
  })();
  const committed: number[] = [];
  await Promise.all(
    Array.from({ length: 8 }, async (_, w) => {
      for (let i = 0; i < 40; i++) {
        const c = await t.pool.connect();
        try {
          await c.query('begin');
          const r = await t.store.append(`chat-w${w}`, [messageReceived(w, `${i}`), messageReceived(w, `${i}b`)], { client: c });
          await new Promise((res) => setTimeout(res, Math.random() * 4));
          if (i % 7 === 3) await c.query('rollback');
          else {
            await c.query('commit');
            committed.push(...r.globalPositions);
          }
        } finally {
          c.release();
        }
      }
    }),
  );
  const all = new Set((await t.store.readAll(START, 100_000)).map((e) => e.globalPosition));
  const deadline = Date.now() + 5000;
  while ([...all].some((p) => !seen.has(p)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  stop = true;
  await reader;
  expect(duplicates).toBe(0);
  for (const p of committed) expect(seen.has(p)).toBe(true);
  expect([...all].filter((p) => !seen.has(p))).toEqual([]);
});

it('orders by transaction id as a number, also where ids cross a power of ten', async () => {
  const u = await createTestContext();
  try {
    // Fake rows must lie below the snapshot's xmin to be readable, so cross the highest power of ten
    // under the cluster's current transaction id (a fresh cluster is only at a few thousand).
    const cur = await u.pool.query<{ x: string }>('select pg_current_xact_id()::text as x');
    const p = 10n ** BigInt(String(BigInt(cur.rows[0]!.x) - 10n).length - 1);
    expect(p).toBeGreaterThanOrEqual(100n);
    const [a, b, c, d] = [p - 2n, p - 1n, p, p + 1n].map(String) as [string, string, string, string];
    // Inserted out of order; text order would put p (e.g. "1000") before p - 1 ("999").
    for (const [i, xid] of [d, a, c, b].entries()) {
      await u.pool.query(
        `insert into "${u.schema}".events (id, stream_id, stream_position, type, schema_version, data, metadata, occurred_at, transaction_id)
         values (gen_random_uuid(), $1, 1, 'ReminderCompleted', 1, '{"chatId":1,"reminderId":"r"}', '{"correlationId":"c","causationId":null}', now(), $2::xid8)`,
        [`chat-x${i}`, xid],
      );
    }
    const first = await u.store.readAllRaw(START, 2);
    expect(first.map((e) => e.transactionId)).toEqual([a, b]);
    const rest = await u.store.readAllRaw({ transactionId: b, globalPosition: first[1]!.globalPosition }, 10);
    expect(rest.map((e) => e.transactionId)).toEqual([c, d]);
  } finally {
    await u.cleanup();
  }
});
