/**
 * A structural check of dashboard JSON against Grafana's published schema types
 * (`@grafana/schema` 13.2, raw/dashboard/x/types.gen.d.ts: Dashboard, Panel, RowPanel, GridPos,
 * DataSourceRef, VariableModel, VariableOption), plus what provisioned Napominalka dashboards
 * must have beyond it: a uid and a title, and on every panel an id, a datasource, targets and a
 * grid position. Returns the problems found, as paths; none means the dashboard conforms.
 */
type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => Number.isInteger(v);

/** Dashboard.uid: "string (8-40)" in the schema's words; Grafana accepts letters, digits, - and _. */
const UID = /^[A-Za-z0-9_-]{8,40}$/;
const VARIABLE_TYPES = new Set(['query', 'adhoc', 'groupby', 'constant', 'datasource', 'interval', 'textbox', 'custom', 'system', 'snapshot', 'switch']);

function check(problems: string[], ok: boolean, path: string, what: string): void {
  if (!ok) problems.push(`${path}: ${what}`);
}

function dataSourceRef(problems: string[], v: unknown, path: string): void {
  check(problems, isObject(v), path, 'a DataSourceRef object');
  if (!isObject(v)) return;
  check(problems, typeof v.type === 'string', `${path}.type`, 'the plugin type id');
  check(problems, typeof v.uid === 'string' && v.uid !== '', `${path}.uid`, 'a datasource uid');
}

function gridPos(problems: string[], v: unknown, path: string): void {
  check(problems, isObject(v), path, 'a GridPos {h, w, x, y}');
  if (!isObject(v)) return;
  for (const k of ['h', 'w', 'x', 'y']) check(problems, isInt(v[k]) && (v[k] as number) >= 0, `${path}.${k}`, 'a non-negative integer');
  if (isInt(v.w) && isInt(v.x)) check(problems, v.w >= 1 && v.x + v.w <= 24, path, 'within the 24 columns');
}

function panel(problems: string[], p: unknown, path: string): void {
  check(problems, isObject(p), path, 'a Panel object');
  if (!isObject(p)) return;
  check(problems, typeof p.type === 'string' && p.type !== '', `${path}.type`, 'the panel plugin id (required by Panel)');
  check(problems, isInt(p.id), `${path}.id`, 'an integer id');
  check(problems, typeof p.title === 'string' && p.title !== '', `${path}.title`, 'a title');
  gridPos(problems, p.gridPos, `${path}.gridPos`);
  if (p.type === 'row') {
    // RowPanel: collapsed and panels are required; it has no queries of its own.
    check(problems, typeof p.collapsed === 'boolean', `${path}.collapsed`, 'a boolean');
    check(problems, Array.isArray(p.panels), `${path}.panels`, 'an array');
    return;
  }
  dataSourceRef(problems, p.datasource, `${path}.datasource`);
  check(problems, Array.isArray(p.targets) && p.targets.length > 0, `${path}.targets`, 'at least one query');
  for (const [i, t] of (Array.isArray(p.targets) ? p.targets : []).entries()) {
    check(problems, isObject(t) && typeof t.refId === 'string', `${path}.targets[${i}].refId`, 'a refId');
    if (isObject(t)) dataSourceRef(problems, t.datasource, `${path}.targets[${i}].datasource`);
  }
  if (p.fieldConfig !== undefined) {
    const fc = p.fieldConfig;
    check(problems, isObject(fc) && isObject(fc.defaults) && Array.isArray(fc.overrides), `${path}.fieldConfig`, 'FieldConfigSource {defaults, overrides}');
  }
  if (p.options !== undefined) check(problems, isObject(p.options), `${path}.options`, 'an object');
}

function variable(problems: string[], v: unknown, path: string): void {
  check(problems, isObject(v), path, 'a VariableModel object');
  if (!isObject(v)) return;
  check(problems, typeof v.name === 'string' && /^\w+$/.test(v.name), `${path}.name`, 'a variable name');
  check(problems, typeof v.type === 'string' && VARIABLE_TYPES.has(v.type), `${path}.type`, 'a VariableType');
  if (v.datasource !== undefined) dataSourceRef(problems, v.datasource, `${path}.datasource`);
  if (v.query !== undefined) check(problems, typeof v.query === 'string' || isObject(v.query), `${path}.query`, 'a string or an object');
  if (v.current !== undefined) {
    const c = v.current;
    check(problems, isObject(c) && c.text !== undefined && c.value !== undefined, `${path}.current`, 'a VariableOption {text, value}');
  }
}

export function dashboardProblems(d: unknown): string[] {
  const problems: string[] = [];
  check(problems, isObject(d), '$', 'a Dashboard object');
  if (!isObject(d)) return problems;
  check(problems, isInt(d.schemaVersion), '$.schemaVersion', 'an integer (required by Dashboard)');
  check(problems, typeof d.uid === 'string' && UID.test(d.uid), '$.uid', 'a uid of 8–40 letters, digits, - or _');
  check(problems, typeof d.title === 'string' && d.title !== '', '$.title', 'a title');
  if (d.tags !== undefined) check(problems, Array.isArray(d.tags) && d.tags.every((t) => typeof t === 'string'), '$.tags', 'strings');
  if (d.time !== undefined) check(problems, isObject(d.time) && typeof d.time.from === 'string' && typeof d.time.to === 'string', '$.time', '{from, to}');
  if (d.graphTooltip !== undefined) check(problems, d.graphTooltip === 0 || d.graphTooltip === 1 || d.graphTooltip === 2, '$.graphTooltip', '0, 1 or 2');
  check(problems, Array.isArray(d.panels) && d.panels.length > 0, '$.panels', 'panels');
  for (const [i, p] of (Array.isArray(d.panels) ? d.panels : []).entries()) panel(problems, p, `$.panels[${i}]`);
  const templating = d.templating;
  if (templating !== undefined) {
    const list = isObject(templating) ? templating.list : undefined;
    check(problems, list === undefined || Array.isArray(list), '$.templating.list', 'an array');
    for (const [i, v] of (Array.isArray(list) ? list : []).entries()) variable(problems, v, `$.templating.list[${i}]`);
  }
  return problems;
}
