import { EVENTS_RAW_COLUMNS, dropProjection, ident, migrateClickHouse, type ClickHouse } from '../core/src/clickhouse/index';
import type { DatasetSpec } from './bench-etl-protocol';

/**
 * The ETL benchmark's synthetic history, made by ClickHouse itself (`INSERT … SELECT FROM
 * numbers`: no row passes through JavaScript), deterministic in the seed and the parse's number.
 * Per parse: a MessageReceived (kind text), its MessageParsed (1 % ParseFailed) caused by it, and
 * for a create a ClarificationRequested (caused by the parse) or a ReminderScheduled (reminder id =
 * the parse id) followed by a cancel, an edit, ✏️ feedback or a delivery (sometimes feedback after
 * it); 30 % of the chats set a time zone (ChatSettingsChanged) the day before the history starts.
 * The shapes are what parse_quality (queries.ts) and drift_report (window-query.ts) read.
 */

/** Bumped when the generator changes: a dataset made by another version is made again. */
export const GENERATOR_VERSION = 1;
/** Parses generated per INSERT at most (bounds the engine's memory while generating). */
const CHUNK = 1_000_000;

const RU = ['позвонить маме', 'купить хлеб', 'отчёт по проекту', 'выпить таблетку', 'забрать посылку', 'оплатить интернет', 'встреча с Олегом', 'полить цветы'];
const EN = ['call mom', 'check the oven', 'send the report', 'water the plants', 'pay rent', 'team standup', 'pick up the kids', 'book a table'];
const ZONES = ['Europe/Berlin', 'Asia/Yekaterinburg', 'America/New_York', 'Asia/Tokyo', 'Europe/London'];
const sqlArray = (xs: readonly string[]) => `[${xs.map((x) => `'${x}'`).join(', ')}]`;

const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);

/** A uniform in [0, 1) from the seed, the parse and a stream number `k`. */
const u = (seed: number, k: number) => `(cityHash64(${seed}, g, ${k}) % 1000000) / 1e6`;
/** A UUIDv7-shaped id (48 bits of the event's millisecond, version 7, variant 10, the rest hashed from the parse and the slot), built from integers: string-built ids cost 15 times more. */
const uuidOf = (seed: number, ms: string, slot: string) =>
  `reinterpretAsUUID(concat(reinterpretAsFixedString(bitOr(bitShiftLeft(toUInt64(${ms}), 16), 0x7000 + cityHash64(${seed}, g, ${slot}) % 4096)),
     reinterpretAsFixedString(bitOr(0x8000000000000000, bitShiftRight(cityHash64(${seed}, g, ${slot}, 1), 2)))))`;

/**
 * The event slots of one parse (0 message, 1 parse or failure, 2 question or reminder, 3 cancel,
 * 4 feedback, 5 edit, 6 delivery, 7 feedback after it), each at its offset from the message
 * (ms). The global position is (event ms) × 8 + slot: unique, because two parses never share a
 * millisecond and each slot has one offset.
 */
const OFFSET_MS = [0, 2, 4, 60_000, 90_000, 120_000, 3_600_000, 3_700_000] as const;

