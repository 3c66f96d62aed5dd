import pg from 'pg';
import amqp from 'amqplib';
import { randomBytes } from 'node:crypto';
import { EventStore } from '../store/event-store';
import { type Catalog, catalog as appCatalog } from '@napominalka/domain';
import { createLogger, type Logger } from '../observability/logger';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_AMQP_URL = process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

export interface TestContext {
  id: string;
  schema: string;
  prefix: string;
  pool: pg.Pool;
  store: EventStore;
  log: Logger;
  /** Warnings and errors the context's logger wrote, to explain a failure. */
  logs: string[];
  /** Environment for a child process that should use this context's schema and prefix. */
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

/**
 * An isolated world for one test file: its own Postgres schema and its own exchange/queue prefix
 * on the real services. Fails loudly when a service is down: tests never skip.
 */
export async function createTestContext(opts: { catalog?: Catalog; poolMax?: number } = {}): Promise<TestContext> {
  const id = randomBytes(4).toString('hex');
  const schema = `t_${id}`;
  const prefix = `t_${id}.`;
  const pool = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: opts.poolMax ?? 20 });
  pool.on('error', () => undefined);
  try {
    await pool.query('select 1');
  } catch (err) {
    throw new Error(`PostgreSQL is required for this test and is not reachable at ${TEST_DATABASE_URL}: ${(err as Error).message}`, { cause: err });
  }
  const conn = await amqp.connect(TEST_AMQP_URL).catch((err: Error) => {
    throw new Error(`RabbitMQ is required for this test and is not reachable at ${TEST_AMQP_URL}: ${err.message}`, { cause: err });
  });
  await conn.close();
  const store = new EventStore(pool, opts.catalog ?? appCatalog, schema);
  await store.migrate();
  const logs: string[] = [];
  const level = process.env.TEST_LOG_LEVEL ?? 'warn';
  const log = createLogger({ service: 'test', level }, { write: (line: string) => void logs.push(line.trim()) });
  return {
    id,
    schema,
    prefix,
    pool,
    store,
    log,
    logs,
    env: {
      DATABASE_URL: TEST_DATABASE_URL,
      AMQP_URL: TEST_AMQP_URL,
      PG_SCHEMA: schema,
      AMQP_PREFIX: prefix,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    },
    async cleanup() {
      await deleteQueuesWithPrefix(prefix).catch(() => undefined);
      await pool.query(`drop schema if exists "${schema}" cascade`).catch(() => undefined);
      await pool.end();
    },
  };
}

/** Deletes the exchange and every queue a test declared (names known from the topology). */
async function deleteQueuesWithPrefix(prefix: string): Promise<void> {
  const conn = await amqp.connect(TEST_AMQP_URL);
  try {
    const ch = await conn.createChannel();
    ch.on('error', () => undefined);
    for (const q of declaredQueues.get(prefix) ?? []) await ch.deleteQueue(q).catch(() => undefined);
    await ch.deleteExchange(`${prefix}events`).catch(() => undefined);
  } finally {
    await conn.close().catch(() => undefined);
  }
}

const declaredQueues = new Map<string, Set<string>>();
/** Tests register the queues they create so cleanup can remove them. */
export function trackQueues(prefix: string, ...queues: string[]): void {
  const set = declaredQueues.get(prefix) ?? new Set<string>();
  for (const q of queues) set.add(q);
  declaredQueues.set(prefix, set);
}

/** Polls until `fn` returns true, or fails with `message` after `timeoutMs`. */
export async function eventually(fn: () => boolean | Promise<boolean>, timeoutMs = 20_000, message = 'condition not met in time'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(message);
}
