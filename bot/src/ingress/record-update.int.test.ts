import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countedAs, countPgStatements, metrics, migrate } from '@napominalka/core';
import { createTestContext, type TestContext } from '@napominalka/core/testing';
import { BOT_MIGRATIONS } from '../notifier/outbox';
import { UpdateRecorder } from './record-update';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ poolMax: 3 });
  await migrate(t.pool, t.schema, BOT_MIGRATIONS);
});
afterAll(async () => {
  await t?.cleanup();
});

const BOT = { username: 'emulated_1_bot', id: 1 };
const text = (updateId: number, chatId: number, body: string) => ({
  update_id: updateId,
  message: {
    message_id: updateId,
    date: 1_770_000_000,
    chat: { id: chatId, type: 'private' },
    from: { id: chatId, is_bot: false, first_name: 'U' },
    text: body,
  },
});
const statements = async () => (await metrics.pgStatements.get()).values.find((v) => v.labels.component === 'record-all-test')?.value ?? 0;

describe('an answer of updates recorded together', () => {
  it('records every update of an answer in one transaction, in each chat’s order; again, nothing twice', async () => {
    countPgStatements();
    const recorder = new UpdateRecorder({ store: t.store, log: t.log, bot: BOT });
    const answer = [text(1, 31, 'a1'), text(2, 30, 'b1'), text(3, 31, 'a2'), { nonsense: true }, text(4, 30, 'b2')];
    const before = await statements();
    const outcomes = await countedAs('record-all-test', () => recorder.recordAll(answer));
    expect(outcomes).toEqual(['recorded', 'recorded', 'recorded', 'unreadable', 'recorded']);
    // begin, four appends, commit (the relay's NOTIFY follows, not awaited; nothing is kept for the update without an id)
    const sent = (await statements()) - before;
    expect(sent).toBeGreaterThanOrEqual(6);
    expect(sent).toBeLessThanOrEqual(7);
    const texts = async (chat: number) => (await t.store.readStream(`chat-${chat}`)).map((e) => (e.data as { text: string }).text);
    expect(await texts(31)).toEqual(['a1', 'a2']);
    expect(await texts(30)).toEqual(['b1', 'b2']);
    expect(await recorder.recordAll(answer)).toEqual(['duplicate', 'duplicate', 'duplicate', 'unreadable', 'duplicate']);
    expect(await texts(31)).toEqual(['a1', 'a2']);
  });
});