/** The INSERT of parses [offset, offset + count) of one day (`dayNo` distinguishes the days' hashes). */
export function daySql(table: string, o: { day: string; dayNo: number; parses: number; offset: number; count: number; chats: number; seed: number }): string {
  const seed = o.seed;
  const start = dayMs(o.day);
  const offsets = `[${OFFSET_MS.join(', ')}]`;
  return `INSERT INTO ${table} (${EVENTS_RAW_COLUMNS.join(', ')})
SELECT ${uuidOf(seed, 'ms', 'slot')} AS id, type, 1, concat('chat-', toString(chat_id)), toUInt32(1 + slot), toUInt64(ms) * 8 + slot AS gp, gp, chat_id,
  fromUnixTimestamp64Milli(toInt64(ms), 'UTC') AS at, at + toIntervalMillisecond(3), toString(msg_id),
  multiIf(slot = 0, '', slot = 1, toString(msg_id), toString(parse_id)) AS causation,
  data, if(slot = 1 AND NOT failed, lang, ''), if(slot = 1 AND NOT failed, intent, ''), if(slot = 1 AND NOT failed, parser, ''),
  if(slot = 1, model, ''), if(slot = 1 AND NOT failed, confidence, 0), if(slot = 1 AND NOT failed, latency, 0),
  multiIf(slot = 3, 'button', slot = 5, 'edit', ''), multiIf(slot = 0, 'text', slot = 4, 'wrong-time', slot = 7, 'wrong-text', ''),
  if(slot = 6, 300, 0), if(slot >= 2 AND scheduled, toString(parse_id), '')
FROM (
  SELECT * EXCEPT slots, arrayJoin(slots) AS slot, t0 + ${offsets}[slot + 1] AS ms,
    multiIf(slot = 0, 'MessageReceived', slot = 1, if(failed, 'ParseFailed', 'MessageParsed'), slot = 2, if(scheduled, 'ReminderScheduled', 'ClarificationRequested'),
      slot = 3, 'ReminderCancelled', slot = 5, 'ReminderRescheduled', slot = 6, 'ReminderDelivered', 'FeedbackGiven') AS type,
    multiIf(
      slot = 0, concat('{"chatId":', toString(chat_id), ',"updateId":', toString(g), ',"messageId":', toString(g), ',"text":"', text, '","edited":false,"sentAt":"', iso, '","kind":"text"}'),
      slot = 1 AND failed, concat('{"chatId":', toString(chat_id), ',"reason":"model-error","modelVersion":"', model, '"}'),
      slot = 1, concat('{"chatId":', toString(chat_id), ',"intent":"', intent, '","slots":', slots_json, ',"due":', if(intent = 'create', concat('"', due, '"'), 'null'),
        ',"rrule":null,"text":', if(intent = 'create', concat('"', task, '"'), 'null'), ',"confidence":{"intent":', toString(confidence), ',"slots":', toString(slot_confidence),
        '},"modelVersion":"', model, '","parser":"', parser, '","latencyMs":', toString(latency), ',"corrections":', corrections, ',"lang":"', lang, '"}'),
      slot = 2 AND scheduled, concat('{"chatId":', toString(chat_id), ',"reminderId":"', toString(parse_id), '","text":"', task, '","due":"', due, '","rrule":null,"timezone":"Europe/Moscow"}'),
      slot = 2, concat('{"chatId":', toString(chat_id), ',"question":"Когда?","options":[],"kind":"time","candidates":[]}'),
      slot = 3, concat('{"chatId":', toString(chat_id), ',"reminderId":"', toString(parse_id), '","reason":"button"}'),
      slot = 5, concat('{"chatId":', toString(chat_id), ',"reminderId":"', toString(parse_id), '","due":"', due, '","reason":"edit"}'),
      slot = 6, concat('{"chatId":', toString(chat_id), ',"reminderId":"', toString(parse_id), '","occurrence":0,"latenessMs":300}'),
      concat('{"chatId":', toString(chat_id), ',"reminderId":"', toString(parse_id), '","kind":"', if(slot = 4, 'wrong-time', 'wrong-text'), '"}')) AS data
  FROM (
    SELECT number AS i, ${o.dayNo} * 4294967296 + number AS g,
      1 + cityHash64(${seed}, g, 0) % ${o.chats} AS chat_id,
      ${start} + intDiv(number * 86000000, ${o.parses}) AS t0,
      formatDateTime(fromUnixTimestamp64Milli(toInt64(t0), 'UTC'), '%Y-%m-%dT%H:%i:%S.000Z') AS iso,
      formatDateTime(fromUnixTimestamp64Milli(toInt64(t0 + 86400000), 'UTC'), '%Y-%m-%dT%H:%i:%S.000Z') AS due,
      ${u(seed, 1)} < 0.01 AS failed,
      ${u(seed, 2)} AS ul, multiIf(ul < 0.05, 'mixed', ul < 0.37, 'en', 'ru') AS lang,
      ${u(seed, 3)} AS ui, multiIf(ui < 0.7, 'create', ui < 0.8, 'list', ui < 0.88, 'cancel', ui < 0.93, 'snooze', ui < 0.95, 'timezone', 'other') AS intent,
      ${u(seed, 4)} AS up, multiIf(up < 0.03, 'rules', up < 0.05, 'llm', 'model') AS parser,
      if(${u(seed, 5)} < 0.8, '2026-12-01.1', '2026-12-01.2') AS model,
      sqrt(-2 * log(1 - ${u(seed, 6)})) * cos(2 * pi() * ${u(seed, 7)}) AS gauss,
      round(least(1, greatest(0, 1 - abs(gauss) * 0.12)), 4) AS confidence,
      round(greatest(0, confidence - 0.02), 4) AS slot_confidence,
      round(if(parser = 'llm', 400 + ${u(seed, 8)} * 900, 0.5 + abs(gauss) * 1.5), 3) AS latency,
      if(${u(seed, 9)} < 0.1, '[{"from":"зафтра","to":"завтра"}]', '[]') AS corrections,
      if(lang = 'en', ${sqlArray(EN)}, ${sqlArray(RU)})[1 + cityHash64(${seed}, g, 10) % 8] AS phrase,
      greatest(0, toInt64(round(exp(log(18) + 0.45 * sqrt(-2 * log(1 - ${u(seed, 11)})) * cos(2 * pi() * ${u(seed, 12)})))) - length(phrase)) AS extra,
      concat(phrase, repeat(' и ещё', toUInt64(intDiv(extra, 6))), if(${u(seed, 13)} < 0.2, concat(' в ', toString(cityHash64(${seed}, g, 14) % 24), ':00'), '')) AS task,
      concat(if(lang = 'en', 'remind me tomorrow at 9 to ', 'напомни завтра в 9 '), task) AS text,
      if(intent = 'create', concat('[{"tag":"TRIGGER","text":"напомни","start":0,"end":7},{"tag":"TIME","text":"завтра в 9","start":8,"end":18},{"tag":"TEXT","text":"', task, '","start":19,"end":', toString(19 + lengthUTF8(task)), '}]'),
        if(intent = 'cancel' OR intent = 'snooze', '[{"tag":"TRIGGER","text":"отмени","start":0,"end":6}]', '[]')) AS slots_json,
      NOT failed AND intent = 'create' AS creates,
      creates AND NOT (confidence < 0.6 OR ${u(seed, 15)} < 0.03) AS scheduled,
      ${u(seed, 16)} AS uo,
      ${uuidOf(seed, 't0', '0')} AS msg_id, ${uuidOf(seed, 't0 + 2', '1')} AS parse_id,
      arrayFilter(s -> s = 0 OR s = 1 OR (s = 2 AND creates) OR (s = 3 AND scheduled AND uo < 0.04) OR (s = 4 AND scheduled AND uo >= 0.04 AND uo < 0.07)
        OR (s = 5 AND scheduled AND uo >= 0.07 AND uo < 0.08) OR ((s = 6 OR (s = 7 AND ${u(seed, 17)} < 0.03)) AND scheduled AND uo >= 0.08 AND uo < 0.6), [0, 1, 2, 3, 4, 5, 6, 7]) AS slots
    FROM numbers(${o.offset}, ${o.count})
  )
)`;
}

