import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chatStream, type Relay } from '../core/src/index';
import { BUNDLED_MODELS_DIR, readRegistry, registerVersion, seedRegistry } from '../core/src/models/index';
import { createTestContext, eventually, freePort, runTs, startRelay, type Child, type TestContext } from '../core/src/testing/index';
import { parseHistory } from '../etl/src/testing/parse-history';
import { addUser } from '../ui/src/store/users';
import { appendSessions, nightlyDays, waitForEventsRaw } from './e2e-history';

export const ADMIN = { username: 'ops-admin', password: 'admin password long enough' };
export const VIEWER = { username: 'ops-viewer', password: 'viewer password long enough' };
/** A message that would run script if any page rendered it as HTML. */
export const XSS_MESSAGE = '<img src=x onerror=alert(1)>';
/** What the users of the live chats write; the real inference worker parses these. */
export const LIVE = [
  { chat: 7001, text: 'напомни зафтра в 9 позвонить маме' },
  { chat: 7002, text: XSS_MESSAGE },
  { chat: 7003, text: 'remind me every monday at 10 to feed the zebra' },
] as const;
export const HISTORY_DAYS = 4;
/** A second registered version (the bundled model under another name), for promote and rollback. */
export const CANDIDATE = '2099-01-01.1';

export interface UiServices {
  url: string;
  t: TestContext;
  /** The day (UTC, YYYY-MM-DD) `i` of the synthetic history, 0 the oldest. */
  day(i: number): string;
  stop(): Promise<void>;
}

const day = nightlyDays(HISTORY_DAYS);

/**
 * Every service the UI reads, each a real process: the projector (read model in Postgres,
 * events_raw and its marts in embedded ClickHouse behind its gateway), a few days of production-like
 * history, the inference service (the bundled model parses the live chats' messages and answers
 * the playground), the ETL (its nightly schedule catches up the history's days; its control API
 * for the ETL page) and the UI itself, with a first admin from the environment and a viewer.
 */
