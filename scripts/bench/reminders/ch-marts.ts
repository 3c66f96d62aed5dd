import { activeChats, feedbackDaily, messagesPerHour, parseQualityDaily, remindersDaily, type TimeRange } from '../../../core/src/clickhouse/index';
import { fmt, fmtInt, progress, timed } from '../common/progress';
import { round } from '../common/stats';
import { TARGETS } from './args';
import { ensureRawRows } from './raw-rows';
import { summarise, type Section } from './section';

/** ch-marts: p95 of every mart query over events_raw, beside a SELECT 1 and query-time aggregation. */
export const chMarts: Section = {
  name: 'ch-marts',
  async run(ctx) {
    const s = ctx.settings;
    const { db, reused, seconds, rows } = await ensureRawRows(ctx);
    const start = new Date('2025-01-01T00:00:00Z').getTime();
    const end = start + s.rawDays * 86_400_000;
    const ranges: Record<string, TimeRange> = {
      'whole year': { from: new Date(start), to: new Date(end) },
      'last 30 days': { from: new Date(end - 30 * 86_400_000), to: new Date(end) },
      'last 7 days': { from: new Date(end - 7 * 86_400_000), to: new Date(end) },
    };
    const queries: Record<string, (r: TimeRange, label: string) => Promise<unknown[]>> = {
      // Hours for ranges of weeks, days for the year (~100,000 hourly rows would be a transfer test).
      'messagesPerHour (hours; days for the year)': (r, label) => messagesPerHour(db, { ...r, per: label === 'whole year' ? 'day' : 'hour' }),
      parseQualityDaily: (r) => parseQualityDaily(db, r),
      remindersDaily: (r) => remindersDaily(db, r),
      feedbackDaily: (r) => feedbackDaily(db, r),
      'activeChats (day)': (r) => activeChats(db, { ...r, per: 'day' }),
      'activeChats (week)': (r) => activeChats(db, { ...r, per: 'week' }),
    };
    const results: Record<string, ReturnType<typeof summarise> & { rowsReturned: number; byRange: Record<string, ReturnType<typeof summarise>> }> = {};
    let hourlyYear: (ReturnType<typeof summarise> & { rows: number }) | null = null;
    for (const [name, q] of Object.entries(queries)) {
      const all: number[] = [];
      const byRange: Record<string, ReturnType<typeof summarise>> = {};
      let rowsReturned = 0;
      for (const [label, r] of Object.entries(ranges)) {
        for (let i = 0; i < s.warmups; i++) await q(r, label);
        const ms: number[] = [];
        for (let i = 0; i < s.runs; i++) {
          const t = await timed(() => q(r, label));
          ms.push(t.ms);
          if (label === 'whole year') rowsReturned = t.value.length;
        }
        byRange[label] = summarise(ms);
        all.push(...ms);
      }
      results[name] = { ...summarise(all), rowsReturned, byRange };
      progress(`mart ${name}: p50 ${results[name]!.p50} ms, p95 ${results[name]!.p95} ms, max ${results[name]!.max} ms (${rowsReturned} rows for the year)`);
    }
    // The shape left out above, as a reference: every hour of the year.
    {
      const r = ranges['whole year']!;
      await messagesPerHour(db, r);
      const ms: number[] = [];
      let n = 0;
      for (let i = 0; i < 5; i++) {
        const t = await timed(() => messagesPerHour(db, r));
        ms.push(t.ms);
        n = t.value.length;
      }
      hourlyYear = { ...summarise(ms), rows: n };
      progress(`reference messagesPerHour, every hour of the year: p50 ${hourlyYear.p50} ms (${n} rows)`);
    }
    const ping: number[] = [];
    for (let i = 0; i < s.runs * 3; i++) ping.push((await timed(() => db.query('SELECT 1'))).ms);
    const ceiling = summarise(ping);
    // Why materialized views: the same marts aggregated from events_raw at query time.
    const raw = db.table('events_raw');
    const reference: Record<string, ReturnType<typeof summarise>> = {};
    const refQueries: Record<string, string> = {
      'messagesPerHour at query time': `SELECT toStartOfHour(occurred_at) AS h, lang, intent, count() AS c FROM ${raw} WHERE type = 'MessageParsed' GROUP BY h, lang, intent ORDER BY h, lang, intent`,
      'parseQualityDaily at query time': `SELECT toDate(occurred_at) AS d, countIf(type = 'MessageParsed') AS p, countIf(type = 'ParseFailed') AS f, countIf(type = 'ClarificationRequested') AS c,
          quantilesDDIf(0.01, 0.5, 0.95, 0.99)(latency_ms, type = 'MessageParsed') AS l, quantilesDDIf(0.01, 0.05, 0.5, 0.95)(confidence, type = 'MessageParsed') AS q
        FROM ${raw} WHERE type IN ('MessageParsed', 'ParseFailed', 'ClarificationRequested') GROUP BY d ORDER BY d`,
      'activeChats (week) at query time': `SELECT toMonday(occurred_at) AS w, uniqExact(chat_id) AS c FROM ${raw} WHERE type = 'MessageReceived' GROUP BY w ORDER BY w`,
    };
    for (const [name, sql] of Object.entries(refQueries)) {
      await db.query(sql);
      const ms: number[] = [];
      for (let i = 0; i < 5; i++) ms.push((await timed(() => db.query(sql))).ms);
      reference[name] = summarise(ms);
      progress(`reference ${name}: p50 ${reference[name]!.p50} ms`);
    }
    const sizes = await db.query<{ table: string; rows: string; parts: string; bytes: string }>(
      `SELECT table, sum(rows) AS rows, count() AS parts, sum(data_compressed_bytes) AS bytes FROM system.parts WHERE database = {db:String} AND active GROUP BY table ORDER BY table`,
      { db: db.database },
    );
    const worst = Math.max(...Object.values(results).map((r) => r.p95));
    const pass = Object.values(results).every((r) => r.p95 <= TARGETS.martP95Ms);
    return {
      rows: [
        ...Object.entries(results).map(([name, r]) => ({
          measure: `Mart query ${name} over ${fmtInt(rows)} events_raw rows (year · 30 d · 7 d, ${s.runs} runs each)`,
          result: `p95 ${fmt(r.p95, 1)} ms (p50 ${fmt(r.p50, 1)})`,
          target: `p95 ≤ ${TARGETS.martP95Ms} ms`,
          ceiling: `SELECT 1: p50 ${fmt(ceiling.p50, 2)} · p95 ${fmt(ceiling.p95, 2)} ms`,
          pass: r.p95 <= TARGETS.martP95Ms,
        })),
        ...(hourlyYear
          ? [
              {
                measure: `Reference: messagesPerHour, every hour of the year (${fmtInt(hourlyYear.rows)} rows returned)`,
                result: `p50 ${fmt(hourlyYear.p50, 0)} ms`,
                target: '',
                ceiling: '',
              },
            ]
          : []),
        ...Object.entries(reference).map(([name, r]) => ({
          measure: `Reference: ${name} (whole year, scans events_raw)`,
          result: `p50 ${fmt(r.p50, 0)} ms`,
          target: '',
          ceiling: '',
        })),
      ],
      notes: [
        `events_raw: ${fmtInt(rows)} rows over ${s.rawDays} days made by ClickHouse (INSERT … SELECT FROM numbers), ${reused ? 'reused from an earlier run' : `generated with the views attached in ${fmt(seconds, 1)} s`}; ` +
          `tables (rows / parts / compressed): ${sizes.map((x) => `${x.table} ${fmtInt(Number(x.rows))} / ${x.parts} / ${fmt(Number(x.bytes) / 2 ** 20, 1)} MiB`).join(', ')}.`,
      ],
      json: {
        rawRows: rows,
        reused,
        generateSeconds: round(seconds, 1),
        queriesMs: results,
        hourlyWholeYearMs: hourlyYear,
        ceilingSelect1Ms: ceiling,
        referenceQueryTimeMs: reference,
        worstP95Ms: worst,
        tables: sizes,
        pass,
      },
    };
  },
};
