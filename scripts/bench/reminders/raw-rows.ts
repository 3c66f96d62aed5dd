import { dropProjection, EVENTS_RAW_COLUMNS, ident, migrateClickHouse, type ClickHouse } from '../../../core/src/clickhouse/index';
import { fmt, fmtInt, progress, progressBar, timed } from '../common/progress';
import type { Ctx } from './section';

/** events_raw rows generated inside ClickHouse: the marts' data and the engine's insert ceiling. */

/**
 * Realistic events_raw rows made by ClickHouse itself (no row passes through JavaScript): the
 * event mix of the synthetic store, skewed chat activity, parser latency and confidence by parser,
 * delivery lateness, feedback kinds, and a JSON `data` of the usual size.
 */
function generatedRowsSql(target: string, rows: number, offset: number, total: number, days: number): string {
  const spanMs = days * 86_400_000;
  return `INSERT INTO ${target} (${EVENTS_RAW_COLUMNS.join(', ')})
    SELECT id, type, 1, concat('chat-', toString(chat_id)), toUInt32(1 + intDiv(n, 50000)), n + 1, 1000 + intDiv(n, 500), chat_id, at,
      at + toIntervalMillisecond(3), toString(id), '', data, lang, intent, parser, 'm1', confidence, latency_ms, reason, kind, lateness_ms, reminder_id
    FROM (
      SELECT number AS n,
        generateUUIDv7(number) AS id,
        (cityHash64(number, 1) % 1000000) / 1e6 AS r,
        (cityHash64(number, 2) % 1000000) / 1e6 AS u,
        (cityHash64(number, 3) % 1000000) / 1e6 AS v,
        multiIf(r < 0.24, 'MessageReceived', r < 0.47, 'MessageParsed', r < 0.477, 'ParseFailed', r < 0.49, 'ClarificationRequested',
          r < 0.62, 'ReminderScheduled', r < 0.75, 'ReminderDue', r < 0.873, 'ReminderDelivered', r < 0.876, 'ReminderDeliveryFailed',
          r < 0.90, 'ReminderRescheduled', r < 0.91, 'ReminderCancelled', r < 0.96, 'ReminderCompleted', r < 0.966, 'FeedbackGiven',
          r < 0.9999, 'CallbackReceived', 'ModelPromoted') AS type,
        toInt64(100000 + floor(pow(v, 2) * 20000)) AS chat_id,
        addMilliseconds(toDateTime64('2025-01-01 00:00:00', 3, 'UTC'), intDiv(number * ${spanMs}, ${total})) AS at,
        if(type = 'MessageParsed', multiIf(u < 0.69, 'ru', u < 0.96, 'en', 'mixed'), '') AS lang,
        if(type = 'MessageParsed', multiIf(v < 0.58, 'create', v < 0.70, 'list', v < 0.78, 'cancel', v < 0.85, 'snooze', v < 0.87, 'timezone', 'other'), '') AS intent,
        if(type = 'MessageParsed', multiIf(u < 0.86, 'model', u < 0.95, 'llm', 'rules'), '') AS parser,
        if(type = 'MessageParsed', if(parser = 'llm', 0.3 + v * 0.3, 0.55 + 0.45 * sqrt(v)), 0) AS confidence,
        if(type = 'MessageParsed', if(parser = 'llm', 300 + exp(v * 7), 3 + exp(v * 3)), 0) AS latency_ms,
        if(type = 'ReminderDelivered', 40 + exp(u * 7.5), 0) AS lateness_ms,
        multiIf(type = 'ReminderRescheduled', if(u < 0.75, 'snooze', 'edit'), type = 'ReminderCancelled', 'user', '') AS reason,
        if(type = 'FeedbackGiven', multiIf(u < 0.5, 'wrong-time', u < 0.8, 'wrong-text', 'other'), '') AS kind,
        if(startsWith(type, 'Reminder') OR type = 'FeedbackGiven', concat('r-', toString(chat_id), '-', toString(intDiv(number, 7))), '') AS reminder_id,
        concat('{"chatId":', toString(chat_id), ',"intent":"', intent, '","lang":"', lang, '","parser":"', parser,
          '","confidence":{"intent":', toString(round(confidence, 4)), ',"slots":0.9},"latencyMs":', toString(round(latency_ms, 2)),
          ',"reminderId":"', reminder_id, '","text":"напомни завтра в 9 позвонить маме","slots":[{"tag":"time","text":"завтра в 9","start":8,"end":18}]}') AS data
      FROM numbers(${offset}, ${rows})
    )`;
}

export async function ceilingInsertSelect(ch: ClickHouse, rows: number): Promise<{ rows: number; seconds: number; rowsPerSec: number }> {
  const db = ch.withDatabase('bench_ceiling');
  await db.command(`CREATE DATABASE IF NOT EXISTS ${ident(db.database)}`);
  await dropProjection(db);
  await migrateClickHouse(db);
  const { ms } = await timed(() => db.command(generatedRowsSql(db.table('events_raw'), rows, 0, rows, 180)));
  await db.command(`DROP DATABASE IF EXISTS ${ident(db.database)} SYNC`);
  return { rows, seconds: ms / 1000, rowsPerSec: rows / (ms / 1000) };
}

export async function ensureRawRows(ctx: Ctx): Promise<{ db: ClickHouse; reused: boolean; seconds: number; rows: number }> {
  const { settings: s } = ctx;
  const db = ctx.ch.withDatabase(`bench_marts_${s.rawRows}`);
  await db.command(`CREATE DATABASE IF NOT EXISTS ${ident(db.database)}`);
  if (!ctx.args.regenerate) {
    const present = await db
      .query<{ n: string }>(`SELECT count() AS n FROM ${db.table('events_raw')}`)
      .then((r) => Number(r[0]!.n))
      .catch(() => 0);
    if (present === s.rawRows) {
      // Migrations added since (a new mart backfills itself from the data there).
      const applied = await migrateClickHouse(db);
      progress(`events_raw: reusing ${fmtInt(present)} rows in ${db.database}${applied.length ? `; applied migrations ${applied.join(', ')}` : ''}`);
      return { db, reused: true, seconds: 0, rows: present };
    }
  }
  await dropProjection(db);
  await migrateClickHouse(db);
  const t0 = performance.now();
  const chunk = 1_000_000;
  const bar = progressBar('events_raw');
  for (let offset = 0; offset < s.rawRows; offset += chunk) {
    await db.command(generatedRowsSql(db.table('events_raw'), Math.min(chunk, s.rawRows - offset), offset, s.rawRows, s.rawDays));
    const done = Math.min(s.rawRows, offset + chunk);
    bar(done, s.rawRows, done / ((performance.now() - t0) / 1000), done === s.rawRows);
  }
  const seconds = (performance.now() - t0) / 1000;
  progress(`events_raw: ${fmtInt(s.rawRows)} rows (marts filled by the views) in ${fmt(seconds, 1)} s`);
  return { db, reused: false, seconds, rows: s.rawRows };
}