/** 30 % of the chats choose a zone, each at its own millisecond of the day before `day`. */
export function zonesSql(table: string, o: { day: string; chats: number; seed: number }): string {
  const start = dayMs(o.day) - 86_400_000;
  return `INSERT INTO ${table} (${EVENTS_RAW_COLUMNS.join(', ')})
SELECT ${uuidOf(o.seed, 'ms', '9')} AS id, 'ChatSettingsChanged', 1, concat('chat-', toString(chat_id)), 1, toUInt64(ms) * 8 AS gp, gp, chat_id,
  fromUnixTimestamp64Milli(toInt64(ms), 'UTC') AS at, at + toIntervalMillisecond(3), toString(id), '',
  concat('{"chatId":', toString(chat_id), ',"timezone":"', zone, '"}'), '', '', '', '', 0, 0, '', '', 0, ''
FROM (
  SELECT number AS g, toInt64(number + 1) AS chat_id, ${start} + number * 10 AS ms, ${sqlArray(ZONES)}[1 + cityHash64(${o.seed}, g, 20) % ${ZONES.length}] AS zone
  FROM numbers(${o.chats}) WHERE cityHash64(${o.seed}, g, 21) % 10 < 3
)`;
}

/**
 * Makes the dataset in its own database unless one of the same spec and generator is there
 * (`regenerate` forces it). The marts' materialized views are dropped first: the assets read only
 * events_raw, and the views would triple the time the rows take to make.
 */
