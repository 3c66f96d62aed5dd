/**
 * The few shapes the Napominalka dashboards are made of (Grafana dashboard JSON, schemaVersion
 * of the pinned Grafana), so that every panel names its datasource by the provisioned uid and
 * its SQL uses the ClickHouse plugin's macros the same way. The JSON files in grafana/dashboards
 * are written from these (build.ts) and a test keeps the two equal.
 */

/** Grafana 12.0 (docker-compose.yml) migrates dashboards up to this version. */
export const SCHEMA_VERSION = 41;
/** The plugin version docker-compose.yml installs (GF_PLUGINS_PREINSTALL). */
export const CLICKHOUSE_PLUGIN_VERSION = '4.20.0';

export const CLICKHOUSE = { type: 'grafana-clickhouse-datasource', uid: 'clickhouse' } as const;
export const PROMETHEUS = { type: 'prometheus', uid: 'prometheus' } as const;

export type PanelType = 'timeseries' | 'table' | 'stat' | 'barchart' | 'piechart';

export interface PanelSpec {
  title: string;
  type: PanelType;
  description?: string;
  unit?: string;
  w?: number;
  h?: number;
  /** Bars instead of lines (daily marts: one point per day). */
  bars?: boolean;
  stacked?: boolean;
}

export type ClickHousePanel = PanelSpec & { sql: string };
export type PrometheusPanel = PanelSpec & { exprs: { expr: string; legend?: string }[] };
export type Panel = ({ source: 'clickhouse' } & ClickHousePanel) | ({ source: 'prometheus' } & PrometheusPanel);

export const ch = (p: ClickHousePanel): Panel => ({ source: 'clickhouse', ...p });
export const prom = (p: PrometheusPanel): Panel => ({ source: 'prometheus', ...p });

/** `cond` unless the variable is "All" (the plugin's $__conditionalAll). */
export const when = (variable: 'lang' | 'model_version' | 'zone', column: string): string =>
  `$__conditionalAll(${column} IN (\${${variable}:singlequote}), $${variable})`;

/**
 * Each chat's language and zone as last set: a ChatSettingsChanged, else its latest parse's
 * language and its latest reminder's zone. events_raw keeps `lang` for both event types; the
 * zone is only in the events' data.
 */
export const CHATS_CTE = `chats AS (
  SELECT chat_id,
    argMaxIf(lang, global_position, type IN ('MessageParsed', 'ChatSettingsChanged') AND lang != '') AS chat_lang,
    argMaxIf(JSONExtractString(data, 'timezone'), global_position,
      type IN ('ChatSettingsChanged', 'ReminderScheduled') AND JSONExtractString(data, 'timezone') != '') AS chat_zone
  FROM events_raw
  WHERE type IN ('MessageParsed', 'ChatSettingsChanged', 'ReminderScheduled')
  GROUP BY chat_id
)`;

export interface VariableSpec {
  name: 'lang' | 'model_version' | 'zone';
  label: string;
  sql: string;
}

export const VARIABLES: Record<VariableSpec['name'], VariableSpec> = {
  lang: { name: 'lang', label: 'Language', sql: "SELECT DISTINCT lang FROM mart_messages_hourly WHERE lang != '' ORDER BY lang" },
  model_version: {
    name: 'model_version',
    label: 'Model version',
    sql: "SELECT DISTINCT model_version FROM events_raw WHERE type IN ('MessageParsed', 'ParseFailed', 'ModelPromoted') AND model_version != '' ORDER BY model_version",
  },
  zone: {
    name: 'zone',
    label: 'Time zone',
    sql: "SELECT DISTINCT JSONExtractString(data, 'timezone') AS zone FROM events_raw WHERE type IN ('ChatSettingsChanged', 'ReminderScheduled') AND zone != '' ORDER BY zone",
  },
};

function variableJson(v: VariableSpec) {
  return {
    name: v.name,
    label: v.label,
    type: 'query',
    datasource: CLICKHOUSE,
    query: { refId: `variable-${v.name}`, queryType: 'sql', editorType: 'sql', rawSql: v.sql },
    definition: v.sql,
    refresh: 2,
    multi: true,
    includeAll: true,
    current: { selected: true, text: ['All'], value: ['$__all'] },
    options: [],
    sort: 1,
    hide: 0,
  };
}

