import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countedAs, countPgStatements, metrics, migrate, withTransaction } from '@napominalka/core';
import { createTestContext, type TestContext } from '@napominalka/core/testing';
import { BOT_MIGRATIONS } from './outbox';
import { insertOutbox } from './outbox-insert';
import { SentMarks } from './sent-marks';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ poolMax: 3 });
  await migrate(t.pool, t.schema, BOT_MIGRATIONS);
});
afterAll(async () => {
  await t?.cleanup();
});

const statements = async () => (await metrics.pgStatements.get()).values.find((v) => v.labels.component === 'sent-marks-test')?.value ?? 0;

describe('sent replies recorded together', () => {
  it('marks the sends that end together in one statement, each once', async () => {
    countPgStatements();
    const outbox = `"${t.schema}".bot_outbox`;
    await withTransaction(t.pool, (tx) =>
      insertOutbox(
        tx,
        t.schema,
        Array.from({ length: 20 }, (_, i) => ({
          kind: 'reply' as const,
          chatId: 1,
          eventId: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
          seq: 0,
          text: `r${i}`,
          markup: null,
          editMessageId: null,
        })),
      ),
    );
    const ids = (await t.pool.query<{ id: string }>(`select id from ${outbox} order by id`)).rows.map((r) => Number(r.id));
    const marks = new SentMarks(t.pool, outbox);
    const before = await statements();
    const recorded = await countedAs('sent-marks-test', () => Promise.all(ids.map((id, i) => marks.mark(id, 1000 + i, new Date()))));
    expect(recorded).toEqual(ids.map(() => true));
    expect((await statements()) - before).toBe(1);
    const rows = (
      await t.pool.query<{ state: string; sent_message_id: string; attempts: number }>(`select state, sent_message_id, attempts from ${outbox} order by id`)
    ).rows;
    expect(rows.every((r, i) => r.state === 'sent' && Number(r.sent_message_id) === 1000 + i && r.attempts === 1)).toBe(true);
    // A row already recorded is not recorded again.
    expect(await marks.mark(ids[0]!, 5, new Date())).toBe(false);
  });
});
