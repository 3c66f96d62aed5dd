/**
 * Static checks of Grafana's provisioning and dashboards (Grafana cannot run here): the JSON
 * against Grafana's schema types, datasource uids against the provisioned datasources, the
 * ClickHouse datasource against the plugin's v4 settings and the compose file, and the checked-in
 * JSON against its specs. dashboards.int.test.ts runs the queries.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DASHBOARDS_DIR, GENERATED, renderDashboard } from './dashboards/build';
import { CLICKHOUSE, CLICKHOUSE_PLUGIN_VERSION, PROMETHEUS } from './dashboards/panels';
import { dashboardProblems } from './dashboard-schema';
import { expandQuery } from './macros';

const ROOT = resolve(DASHBOARDS_DIR, '../..');
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');

interface Datasource {
  name: string;
  uid: string;
  type: string;
  jsonData?: Record<string, unknown>;
  secureJsonData?: Record<string, unknown>;
}
interface Target {
  refId: string;
  datasource: { type: string; uid: string };
  rawSql?: string;
  expr?: string;
  pluginVersion?: string;
}
interface PanelJson {
  id: number;
  title: string;
  type: string;
  datasource: { type: string; uid: string };
  gridPos: { x: number; y: number; w: number; h: number };
  targets: Target[];
}
interface DashboardJson {
  uid: string;
  panels: PanelJson[];
  templating: { list: { name: string; datasource: { type: string; uid: string }; query: { rawSql: string } }[] };
}
interface ComposeService {
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, unknown>;
}

const DATASOURCE_DIR = 'grafana/provisioning/datasources';
const datasources = readdirSync(join(ROOT, DATASOURCE_DIR)).flatMap(
  (f) => (parse(read(`${DATASOURCE_DIR}/${f}`)) as { datasources: Datasource[] }).datasources,
);
const files = readdirSync(DASHBOARDS_DIR).filter((f) => f.endsWith('.json'));
const dashboards = files.map((f) => [f, JSON.parse(readFileSync(join(DASHBOARDS_DIR, f), 'utf8')) as DashboardJson] as const);
const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, ComposeService> };
const grafana = compose.services.grafana!;
const clickhouse = datasources.find((d) => d.type === CLICKHOUSE.type)!;

describe('dashboard JSON', () => {
  it.each(dashboards)('%s conforms to Grafana’s dashboard schema types', (_file, d) => {
    expect(dashboardProblems(d)).toEqual([]);
    expect(new Set(d.panels.map((p) => p.id)).size).toBe(d.panels.length);
  });

  it('the check finds what Grafana would reject or not show', () => {
    const broken = {
      uid: 'x',
      schemaVersion: '41',
      panels: [{ id: 1, type: 'timeseries', title: 't', gridPos: { x: 20, y: 0, w: 8, h: 8 }, targets: [] }],
      templating: { list: [{ name: 'lang', type: 'dropdown' }] },
    };
    expect(dashboardProblems(broken)).toEqual([
      '$.schemaVersion: an integer (required by Dashboard)',
      '$.uid: a uid of 8–40 letters, digits, - or _',
      '$.title: a title',
      '$.panels[0].gridPos: within the 24 columns',
      '$.panels[0].datasource: a DataSourceRef object',
      '$.panels[0].targets: at least one query',
      '$.templating.list[0].type: a VariableType',
    ]);
  });

  it('has the backbone, business, model and service dashboards, each with its own uid', () => {
    expect(files.sort()).toEqual(['backbone.json', 'business.json', 'model.json', 'service.json']);
    expect(new Set(dashboards.map(([, d]) => d.uid)).size).toBe(dashboards.length);
  });

  it.each(dashboards)('%s lays out panels without overlaps', (_file, d) => {
    const cells = new Set<string>();
    for (const p of d.panels)
      for (let x = p.gridPos.x; x < p.gridPos.x + p.gridPos.w; x++)
        for (let y = p.gridPos.y; y < p.gridPos.y + p.gridPos.h; y++) {
          expect(cells.has(`${x},${y}`), `${p.title} overlaps at ${x},${y}`).toBe(false);
          cells.add(`${x},${y}`);
        }
  });

  it.each(Object.entries(GENERATED))('%s is what its spec writes (node --import tsx scripts/grafana/dashboards/build.ts)', async (file, spec) => {
    expect(readFileSync(join(DASHBOARDS_DIR, file), 'utf8')).toBe(await renderDashboard(file, spec));
  });
});

describe('datasources', () => {
  it('every datasource a panel, query or variable names is provisioned, by uid and type', () => {
    const byUid = new Map(datasources.map((d) => [d.uid, d.type]));
    for (const [file, d] of dashboards) {
      const refs = [...d.panels.flatMap((p) => [p.datasource, ...p.targets.map((t) => t.datasource)]), ...d.templating.list.map((v) => v.datasource)];
      for (const r of refs) expect(byUid.get(r.uid), `${file}: ${JSON.stringify(r)}`).toBe(r.type);
    }
    expect(byUid.get(PROMETHEUS.uid)).toBe('prometheus');
    expect(byUid.get(CLICKHOUSE.uid)).toBe('grafana-clickhouse-datasource');
    expect(new Set(datasources.map((d) => d.uid)).size).toBe(datasources.length);
  });

  it('ClickHouse is reached as the plugin v4 reads its settings: host, port, protocol, username, defaultDatabase', () => {
    const j = clickhouse.jsonData!;
    expect(compose.services).toHaveProperty(String(j.host));
    expect(compose.services[String(j.host)]!.ports).toContainEqual(expect.stringMatching(new RegExp(`:${String(j.port)}['"]?$`)));
    expect(j.protocol).toBe('http');
    const env = grafana.environment!;
    const server = compose.services[String(j.host)]!.environment!;
    // Grafana expands $VAR / ${VAR} in provisioning files from its own environment.
    const value = (v: unknown) => env[/^\$\{(\w+)\}$/.exec(String(v))?.[1] ?? ''];
    expect(value(j.username)).toBe(server.CLICKHOUSE_USER);
    expect(value(j.defaultDatabase)).toBe(server.CLICKHOUSE_DB);
  });

  it('keeps the password out of the file: secureJsonData names the variable the compose file passes on', () => {
    expect(Object.keys(clickhouse.secureJsonData ?? {})).toEqual(['password']);
    expect(clickhouse.secureJsonData!.password).toBe('${CLICKHOUSE_PASSWORD}');
    expect(grafana.environment!.CLICKHOUSE_PASSWORD).toBe(compose.services.clickhouse!.environment!.CLICKHOUSE_PASSWORD);
    expect(read(`${DATASOURCE_DIR}/clickhouse.yml`)).not.toMatch(/password:\s*['"]?[^$\s'"]/);
  });

  it('the grafana service installs the plugin version the panels were written for, and waits for ClickHouse', () => {
    expect(grafana.environment!.GF_PLUGINS_PREINSTALL).toBe(`grafana-clickhouse-datasource@${CLICKHOUSE_PLUGIN_VERSION}`);
    expect(grafana.depends_on).toHaveProperty('clickhouse');
    const versions = dashboards.flatMap(([, d]) =>
      d.panels.flatMap((p) => p.targets.filter((t) => t.datasource.uid === CLICKHOUSE.uid).map((t) => t.pluginVersion)),
    );
    expect(new Set(versions)).toEqual(new Set([CLICKHOUSE_PLUGIN_VERSION]));
  });
});

describe('queries', () => {
  const service = dashboards.find(([f]) => f === 'service.json')![1];
  const backbone = dashboards.find(([f]) => f === 'backbone.json')![1];

  it('the service dashboard has every backbone panel, with the same queries', () => {
    const exprs = (p: PanelJson) => p.targets.map((t) => t.expr);
    for (const p of backbone.panels) {
      const copy = service.panels.find((s) => s.title === p.title);
      expect(copy, p.title).toBeDefined();
      expect(exprs(copy!)).toEqual(exprs(p));
    }
  });

  it('Prometheus panels query only metrics the services export', () => {
    const exported = new Set([...read('core/src/observability/metrics.ts').matchAll(/name: '(napominalka_\w+)'/g)].map((m) => m[1]));
    const used = service.panels.flatMap((p) => p.targets.flatMap((t) => [...(t.expr ?? '').matchAll(/\bnapominalka_\w+/g)].map((m) => m[0])));
    expect(used.length).toBeGreaterThan(10);
    for (const name of used) expect(exported, name).toContain(name.replace(/_(bucket|sum|count)$/, ''));
  });

  it.each(dashboards)('%s: every variable a query uses is defined, and every variable is used', (_file, d) => {
    const defined = d.templating.list.map((v) => v.name).sort();
    const sqls = d.panels.flatMap((p) => p.targets.flatMap((t) => (t.rawSql ? [t.rawSql] : [])));
    const used = new Set(sqls.flatMap((s) => [...s.matchAll(/\$\{?(?!__)(\w+)/g)].map((m) => m[1]!)));
    expect([...used].sort()).toEqual(defined);
    const all = Object.fromEntries(defined.map((n) => [n, { kind: 'values', values: ['x'] } as const]));
    for (const sql of sqls) {
      const expanded = expandQuery(sql, { from: new Date(0), to: new Date(86_400_000), intervalMs: 60_000, variables: all });
      expect(expanded).not.toContain('$');
    }
  });
});
