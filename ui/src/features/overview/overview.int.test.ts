import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteIdent } from '@napominalka/core';
import { createClickHouse } from '@napominalka/core/clickhouse';
import { insertEventsRaw, type SeedEvent } from '@napominalka/core/clickhouse-testing';
import { createUiApp } from '../../http/app';
import { createUiWorld, type UiWorld } from '../../testing/ui-world';

/** The overview against a real Postgres and the embedded ClickHouse, its marts fed through events_raw. */
let w: UiWorld;
const NOW = new Date('2026-11-20T12:00:00Z');

const parsed = (at: string, chatId: number, lang: string, parser = 'model'): SeedEvent => ({
  type: 'MessageParsed',
  occurredAt: at,
  data: { chatId, lang, intent: 'create_reminder', parser, modelVersion: 'v1', confidence: { intent: 0.9 }, latencyMs: 12 },
});
const EVENTS: SeedEvent[] = [
  { type: 'MessageReceived', occurredAt: '2026-11-18T09:00:00.000Z', data: { chatId: 1 } },
  { type: 'MessageReceived', occurredAt: '2026-11-18T09:05:00.000Z', data: { chatId: 2 } },
  { type: 'MessageReceived', occurredAt: '2026-11-19T10:00:00.000Z', data: { chatId: 1 } },
  parsed('2026-11-18T09:00:01.000Z', 1, 'ru'),
  parsed('2026-11-18T09:05:01.000Z', 2, 'en', 'llm'),
  parsed('2026-11-19T10:00:01.000Z', 1, 'ru'),
  { type: 'ParseFailed', occurredAt: '2026-11-19T10:30:00.000Z', data: { chatId: 2, lang: 'en', reason: 'empty' } },
  { type: 'ReminderScheduled', occurredAt: '2026-11-18T09:00:02.000Z', data: { chatId: 1, reminderId: 'r1' } },
  { type: 'ReminderScheduled', occurredAt: '2026-11-18T09:05:02.000Z', data: { chatId: 2, reminderId: 'r2' } },
  { type: 'ReminderDelivered', occurredAt: '2026-11-19T08:00:00.000Z', data: { chatId: 1, reminderId: 'r1', latenessMs: 1500 } },
  { type: 'ReminderCancelled', occurredAt: '2026-11-19T08:30:00.000Z', data: { chatId: 2, reminderId: 'r2' } },
  { type: 'FeedbackGiven', occurredAt: '2026-11-19T08:01:00.000Z', data: { chatId: 1, kind: 'thumbs_up' } },
];

beforeAll(async () => {
  w = await createUiWorld({ now: () => NOW });
  await insertEventsRaw(w.tch.ch, EVENTS);
}, 60_000);
afterAll(async () => w?.cleanup());

/** The data a chart is drawn from (the attribute's JSON, unescaped). */
const chart = (html: string, id: string): { x: number[]; series: Array<{ label: string; values: Array<number | null> }> } | undefined => {
  const raw = new RegExp(`id="${id}" data-series="([^"]*)"`).exec(html)?.[1];
  return raw === undefined
    ? undefined
    : JSON.parse(
        raw
          .replace(/&quot;/g, '"')
          .replace(/&#39;/g, "'")
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&amp;/g, '&'),
      );
};
const dayX = (day: string) => Date.parse(`${day}T00:00:00Z`) / 1000;
const valueAt = (c: ReturnType<typeof chart>, label: string, day: string) => c?.series.find((s) => s.label === label)?.values[c.x.indexOf(dayX(day))];

/** The value cell of a summary row. */
const figure = (html: string, key: string): string | undefined => new RegExp(`data-figure="${key}"><th[^>]*>[^<]*</th><td>([^<]*)</td>`).exec(html)?.[1];

