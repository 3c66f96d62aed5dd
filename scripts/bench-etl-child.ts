import { randomUUID } from 'node:crypto';
import { createClickHouse, type ClickHouse } from '../core/src/clickhouse/index';
import { executeRuns, partitionsOf, requestRun, stepsOf } from '../etl/src/framework';
import { migrateEtlTables } from '../etl/src/assets/shared/tables';
import { outcomeCounts, parsedFigures } from '../etl/src/assets/parse-quality/queries';
import { featureWindow } from '../etl/src/assets/drift-report/window-query';
import { previousDaysReference, WINDOW_CAP } from '../etl/src/assets/drift-report/reference';
import { trainingReference } from '../etl/src/assets/drift-report/training-reference';
import { buildDriftReport } from '../etl/src/assets/drift-report/report';
import { driftReportHtml } from '../etl/src/assets/drift-report/html';
import { textDrift } from '../etl/src/drift/text';
import { ensureDataset } from './bench-etl-data';
import { parseQualitySql, scanSql, windowParams } from './bench-etl-ceilings';
import { dayWindow, graphFrom, openEtlStore, peakRss, procOf, runOf, say, startWork, timed } from './bench-etl-process';
import { execute, gateway, requestBackfillJob } from './bench-etl-backfill';
import type { ChildResult, Job, ResultOf } from './bench-etl-protocol';

/**
 * One measured job of `pnpm bench:etl`, run in a process of its own (`--child <what>`): the
 * embedded ClickHouse lives in the process, so its peak resident set (VmHWM) is the job's alone,
 * and one data directory can be open in one process at a time.
 */

async function generate(job: Extract<Job, { what: 'generate' }>): Promise<ResultOf<'generate'>> {
  const root = await createClickHouse({ database: 'default', dataDir: job.dataDir });
  try {
    const start = startWork();
    const datasets: ResultOf<'generate'>['datasets'] = [];
    for (const spec of job.datasets) {
      const r = await ensureDataset(root, spec, { regenerate: job.regenerate, progress: say });
      await migrateEtlTables(r.db);
      const [p] = await r.db.query<{ parts: string; bytes: string }>(
        `SELECT count() AS parts, sum(data_compressed_bytes) AS bytes FROM system.parts WHERE database = {db:String} AND table = 'events_raw' AND active`,
        { db: spec.database },
      );
      datasets.push({
        database: spec.database,
        reused: r.reused,
        seconds: r.seconds,
        rows: r.rows,
        compressedBytes: Number(p?.bytes ?? 0),
        parts: Number(p?.parts ?? 0),
      });
    }
    const [v] = await root.query<{ v: string }>('SELECT version() AS v');
    return { what: 'generate', proc: procOf(start), clickhouseVersion: v?.v ?? 'unknown', datasets };
  } finally {
    await root.close();
  }
}

async function asset(job: Extract<Job, { what: 'asset' }>): Promise<ResultOf<'asset'>> {
  const etl = await openEtlStore(job.schema);
  const ch = await createClickHouse({ database: job.database, dataDir: job.dataDir });
  try {
    const graph = graphFrom(job.start);
    const start = startWork();
    const t0 = performance.now();
    const { runId } = await etl.history.transaction((w) =>
      requestRun(
        w,
        graph,
        { assets: [job.asset], partition: job.day, reason: 'manual', origin: 'bench:etl', key: randomUUID(), force: true },
        new Date(job.now),
      ),
    );
    const [run] = await executeRuns({ history: etl.history, graph, resources: etl.resources(ch), log: etl.log, concurrency: 1, pollMs: 50 }, [runId]);
    const wallMs = performance.now() - t0;
    const peakBytes = peakRss();
    const steps = (await stepsOf(etl.history.pool, etl.history.s, runId)).map((s) => ({ asset: s.asset, status: s.status, durationMs: s.durationMs }));
    const [p] = await partitionsOf(etl.history.pool, etl.history.s, job.asset, [job.day]);
    return { what: 'asset', proc: { ...procOf(start), peakBytes }, wallMs, run: runOf(run!), steps, metadata: (p?.metadata ?? {}) as Record<string, unknown> };
  } finally {
    await ch.close().catch(() => undefined);
    await etl.close();
  }
}

const AGREEMENT: ReadonlyArray<[figure: string, fromSql: (r: Record<string, unknown>) => unknown]> = [
  ['messages', (r) => Number(r.messages)],
  ['parsed', (r) => Number(r.parsed)],
  ['failed', (r) => Number(r.failed)],
  ['clarifications', (r) => Number(r.clarifications)],
  ['corrections_after_delivery', (r) => Number(r.after_delivery)],
  ['reminders_created', (r) => Number(r.created)],
  ['wrong_feedback_rate', (r) => Number(r.wrong) / Number(r.parsed)],
  ['implicit_error_rate', (r) => Number(r.implicit) / Number(r.created)],
  ['llm_rate', (r) => Number(r.llm) / Number(r.parsed)],
  ['rules_rate', (r) => Number(r.rules) / Number(r.parsed)],
  ['intent_confidence_q', (r) => (r.intent_q as unknown[]).map(Number)],
  ['slot_confidence_q', (r) => (r.slot_q as unknown[]).map(Number)],
  ['latency_ms_q', (r) => (r.latency_q as unknown[]).map(Number)],
  ['intent_share', (r) => shares(r.intents, Number(r.parsed))],
  ['lang_share', (r) => shares(r.langs, Number(r.parsed))],
];
const shares = (m: unknown, n: number) => Object.fromEntries(Object.entries(m as Record<string, unknown>).map(([k, v]) => [k, Number(v) / n]));
const normalise = (v: unknown): unknown =>
  v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(
        Object.entries(v)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, x]) => [k, Number(x)]),
      )
    : v;

