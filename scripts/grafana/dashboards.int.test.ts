/**
 * Every ClickHouse query of the Grafana dashboards — panels and template variables — expanded as
 * the grafana-clickhouse-datasource plugin expands it (macros.ts) for a fixed range, with each
 * variable on "All", on one value and on two, run against the embedded ClickHouse holding a seeded
 * history whose marts and ETL tables were made by the projection's views and the ETL's assets.
 * Each returns rows, with the columns its panel type needs and the names the panel shows.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClickHouseGateway, type ClickHouseGateway } from '../../core/src/clickhouse/index';
import { DASHBOARDS_DIR } from './dashboards/build';
import { CLICKHOUSE } from './dashboards/panels';
import { EXPECTED_COLUMNS } from './expected-columns';
import { expandQuery, type QueryContext, type Selection } from './macros';
import { seedHistory, type SeededWorld } from './seed-history';

interface Target {
  refId: string;
  datasource: { uid: string };
  rawSql?: string;
}
interface PanelJson {
  id: number;
  type: string;
  title: string;
  targets: Target[];
}
interface VariableJson {
  name: string;
  datasource: { uid: string };
  query: { rawSql: string };
}
interface DashboardJson {
  uid: string;
  panels: PanelJson[];
  templating: { list: VariableJson[] };
}

const FILES = ['business.json', 'model.json', 'service.json'];
const dashboards = FILES.map((f) => JSON.parse(readFileSync(join(DASHBOARDS_DIR, f), 'utf8')) as DashboardJson);
const queries = dashboards.flatMap((d) =>
  d.panels.flatMap((p) => p.targets.filter((t) => t.datasource.uid === CLICKHOUSE.uid).map((t) => ({ dashboard: d.uid, panel: p, sql: t.rawSql! }))),
);
const variables = new Map(dashboards.flatMap((d) => d.templating.list.filter((v) => v.datasource.uid === CLICKHOUSE.uid).map((v) => [v.name, v] as const)));

interface Result {
  meta: { name: string; type: string }[];
  data: Record<string, unknown>[];
}

/**
 * As the plugin sends a query with `protocol: http` and `defaultDatabase`: over ClickHouse's HTTP
 * interface — here the projector's gateway to the embedded engine — with the database as the
 * request's default, so panels name tables unqualified.
 */
async function run(sql: string): Promise<Result> {
  const url = `${gateway.url}/?${new URLSearchParams({ database: database, default_format: 'JSON' })}`;
  const res = await fetch(url, { method: 'POST', body: sql, headers: { 'X-ClickHouse-User': USER, 'X-ClickHouse-Key': PASSWORD } });
  if (!res.ok) throw new Error(`${res.status}: ${await res.text()}`);
  return (await res.json()) as Result;
}

