import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/context';
import { messageReceived } from '../testing/fixtures';
import { lockStreams } from './stream-locks';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t?.cleanup();
});

describe('lockStreams', () => {
  it('holds back an append to a locked stream until the transaction ends, and no other stream', async () => {
    const tx = await t.pool.connect();
    try {
      await tx.query('begin');
      await lockStreams(tx, t.schema, ['chat-2', 'chat-1', 'chat-2']);
      let appended = false;
      const blocked = t.store.append('chat-1', [messageReceived(1, 'waits')]).then(() => (appended = true));
      await t.store.append('chat-3', [messageReceived(3, 'free')]);
      await new Promise((r) => setTimeout(r, 300));
      expect(appended).toBe(false);
      await tx.query('commit');
      await blocked;
      expect(appended).toBe(true);
    } finally {
      tx.release();
    }
  });
});