/** The ceiling's `*` row beside the asset's etl_parse_quality row, figure by figure. */
async function agreement(ch: ClickHouse, day: string, sqlRow: Record<string, unknown> | undefined): Promise<ResultOf<'ceiling'>['agreement']> {
  const [assetRow] = await ch.query<Record<string, unknown>>(`SELECT * FROM ${ch.table('etl_parse_quality')} WHERE day = {day:Date} AND model_version = '*'`, {
    day,
  });
  if (!sqlRow || !assetRow) return [{ figure: 'row', sql: sqlRow ? 'present' : 'missing', asset: assetRow ? 'present' : 'missing', equal: false }];
  return AGREEMENT.map(([figure, of]) => {
    const sql = normalise(of(sqlRow));
    const fromAsset = normalise(
      Array.isArray(assetRow[figure])
        ? (assetRow[figure] as unknown[]).map(Number)
        : typeof assetRow[figure] === 'object'
          ? assetRow[figure]
          : Number(assetRow[figure]),
    );
    return { figure, sql, asset: fromAsset, equal: JSON.stringify(sql) === JSON.stringify(fromAsset) };
  });
}

async function ceiling(job: Extract<Job, { what: 'ceiling' }>): Promise<ResultOf<'ceiling'>> {
  const ch = await createClickHouse({ database: job.database, dataDir: job.dataDir });
  try {
    const start = startWork();
    const sql = job.ceiling === 'parse-quality-sql' ? parseQualitySql(ch) : scanSql(ch, job.ceiling === 'scan-day' ? 'day' : 'drift');
    const params = windowParams(dayWindow(job.day));
    const runsMs: number[] = [];
    let rows: Record<string, unknown>[] = [];
    for (let i = 0; i < job.runs; i++) {
      const t = await timed(() => ch.query<Record<string, unknown>>(sql, params));
      runsMs.push(t.ms);
      rows = t.value;
    }
    const peakBytes = peakRss();
    const count = job.ceiling === 'parse-quality-sql' ? rows.length : Number(rows[0]?.n ?? 0);
    const agreed =
      job.ceiling === 'parse-quality-sql'
        ? await agreement(
            ch,
            job.day,
            rows.find((r) => r.mv === '*'),
          )
        : null;
    return { what: 'ceiling', proc: { ...procOf(start), peakBytes }, runsMs, rows: count, agreement: agreed };
  } finally {
    await ch.close();
  }
}

/** The assets' phases one by one (the same functions the assets call), to see which dominates. */
async function profile(job: Extract<Job, { what: 'profile' }>): Promise<ResultOf<'profile'>> {
  const etl = await openEtlStore(job.schema);
  const ch = await createClickHouse({ database: job.database, dataDir: job.dataDir });
  const resources = etl.resources(ch);
  try {
    const start = startWork();
    const w = dayWindow(job.day);
    const zone = resources.config.DEFAULT_TIMEZONE;
    const phases: ResultOf<'profile'>['phases'] = [];
    const phase = async <T>(name: string, fn: () => Promise<T> | T): Promise<T> => {
      const t = await timed(fn);
      phases.push({ name, ms: t.ms, peakBytesAfter: peakRss() });
      say(`profile ${name}: ${Math.round(t.ms)} ms, peak RSS ${Math.round(peakRss() / 2 ** 20)} MiB`);
      return t.value;
    };
    await phase('parse_quality: parsedFigures (1 query)', () => parsedFigures(ch, w));
    await phase('parse_quality: outcomeCounts (7 queries)', () => outcomeCounts(ch, w));
    const current = await phase('drift_report: the day’s window (query + features)', () =>
      featureWindow(ch, { from: w.from, to: w.to, cap: WINDOW_CAP, defaultZone: zone }),
    );
    const rolling = await phase('drift_report: the 28 days’ window (query + features)', () => previousDaysReference(ch, job.day, 'UTC', zone));
    const training = await phase('drift_report: training profile', () => trainingReference(resources));
    const refs = training ? [training, rolling] : [rolling];
    const report = await phase('drift_report: feature tests (both references)', () => buildDriftReport(job.day, refs, current, null));
    await phase('drift_report: text drift (domain classifier)', () => textDrift(rolling.window.texts ?? [], current.texts, { seed: 42 }));
    await phase('drift_report: JSON + HTML', () => JSON.stringify(report).length + driftReportHtml(report).length);
    const sizes = {
      current_rows: current.rows,
      current_sampled: current.sampled,
      reference_rows: rolling.window.rows,
      reference_sampled: rolling.window.sampled,
    };
    return { what: 'profile', proc: procOf(start), phases, sizes };
  } finally {
    await ch.close().catch(() => undefined);
    await etl.close();
  }
}

export async function runChild(job: Job): Promise<ChildResult> {
  switch (job.what) {
    case 'generate':
      return generate(job);
    case 'asset':
      return asset(job);
    case 'ceiling':
      return ceiling(job);
    case 'profile':
      return profile(job);
    case 'request-backfill':
      return requestBackfillJob(job);
    case 'execute':
      return execute(job);
    case 'gateway':
      return gateway(job);
  }
}