const NUMERIC = /^(Nullable\()?(U?Int\d+|Float\d+|Decimal)/;
const TEXT = /^(Nullable\()?(LowCardinality\()?(Nullable\()?String/;
const TIME = /^(Nullable\()?DateTime/;

/** What Grafana's panel needs of a frame. */
function checkShape(type: string, meta: Result['meta'], rows: number, where: string): void {
  const types = meta.map((m) => m.type);
  switch (type) {
    case 'timeseries':
      // A time column, then labels (long frames the plugin makes wide) and at least one value.
      expect(meta[0]?.name, where).toBe('time');
      expect(types[0], where).toMatch(TIME);
      for (const t of types.slice(1)) expect(t, where).toMatch(new RegExp(`${NUMERIC.source}|${TEXT.source}`));
      expect(
        types.slice(1).some((t) => NUMERIC.test(t)),
        where,
      ).toBe(true);
      break;
    case 'stat':
      expect(rows, where).toBe(1);
      for (const t of types) expect(t, where).toMatch(NUMERIC);
      break;
    case 'barchart':
    case 'piechart':
      expect(types[0], where).toMatch(TEXT);
      for (const t of types.slice(1)) expect(t, where).toMatch(NUMERIC);
      expect(types.length, where).toBeGreaterThan(1);
      break;
    default:
      expect(meta.length, where).toBeGreaterThan(0);
  }
}

const USER = 'grafana';
const PASSWORD = 'dashboards-test';
let seeded: SeededWorld;
let gateway: ClickHouseGateway;
let database: string;
const options = new Map<string, string[]>();
const context = (selections: Record<string, Selection>): QueryContext => ({
  from: seeded.from,
  to: seeded.to,
  // A month on a panel ~1,000 px wide: Grafana's interval would be ~1 h.
  intervalMs: 3_600_000,
  variables: selections,
});
const all = () => Object.fromEntries([...options].map(([name, values]) => [name, { kind: 'all', options: values } as const]));
/** The first `n` values of each variable, as a user ticks them. */
const some = (n: number) => Object.fromEntries([...options].map(([name, values]) => [name, { kind: 'values', values: values.slice(0, n) } as const]));
const SELECTIONS = { all, one: () => some(1), two: () => some(2) };

beforeAll(async () => {
  seeded = await seedHistory();
  database = seeded.world.tch.ch.database;
  gateway = await startClickHouseGateway({ ch: seeded.world.tch.ch, port: 0, user: USER, password: PASSWORD, log: seeded.world.ctx.log });
}, 300_000);
afterAll(async () => {
  await gateway?.close();
  await seeded?.world.cleanup();
});

describe('dashboard template variables', () => {
  it.each([...variables.keys()])('%s lists its values from ClickHouse', async (name) => {
    const sql = expandQuery(variables.get(name)!.query.rawSql, context({}));
    const r = await run(sql);
    expect(r.meta).toHaveLength(1);
    const values = r.data.map((row) => String(Object.values(row)[0]));
    expect(values.length).toBeGreaterThan(1);
    options.set(name, values);
  });

  it('lang, model_version and zone are offered, with the seeded values', () => {
    expect([...options.keys()].sort()).toEqual(['lang', 'model_version', 'zone']);
    expect(options.get('lang')).toEqual(expect.arrayContaining(['en', 'ru']));
    expect(options.get('model_version')).toEqual(['m1', 'm2']);
    expect(options.get('zone')).toEqual(expect.arrayContaining(['Europe/Moscow', 'Asia/Tokyo']));
  });
});

describe.each(['all', 'one', 'two'] as const)('dashboard panels, variables on %s', (mode) => {
  it.each(queries.map((q) => [`${q.dashboard} › ${q.panel.title}`, q] as const))('%s', async (where, q) => {
    const sql = expandQuery(q.sql, context(SELECTIONS[mode]()));
    expect(sql, 'a macro the plugin does not expand').not.toMatch(/\$__|\$\{|\$[a-z]/);
    const r = await run(sql);
    expect(r.data.length, `${where}: no rows`).toBeGreaterThan(0);
    checkShape(q.panel.type, r.meta, r.data.length, where);
    expect(
      r.meta.map((m) => m.name),
      where,
    ).toEqual(EXPECTED_COLUMNS[where]);
  });
});

describe('the seeded history behind the panels', () => {
  it('every ClickHouse panel of the three dashboards has its expected columns listed', () => {
    expect(Object.keys(EXPECTED_COLUMNS).sort()).toEqual(queries.map((q) => `${q.dashboard} › ${q.panel.title}`).sort());
  });

  it('the ETL’s runs reached events_raw and drift was found on the shifted day', async () => {
    const runs = await run("SELECT uniqExact(id) AS n FROM events_raw WHERE type = 'EtlRunSucceeded'");
    expect(Number(runs.data[0]!.n)).toBe(3);
    const drift = await run('SELECT toString(day) AS day, dataset_drift FROM etl_drift_summary ORDER BY day');
    expect(drift.data.map((r) => [r.day, Number(r.dataset_drift)])).toEqual([
      ['2026-10-29', 0],
      ['2026-10-30', 0],
      ['2026-10-31', 1],
    ]);
  });
});