export async function ensureDataset(
  root: ClickHouse,
  spec: DatasetSpec,
  o: { regenerate: boolean; progress: (line: string) => void },
): Promise<{ db: ClickHouse; reused: boolean; seconds: number; rows: number }> {
  const db = root.withDatabase(spec.database);
  const fingerprint = JSON.stringify({ v: GENERATOR_VERSION, spec });
  await db.command(`CREATE DATABASE IF NOT EXISTS ${ident(spec.database)}`);
  if (!o.regenerate) {
    const meta = await db.query<{ fingerprint: string }>(`SELECT fingerprint FROM ${db.table('bench_meta')}`).catch(() => []);
    if (meta[0]?.fingerprint === fingerprint) {
      const [r] = await db.query<{ n: string }>(`SELECT count() AS n FROM ${db.table('events_raw')}`);
      return { db, reused: true, seconds: 0, rows: Number(r?.n ?? 0) };
    }
  }
  const t0 = performance.now();
  await db.command(`DROP TABLE IF EXISTS ${db.table('bench_meta')} SYNC`);
  await dropProjection(db);
  await migrateClickHouse(db);
  for (const v of ['mv_messages_hourly', 'mv_parse_daily', 'mv_reminders_daily', 'mv_feedback_daily', 'mv_active_chats_daily', 'mv_active_chats_weekly']) {
    await db.command(`DROP VIEW IF EXISTS ${db.table(v)} SYNC`);
  }
  const raw = db.table('events_raw');
  await db.command(zonesSql(raw, { day: spec.days[0]!.day, chats: spec.chats, seed: spec.seed }));
  let done = 0;
  const total = spec.days.reduce((a, d) => a + d.parses, 0);
  for (const [dayNo, d] of spec.days.entries()) {
    for (let offset = 0; offset < d.parses; offset += CHUNK) {
      await db.command(
        daySql(raw, { day: d.day, dayNo, parses: d.parses, offset, count: Math.min(CHUNK, d.parses - offset), chats: spec.chats, seed: spec.seed }),
      );
    }
    done += d.parses;
    o.progress(
      `data ${spec.database}: ${d.day} (${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} parses, ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    );
  }
  await db.command(`OPTIMIZE TABLE ${raw} FINAL`);
  await db.command(`CREATE TABLE ${db.table('bench_meta')} (fingerprint String) ENGINE = MergeTree ORDER BY tuple()`);
  await db.command(`INSERT INTO ${db.table('bench_meta')} SELECT {f:String}`, { f: fingerprint });
  const [r] = await db.query<{ n: string }>(`SELECT count() AS n FROM ${raw}`);
  return { db, reused: false, seconds: (performance.now() - t0) / 1000, rows: Number(r?.n ?? 0) };
}