describe('GET / (overview)', () => {
  it('shows the period figures from the marts, charts as data for overview.js', async () => {
    const res = await (await w.as('viewer')).get('/');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(figure(html, 'messages')).toBe('3');
    expect(figure(html, 'messages-ru')).toBe('2');
    expect(figure(html, 'chats-peak')).toBe('2');
    expect(figure(html, 'created')).toBe('2');
    expect(figure(html, 'delivered')).toBe('1');
    expect(figure(html, 'cancelled')).toBe('1');
    expect(figure(html, 'failure-rate')).toBe('25.0 %');
    expect(figure(html, 'llm-share')).toBe('33.3 %');
    expect(figure(html, 'feedback-rate')).toBe('33.3 %');
    expect(Number(figure(html, 'lateness'))).toBeGreaterThan(1480);
    expect(html).toContain('id="chart-messages" data-series=');
    expect(chart(html, 'chart-quality')?.series.map((x) => x.label)).toEqual(['failure', 'clarification', 'LLM', 'rules', 'feedback ✏️']);
    // No ETL tables yet: no ETL chart.
    expect(chart(html, 'chart-etl')).toBeUndefined();
    expect(html).toContain('src="/static/overview.js"');
    expect(html).not.toMatch(/<script(?![^>]*src=)[^>]*>/);
    // Defaults: the 14 days ending today, in the form.
    expect(html).toContain('name="from" value="2026-11-07"');
    expect(html).toContain('name="to" value="2026-11-20"');
  });

  it('filters by language where the mart has it, keeps the values in the form, and says what it does not apply to', async () => {
    const html = await (await (await w.as('viewer')).get('/?lang=en&model=v1&from=2026-11-10&to=2026-11-20')).text();
    expect(figure(html, 'messages')).toBe('1');
    expect(figure(html, 'messages-ru')).toBeUndefined();
    expect(html).toMatch(/<option value="en" selected/);
    expect(html).toContain('name="model" value="v1"');
    expect(html).toContain('name="from" value="2026-11-10"');
    expect(html).toContain('Filter lang, model does not apply to these figures');
    // The daily marts have no language: their figures stay.
    expect(figure(html, 'created')).toBe('2');
  });

  it('refuses a bad filter with 400 and a clear message', async () => {
    const res = await (await w.as('viewer')).get('/?from=2026-13-40');
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Bad filter “From”');
    expect((await (await w.as('viewer')).get('/?lang=de')).status).toBe(400);
    expect((await (await w.as('viewer')).get('/?from=2026-11-20&to=2026-11-01')).status).toBe(400);
    expect((await (await w.as('viewer')).get('/?zone=Mars%2FOlympus')).status).toBe(400);
  });

  it('renders "no data" for an empty period and "no ETL history yet" without the ETL tables', async () => {
    const res = await (await w.as('viewer')).get('/?from=2025-01-01&to=2025-01-10');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('No data in this period.');
    expect(html).toContain('No ETL history yet.');
    expect(html).toContain('No drift report yet.');
  });

  it('shows the latest ETL runs and the failing checks once the ETL tables exist', async () => {
    const s = quoteIdent(w.t.schema);
    await w.t.pool.query(
      `CREATE TABLE ${s}.etl_runs (run_id text, assets text[], partition_key text, status text, created_at timestamptz, finished_at timestamptz, duration_ms bigint)`,
    );
    await w.t.pool.query(
      `CREATE TABLE ${s}.etl_checks (asset text, partition_key text, check_name text, severity text, passed boolean, evaluated_at timestamptz)`,
    );
    await w.t.pool.query(`INSERT INTO ${s}.etl_runs VALUES ('run-1', '{daily_quality}', '2026-11-19', 'failed', now(), now(), 42)`);
    await w.t.pool.query(
      `INSERT INTO ${s}.etl_checks VALUES ('daily_quality', '2026-11-19', 'rows_present', 'error', false, now()),
         ('daily_quality', '2026-11-18', 'rows_present', 'error', false, now() - interval '1 hour'),
         ('daily_quality', '2026-11-18', 'rows_present', 'error', true, now())`,
    );
    const html = await (await (await w.as('viewer')).get('/')).text();
    expect(html).toContain('run-1');
    expect(html).toContain('rows_present');
    // The 11-18 check failed once but passes now: not failing.
    expect(html).not.toMatch(/<td>2026-11-18<\/td><td>rows_present/);
    expect(html).toMatch(/<td>2026-11-19<\/td><td>rows_present/);
    // Over time, per data day: the failed run and the check failing now on the 19th, nothing on the 18th.
    const etl = chart(html, 'chart-etl');
    expect(valueAt(etl, 'runs failed', '2026-11-19')).toBe(1);
    expect(valueAt(etl, 'checks failing', '2026-11-19')).toBe(1);
    expect(valueAt(etl, 'checks failing', '2026-11-18')).toBe(0);
    expect(etl?.x).toHaveLength(14);
  });

  it('shows the latest drift summary once the ETL wrote one', async () => {
    const ch = w.tch.ch;
    // The ETL's table, as it creates it (read here by SQL only).
    await ch.command(
      `CREATE TABLE IF NOT EXISTS ${ch.table('etl_drift_summary')} (day Date, reference LowCardinality(String), reference_rows UInt64, current_rows UInt64,
         features UInt32, drifted_features UInt32, drift_share Float64, dataset_drift UInt8, text_drift Nullable(UInt8), text_roc_auc Nullable(Float64),
         drifted Array(String), run_id String, materialized_at DateTime64(3, 'UTC')) ENGINE = MergeTree PARTITION BY day ORDER BY day`,
    );
    await ch.command(
      `INSERT INTO ${ch.table('etl_drift_summary')} VALUES ('2026-11-19', 'rolling', 100, 20, 8, 2, 0.25, 1, NULL, NULL, ['lang', 'hour'], 'run-d', now64(3))`,
    );
    const html = await (await (await w.as('viewer')).get('/')).text();
    expect(html).toContain('2026-11-19 (reference: rolling): dataset drift yes, drifted share 25.0 %');
    expect(html).toContain('Drifted: lang, hour');
    const drift = chart(html, 'chart-drift');
    expect(valueAt(drift, 'drifted share', '2026-11-19')).toBe(0.25);
    expect(valueAt(drift, 'drifted share', '2026-11-18')).toBeNull();
  });

  it('answers 502 with the reason when ClickHouse does not answer, and still shows the ETL history', async () => {
    const dead = await createClickHouse({ url: 'http://127.0.0.1:9', database: 'nowhere' });
    try {
      const user = await w.as('viewer');
      const res = await createUiApp({ ...w.deps, ch: dead }).request('/', { headers: { cookie: user.cookie } });
      expect(res.status).toBe(502);
      const html = await res.text();
      expect(html).toContain('The analytics database (ClickHouse) did not answer');
      expect(html).toContain('No drift report yet.');
      expect(html).toContain('run-1');
    } finally {
      await dead.close();
    }
  });

  it('shows Russian texts', async () => {
    const html = await (await (await w.as('viewer')).get('/', { cookie: `${(await w.as('viewer')).cookie}; napo_lang=ru` })).text();
    expect(html).toContain('Итоги периода');
  });
});
