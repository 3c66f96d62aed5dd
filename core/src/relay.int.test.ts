import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, eventually, type TestContext } from './testing/context';
import { observeExchange } from './testing/observer';
import { runTs } from './testing/child';
import { Relay } from './relay';
import { H } from './bus/topology';
import { messageReceived } from './testing/fixtures';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.cleanup());


describe('relay', () => {
  it('publishes every event of 8 concurrent appenders once each, in store order, in stream order', async () => {
    const obs = await observeExchange(t.prefix);
    const relay = new Relay({ store: t.store, databaseUrl: t.env.DATABASE_URL!, amqpUrl: t.env.AMQP_URL!, prefix: t.prefix, log: t.log, batchSize: 100 }).start();
    try {
      const appended: number[] = [];
      await Promise.all(
        Array.from({ length: 8 }, async (_, w) => {
          for (let i = 0; i < 60; i++) {
            const stream = `chat-${(w * 7 + i) % 16}`;
            const n = 1 + (i % 3);
            const r = await t.store.append(stream, Array.from({ length: n }, (_, k) => messageReceived(w, `${w}:${i}:${k}`)), { metadata: { correlationId: `w${w}` } });
            appended.push(...r.globalPositions);
          }
        }),
      );
      await eventually(() => obs.seen.length >= appended.length, 20_000, 'relay did not publish everything');
      await new Promise((r) => setTimeout(r, 300));
      const positions = obs.seen.map((s) => s.globalPosition);
      const dupes = positions.filter((p, i) => positions.indexOf(p) !== i);
      expect(dupes, `duplicates without a failure; relay log:\n${t.logs.join('\n')}`).toEqual([]);
      expect(positions.slice().sort((a, b) => a - b)).toEqual(appended.slice().sort((a, b) => a - b));
      // Store order: (transaction id, global position) never goes backwards.
      for (let i = 1; i < obs.seen.length; i++) {
        const a = obs.seen[i - 1]!;
        const b = obs.seen[i]!;
        expect(BigInt(b.transactionId) > BigInt(a.transactionId) || (b.transactionId === a.transactionId && b.globalPosition > a.globalPosition)).toBe(true);
      }
      // Stream order: each stream's positions arrive as 1, 2, 3, … with no gap.
      const byStream = new Map<string, number[]>();
      for (const s of obs.seen) byStream.set(s.streamId, [...(byStream.get(s.streamId) ?? []), s.streamPosition]);
      for (const [, ps] of byStream) expect(ps).toEqual(ps.map((_, i) => i + 1));
      // Message properties carry what consumers and operators need.
      const m = obs.seen[0]!.msg;
      expect(m.fields.routingKey).toBe('MessageReceived');
      expect(m.properties).toMatchObject({ deliveryMode: 2, contentType: 'application/json', type: 'MessageReceived' });
      expect(m.properties.messageId).toMatch(/^[0-9a-f-]{36}$/);
      expect(m.properties.correlationId).toMatch(/^w\d$/);
      expect(m.properties.headers).toMatchObject({ [H.schemaVersion]: 1, [H.correlationId]: m.properties.correlationId });
      expect(String(m.properties.headers?.traceparent ?? '')).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
      const body = JSON.parse(m.content.toString());
      expect(body).toMatchObject({ id: m.properties.messageId, type: 'MessageReceived', streamPosition: obs.seen[0]!.streamPosition });
      // The checkpoint is where the relay got to.
      const cp = await t.pool.query(`select global_position::int as p from "${t.schema}".checkpoints where name = 'relay'`);
      expect(cp.rows[0].p).toBe(obs.seen.at(-1)!.globalPosition);
    } finally {
      await relay.stop();
      await obs.close();
    }
  });

  it('finds events by polling when a NOTIFY never comes', async () => {
    const obs = await observeExchange(t.prefix, `${t.prefix}observer3`);
    const relay = new Relay({ store: t.store, databaseUrl: t.env.DATABASE_URL!, amqpUrl: t.env.AMQP_URL!, prefix: t.prefix, log: t.log, pollMs: 200 }).start();
    try {
      await relay.whenLeader();
      // A row written without the store's NOTIFY (as a restore or a manual fix would).
      const id = '01930000-0000-7000-8000-0000000000aa';
      await t.pool.query(
        `insert into "${t.schema}".events (id, stream_id, stream_position, type, schema_version, data, metadata, occurred_at)
         values ($1, 'chat-silent', 1, 'ReminderCompleted', 1, '{"chatId":1,"reminderId":"r"}', '{"correlationId":"c","causationId":null}', now())`,
        [id],
      );
      await eventually(() => obs.seen.some((s) => s.id === id), 5_000, 'relay did not poll');
    } finally {
      await relay.stop();
      await obs.close();
    }
  });

  it('has exactly one active relay; a standby takes over within 5 s when the active one is killed', async () => {
    const env = { ...t.env, LOG_LEVEL: 'info', RELAY_LEADER_RETRY_MS: '250', HTTP_PORT: '0', SERVICE_NAME: 'relay' };
    const obs = await observeExchange(t.prefix, `${t.prefix}observer2`);
    const a = runTs('core/src/bin/relay.ts', env);
    const b = runTs('core/src/bin/relay.ts', env);
    try {
      const first = await Promise.race([a.waitFor(/relay is the leader/).then(() => a), b.waitFor(/relay is the leader/).then(() => b)]);
      const standby = first === a ? b : a;
      await standby.waitFor(/"msg":"relay started"|started/);
      await new Promise((r) => setTimeout(r, 1000));
      expect(standby.lines.some((l) => /relay is the leader/.test(l))).toBe(false);
      const before = await t.store.append('chat-failover', [messageReceived(1, 'before')]);
      await eventually(() => obs.seen.some((s) => s.globalPosition === before.globalPositions[0]), 10_000);

      const killedAt = Date.now();
      await first.kill('SIGKILL');
      const during = await t.store.append('chat-failover', [messageReceived(1, 'while nobody leads')]);
      await standby.waitFor(/relay is the leader/, 5_000);
      const takeoverMs = Date.now() - killedAt;
      expect(takeoverMs).toBeLessThan(5_000);
      const after = await t.store.append('chat-failover', [messageReceived(1, 'after')]);
      await eventually(() => [during, after].every((r) => obs.seen.some((s) => s.globalPosition === r.globalPositions[0])), 10_000, 'standby did not publish');
      const positions = obs.seen.filter((s) => s.streamId === 'chat-failover').map((s) => s.streamPosition);
      expect([...new Set(positions)]).toEqual([1, 2, 3]);
    } finally {
      await a.kill('SIGKILL');
      await b.kill('SIGKILL');
      await obs.close();
    }
  });
});