export async function startUiServices(say: (line: string) => void): Promise<UiServices> {
  const t = await createTestContext();
  const relay: Relay = startRelay(t);
  const children: Array<[string, Child]> = [];
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ui-e2e-ch-'));
  const modelsDir = await mkdtemp(path.join(os.tmpdir(), 'ui-e2e-models-'));
  seedRegistry(BUNDLED_MODELS_DIR, modelsDir);
  await addCandidate(modelsDir);
  const stop = async () => {
    for (const [, c] of children.reverse()) await c.kill('SIGTERM');
    await relay.stop();
    await t.cleanup();
    await rm(dataDir, { recursive: true, force: true });
    await rm(modelsDir, { recursive: true, force: true });
  };
  try {
    const [gateway, inferencePort, etlPort, uiPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const inferenceKey = 'ui-e2e-inference-key-0123456789';
    const etlToken = 'ui-e2e-etl-token-0123456789';
    const ch = { CLICKHOUSE_URL: `http://127.0.0.1:${gateway}`, CLICKHOUSE_USER: 'etl', CLICKHOUSE_PASSWORD: 'ui-e2e-secret-password' };
    const env = {
      ...t.env,
      LOG_LEVEL: 'info',
      HTTP_PORT: '0',
      MODEL_REGISTRY_DIR: modelsDir,
      INFERENCE_API_KEYS: inferenceKey,
      ETL_API_TOKEN: etlToken,
      CLICKHOUSE_USER: ch.CLICKHOUSE_USER,
      CLICKHOUSE_PASSWORD: ch.CLICKHOUSE_PASSWORD,
    };
    const start = async (name: string, entry: string, extra: Record<string, string>, ready: RegExp) => {
      const c = runTs(entry, { ...env, ...extra });
      children.push([name, c]);
      await c.waitFor(ready, 120_000);
      say(`${name} started`);
    };
    await start(
      'projector',
      'projector/src/main.ts',
      { PROJECTOR_COMPONENTS: 'postgres,clickhouse', CLICKHOUSE_DATA_DIR: dataDir, CLICKHOUSE_GATEWAY_PORT: String(gateway), CLICKHOUSE_FLUSH_MS: '200' },
      /projector started/,
    );
    for (let i = 0; i < HISTORY_DAYS; i++) await appendSessions(t, parseHistory({ seed: 70 + i, day: day(i), messages: 80, chats: 120, model: 'm1' }));
    // The history is in before the inference worker's queue exists: it parses only the live chats.
    await waitForEventsRaw(t, { url: ch.CLICKHOUSE_URL, user: ch.CLICKHOUSE_USER, password: ch.CLICKHOUSE_PASSWORD });
    say('history projected');
    await start('inference', 'inference/src/main.ts', { INFERENCE_PORT: String(inferencePort), CONSUMER_RETRY_BASE_MS: '200' }, /inference started/);
    for (const [i, m] of LIVE.entries()) {
      await t.store.append(
        chatStream(m.chat),
        [{ type: 'MessageReceived', data: { chatId: m.chat, updateId: i + 1, messageId: i + 1, text: m.text, sentAt: new Date().toISOString() } }],
        { idempotencyKey: `tg:ui-e2e:${i}` },
      );
    }
    await eventually(
      async () =>
        Number((await t.pool.query(`select count(*) as n from "${t.schema}".parses where chat_id = any($1)`, [LIVE.map((m) => m.chat)])).rows[0].n) ===
        LIVE.length,
      60_000,
      'the live messages were not parsed into the read model',
    );
    say('live chats parsed');
    await start(
      'etl',
      'etl/src/main.ts',
      {
        CLICKHOUSE_URL: ch.CLICKHOUSE_URL,
        ETL_START_DATE: day(0),
        ETL_TIMEZONE: 'UTC',
        ETL_DRIFT_REFERENCE: 'previous-28-days',
        ETL_CATCHUP_HOURS: String(24 * (HISTORY_DAYS + 1)),
        ETL_TICK_MS: '500',
        ETL_POLL_MS: '200',
        ETL_API_PORT: String(etlPort),
        MODEL_RETRAINING_CRON: 'off',
      },
      /ETL running/,
    );
    await eventually(
      async () =>
        (await t.pool.query(`select count(*) as n from "${t.schema}".etl_partitions where asset = 'drift_report'`).catch(() => ({ rows: [{ n: 0 }] }))).rows[0]
          .n >= HISTORY_DAYS,
      240_000,
      "the ETL did not materialize the history's days",
    );
    say('ETL caught up');
    await start(
      'ui',
      'ui/src/main.ts',
      {
        CLICKHOUSE_URL: ch.CLICKHOUSE_URL,
        UI_PORT: String(uiPort),
        UI_INFERENCE_URL: `http://127.0.0.1:${inferencePort}`,
        UI_ETL_URL: `http://127.0.0.1:${etlPort}`,
        UI_ADMIN_USER: ADMIN.username,
        UI_ADMIN_PASSWORD: ADMIN.password,
      },
      /ui started/,
    );
    await addUser(t.pool, t.schema, { ...VIEWER, role: 'viewer' });
    return { url: `http://127.0.0.1:${uiPort}`, t, day, stop };
  } catch (err) {
    const tails = children.map(([name, c]) => `--- ${name}:\n${c.lines.slice(-12).join('\n')}`).join('\n');
    await stop().catch(() => undefined);
    throw new Error(`${(err as Error).message}\n${tails}`);
  }
}

async function addCandidate(dir: string): Promise<void> {
  const active = readRegistry(dir).current;
  await cp(path.join(dir, active), path.join(dir, CANDIDATE), { recursive: true });
  const card = path.join(dir, CANDIDATE, 'card.json');
  await writeFile(card, JSON.stringify({ ...JSON.parse(await readFile(card, 'utf8')), version: CANDIDATE }, null, 2));
  registerVersion(CANDIDATE, dir);
}
