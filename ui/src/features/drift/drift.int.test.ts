import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteIdent } from '@napominalka/core';
import { createUiWorld, type UiWorld } from '../../testing/ui-world';

let w: UiWorld;
beforeAll(async () => {
  w = await createUiWorld();
});
afterAll(async () => w.cleanup());

/** The ETL's DDL of etl_reports (etl/src/assets/drift-report/reports-table.ts), repeated: the UI does not import the ETL. */
const createReports = (s: string) => `create table if not exists ${s}.etl_reports (
  asset text not null, partition_key text not null, format text not null check (format in ('json', 'html')),
  body text not null, run_id uuid not null, created_at timestamptz not null default now(), primary key (asset, partition_key, format))`;

describe('drift page', () => {
  it('says there are no reports yet without the table', async () => {
    const res = await (await w.as('viewer')).get('/drift');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('No drift reports yet');
  });

  it('lists the day and serves the report HTML sandboxed under its own strict CSP', async () => {
    const s = quoteIdent(w.t.schema);
    await w.t.pool.query(createReports(s));
    const run = '11111111-1111-4111-8111-111111111111';
    await w.t.pool.query(
      `insert into ${s}.etl_reports (asset, partition_key, format, body, run_id) values ($1, $2, 'json', $3, $4), ($1, $2, 'html', $5, $4)`,
      [
        'drift_report',
        '2026-10-02',
        JSON.stringify({ dataset: { drifted: true }, drifted: ['lang', 'text'] }),
        run,
        '<html><body><script>alert(1)</script><p>Dataset drift detected</p></body></html>',
      ],
    );
    const viewer = await w.as('viewer');
    const list = await (await viewer.get('/drift')).text();
    expect(list).toContain('2026-10-02');
    expect(list).toContain('lang, text');
    const frame = await (await viewer.get('/drift/reports/2026-10-02')).text();
    expect(frame).toMatch(/<iframe[^>]*sandbox=""[^>]*src="\/drift\/reports\/2026-10-02\/html"/);
    const html = await viewer.get('/drift/reports/2026-10-02/html');
    expect(html.status).toBe(200);
    expect(html.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'");
    expect(html.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(await html.text()).toContain('<script>');
    // Every other page keeps the app's policy.
    expect((await viewer.get('/drift')).headers.get('x-frame-options')).toBe('DENY');
    expect((await viewer.get('/drift/reports/2026-10-09/html')).status).toBe(404);
  });

  it('shows the per-feature drift by day from etl_drift_summary', async () => {
    const ch = w.tch.ch;
    // The ETL's DDL (etl/src/assets/shared/tables.ts), repeated here for the same reason.
    await ch.command(`CREATE TABLE IF NOT EXISTS ${ch.table('etl_drift_summary')} (day Date, reference LowCardinality(String), reference_rows UInt64, current_rows UInt64,
      features UInt32, drifted_features UInt32, drift_share Float64, dataset_drift UInt8, text_drift Nullable(UInt8), text_roc_auc Nullable(Float64),
      drifted Array(String), run_id String, materialized_at DateTime64(3, 'UTC')) ENGINE = MergeTree PARTITION BY day ORDER BY day`);
    await ch.command(`INSERT INTO ${ch.table('etl_drift_summary')} (day, reference, drifted, run_id, materialized_at) VALUES
      ('2026-10-01', 'previous_week', ['lang'], 'r1', '2026-10-02 01:00:00'), ('2026-10-02', 'previous_week', ['hour_of_day'], 'r2', '2026-10-03 01:00:00')`);
    const html = await (await (await w.as('viewer')).get('/drift')).text();
    expect(html).toContain('Per-feature drift');
    expect(html).toMatch(/<th scope="row">hour_of_day<\/th>/);
    expect(html).toMatch(/<th scope="row">lang<\/th><td class="drift-yes">/);
  });
});
