import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Relay } from '../core/src/index';
import { createTestContext, eventually, freePort, runTs, startRelay, type Child, type TestContext } from '../core/src/testing/index';
import { startTelegramEmulator, type RunningTelegramEmulator } from '../bot/src/emulator/server';
import { EmulatorControl } from '../bot/src/emulator/control-client';
import { parseHistory, type DriftShift } from '../etl/src/testing/parse-history';
import { appendSessions, nightlyDays, waitForEventsRaw } from './e2e-history';

/**
 * The ETL end to end with every service a process: ten days of synthetic production history
 * (parses, reminders, feedback; a drift injected on the last day) appended to the store → relay →
 * projector (events_raw in its embedded ClickHouse, served to the ETL by its gateway) → the ETL's
 * nightly schedule, catching up the missed ticks of those days, materializes parse_quality,
 * drift_report and daily_alerts for each day → the drift alert reaches the admin chat of the
 * Telegram emulator through the bot's outbox, and only for the drifted day.
 */
let t: TestContext;
let relay: Relay;
let emu: RunningTelegramEmulator;
let tg: EmulatorControl;
const children: Child[] = [];
let dataDir: string;
const ADMIN = -100555;
const DAYS = 10;
const day = nightlyDays(DAYS);
const DRIFT_DAY = day(DAYS - 1);

beforeAll(async () => {
  t = await createTestContext();
  relay = startRelay(t);
  emu = await startTelegramEmulator({ port: 0 });
  tg = new EmulatorControl(emu.url);
  await tg.addChats([{ chat_id: ADMIN, chat_type: 'group', title: 'Operators', user: { id: 9001 } }]);
  // The history's users get the bot's replies too (as 'paid broadcasts', so they do not hold the alert back).
  await tg.setRateLimits({ globalPerSecond: 0 });
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'etl-e2e-ch-'));
  const gateway = await freePort();
  const env = { ...t.env, LOG_LEVEL: 'info', HTTP_PORT: '0', CLICKHOUSE_USER: 'etl', CLICKHOUSE_PASSWORD: 'e2e-secret-password' };
  const projector = runTs('projector/src/main.ts', {
    ...env,
    PROJECTOR_COMPONENTS: 'clickhouse',
    CLICKHOUSE_DATA_DIR: dataDir,
    CLICKHOUSE_GATEWAY_PORT: String(gateway),
    CLICKHOUSE_FLUSH_MS: '200',
  });
  children.push(projector);
  await projector.waitFor(/projector started/, 90_000);
  const bot = runTs('bot/src/main.ts', { ...env, TELEGRAM_API_ROOT: emu.url, ADMIN_CHAT_ID: String(ADMIN), TELEGRAM_GLOBAL_RATE: '1000' });
  children.push(bot);
  await bot.waitFor(/bot started/, 120_000);
  // Ten days of history, appended once the consumers' queues exist; the last day drifted.
  for (let i = 0; i < DAYS; i++) {
    const shift: DriftShift | undefined =
      i === DAYS - 1 ? { lengthFactor: 2, confidenceDelta: -0.3, intentOther: 0.3, langEn: 0.4, newVocabulary: 1 } : undefined;
    await appendSessions(t, parseHistory({ seed: 50 + i, day: day(i), messages: i === DAYS - 1 ? 150 : 120, chats: 300, ...(shift ? { shift } : {}) }));
  }
  // The history reaches ClickHouse before the ETL starts (a nightly run reads a finished day).
  await waitForEventsRaw(t, { url: `http://127.0.0.1:${gateway}`, user: 'etl', password: 'e2e-secret-password' }).catch((err: Error) => {
    throw new Error(`${err.message}; projector said:\n${projector.lines.slice(-15).join('\n')}`);
  });
  const etl = runTs('etl/src/main.ts', {
    ...env,
    CLICKHOUSE_URL: `http://127.0.0.1:${gateway}`,
    ETL_START_DATE: day(0),
    ETL_TIMEZONE: 'UTC',
    ETL_DRIFT_REFERENCE: 'previous-28-days',
    ETL_CATCHUP_HOURS: String(24 * (DAYS + 1)),
    ETL_TICK_MS: '500',
    ETL_POLL_MS: '200',
    ETL_CONCURRENCY: '2',
    // The catch-up would make up a weekly retraining too: a 15-minute training, not this test's subject.
    MODEL_RETRAINING_CRON: 'off',
  });
  children.push(etl);
  await etl.waitFor(/ETL running/, 90_000);
}, 300_000);

afterAll(async () => {
  for (const c of children.reverse()) await c.kill('SIGTERM');
  await emu?.close();
  await relay?.stop();
  await t?.cleanup();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}, 120_000);

const partitions = async (asset: string) =>
  (
    await t.pool.query<{ partition_key: string; metadata: Record<string, unknown> }>(
      `select partition_key, metadata from "${t.schema}".etl_partitions where asset = $1 order by partition_key`,
      [asset],
    )
  ).rows;

describe('ETL end to end', () => {
  it('the schedule materializes every day of the history, and the drifted day alone alerts the admin chat', async () => {
    const days = Array.from({ length: DAYS }, (_, i) => day(i));
    await eventually(async () => (await partitions('daily_alerts')).length === DAYS, 240_000, 'the schedule did not materialize every day');
    expect((await partitions('parse_quality')).map((p) => p.partition_key)).toEqual(days);
    const drift = await partitions('drift_report');
    expect(drift.map((p) => p.partition_key)).toEqual(days);
    expect(drift.filter((p) => p.metadata.dataset_drift === true).map((p) => p.partition_key)).toEqual([DRIFT_DAY]);
    const runs = async () =>
      (
        await t.pool.query<{ status: string; reason: string; partition_key: string; failure: unknown }>(
          `select status, reason, partition_key, failure from "${t.schema}".etl_runs order by partition_key`,
        )
      ).rows;
    await eventually(async () => (await runs()).every((r) => r.status !== 'running' && r.status !== 'queued'), 30_000, 'runs still going');
    expect((await runs()).map((r) => [r.partition_key, r.reason, r.status, r.failure])).toEqual(days.map((d) => [d, 'schedule', 'succeeded', null]));

    // (The operations monitor may also say the bot's replies lag behind the burst of history.)
    const raised = async () =>
      (await t.store.readStream('alerts')).map((e) => e.data as { alert: string; title: string }).filter((a) => a.alert === 'drift-detected');
    await eventually(async () => (await raised()).length > 0, 30_000, 'no drift alert was raised');
    expect((await raised()).map((a) => a.title)).toEqual([`Dataset drift on ${DRIFT_DAY}`]);
    const driftMessages = async () => (await tg.botMessages(ADMIN)).map((m) => m.text ?? '').filter((m) => m.includes('Dataset drift'));
    await eventually(async () => (await driftMessages()).length > 0, 60_000, 'the drift alert did not reach the admin chat');
    await new Promise((r) => setTimeout(r, 2000));
    const got = await driftMessages();
    expect(got).toHaveLength(1);
    expect(got[0]).toContain(`Dataset drift on ${DRIFT_DAY}`);
    expect(got[0]).toContain('/reports/drift_report/');
  });
});