function target(p: Panel, i = 0) {
  if (p.source === 'prometheus') {
    const e = p.exprs[i]!;
    return { refId: String.fromCharCode(65 + i), datasource: PROMETHEUS, expr: e.expr, ...(e.legend ? { legendFormat: e.legend } : {}) };
  }
  const series = p.type === 'timeseries';
  return {
    refId: 'A',
    datasource: CLICKHOUSE,
    editorType: 'sql',
    pluginVersion: CLICKHOUSE_PLUGIN_VERSION,
    // sqlds' formats: 0 time series (long frames made wide by their string columns), 1 table.
    format: series ? 0 : 1,
    queryType: series ? 'timeseries' : 'table',
    rawSql: p.sql,
  };
}

function options(p: Panel): Record<string, unknown> {
  switch (p.type) {
    case 'timeseries':
      return { legend: { displayMode: 'list', placement: 'bottom', showLegend: true }, tooltip: { mode: 'multi', sort: 'desc' } };
    case 'stat':
      return { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, colorMode: 'value', graphMode: 'none', textMode: 'auto' };
    case 'table':
      return { showHeader: true, cellHeight: 'sm' };
    case 'barchart':
      return { orientation: 'auto', showValue: 'auto', legend: { displayMode: 'list', placement: 'bottom', showLegend: true } };
    case 'piechart':
      return {
        pieType: 'donut',
        reduceOptions: { calcs: ['lastNotNull'], fields: '', values: true },
        legend: { displayMode: 'table', placement: 'right', showLegend: true, values: ['percent'] },
      };
  }
}

function custom(p: Panel): Record<string, unknown> | undefined {
  if (p.type !== 'timeseries') return undefined;
  return {
    drawStyle: p.bars ? 'bars' : 'line',
    fillOpacity: p.bars || p.stacked ? 60 : 10,
    ...(p.stacked ? { stacking: { mode: 'normal', group: 'A' } } : {}),
    spanNulls: false,
  };
}

/** Panels laid out left to right in rows of 24 columns. */
function layout(panels: Panel[]) {
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  return panels.map((p, i) => {
    const w = p.w ?? 12;
    const h = p.h ?? 8;
    if (x + w > 24) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    const gridPos = { x, y, w, h };
    x += w;
    rowHeight = Math.max(rowHeight, h);
    const c = custom(p);
    return {
      id: i + 1,
      type: p.type,
      title: p.title,
      ...(p.description ? { description: p.description } : {}),
      datasource: p.source === 'prometheus' ? PROMETHEUS : CLICKHOUSE,
      gridPos,
      fieldConfig: { defaults: { ...(p.unit ? { unit: p.unit } : {}), ...(c ? { custom: c } : {}) }, overrides: [] },
      options: options(p),
      targets: p.source === 'prometheus' ? p.exprs.map((_, j) => target(p, j)) : [target(p)],
    };
  });
}

export interface DashboardSpec {
  uid: string;
  title: string;
  tags: string[];
  description: string;
  time: { from: string; to: string };
  refresh: string;
  variables: VariableSpec['name'][];
  panels: Panel[];
}

export function dashboardJson(d: DashboardSpec) {
  return {
    uid: d.uid,
    title: d.title,
    description: d.description,
    tags: d.tags,
    timezone: 'utc',
    editable: false,
    graphTooltip: 1,
    refresh: d.refresh,
    schemaVersion: SCHEMA_VERSION,
    version: 1,
    time: d.time,
    templating: { list: d.variables.map((v) => variableJson(VARIABLES[v])) },
    annotations: { list: [] },
    links: [
      {
        title: 'Napominalka',
        type: 'dashboards',
        tags: ['napominalka'],
        asDropdown: true,
        icon: 'external link',
        includeVars: false,
        keepTime: true,
        targetBlank: false,
        tooltip: '',
      },
    ],
    panels: layout(d.panels),
  };
}
