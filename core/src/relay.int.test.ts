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
    const relay = new Relay({
      store: t.store,
      databaseUrl: t.env.DATABASE_URL!,
      amqpUrl: t.env.AMQP_URL!,
      prefix: t.prefix,
      log: t.log,
      batchSize: 100,
    }).start();
    try {
      const appended: number[] = [];
      await Promise.all(
        Array.from({ length: 8 }, async (_, w) => {
          for (let i = 0; i < 60; i++) {
            const stream = `chat-${(w * 7 + i) % 16}`;
            const n = 1 + (i % 3);
            const r = await t.store.append(
              stream,
              Array.from({ length: n }, (_, k) => messageReceived(w, `${w}:${i}:${k}`)),
              { metadata: { correlationId: `w${w}` } },
            );
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

  it('is not held back by a transaction that writes but never appends, and still waits for one that appends', async () => {
    const obs = await observeExchange(t.prefix, `${t.prefix}observer4`);
    const relay = new Relay({ store: t.store, databaseUrl: t.env.DATABASE_URL!, amqpUrl: t.env.AMQP_URL!, prefix: t.prefix, log: t.log }).start();
    const published = async (position: number, startedAt: number) => {
      await eventually(() => obs.seen.some((s) => s.globalPosition === position), 5_000, `event ${position} not published`);
      return performance.now() - startedAt;
    };
    const idle = await t.pool.connect();
    const slow = await t.pool.connect();
    try {
      await relay.whenLeader();
      // A consumer-like transaction: its checkpoint written (so it holds an xid), then 2 s of nothing.
      await idle.query('begin');
      await idle.query(`insert into "${t.schema}".consumer_streams (consumer, stream_id, stream_position, global_position) values ('idle', 'chat-idle', 0, 0)`);
      const idleOpen = new Promise((r) => setTimeout(r, 2_000)).then(() => idle.query('rollback'));
      await new Promise((r) => setTimeout(r, 50));
      let at = performance.now();
      const free = await t.store.append('chat-free', [messageReceived(1, 'while a writer idles')]);
      const freeMs = await published(free.globalPositions[0]!, at);
      expect(freeMs, 'ms from commit to published, past a writer that never appends').toBeLessThan(300);

      // An open appender holds back what commits after it; its rollback wakes the relay without a NOTIFY.
      await slow.query('begin');
      const early = await t.store.append('chat-slow', [messageReceived(2, 'allocated first')], { client: slow });
      const held = await t.store.append('chat-held', [messageReceived(3, 'committed while the appender is open')]);
      await new Promise((r) => setTimeout(r, 400));
      expect(obs.seen.some((s) => s.globalPosition === held.globalPositions[0])).toBe(false);
      at = performance.now();
      await slow.query('rollback');
      const heldMs = await published(held.globalPositions[0]!, at);
      expect(heldMs, 'ms from the rollback to published').toBeLessThan(300);
      expect(obs.seen.some((s) => s.globalPosition === early.globalPositions[0])).toBe(false);
      await idleOpen;
    } finally {
      idle.release();
      slow.release();
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
