/**
 * What Grafana and the ClickHouse datasource plugin (grafana-clickhouse-datasource v4) do to a
 * panel's SQL before ClickHouse sees it, so that a test can run the dashboards' queries without a
 * Grafana. Two passes, in the plugin's order:
 *
 * 1. The frontend (src/data/CHDatasource.ts, applyTemplateVariables): `$__conditionalAll(cond,
 *    $var)` becomes `1=1` when the variable is "All" (or empty), else `cond`; then Grafana's
 *    template service replaces `$var`, `${var}` and `${var:format}`.
 * 2. The backend (pkg/macros/macros.go, Interpolate): `$__timeFilter(c)`, `$__timeInterval(c)`,
 *    `$__fromTime`, `$__interval_s`, … — the output strings below are the Go code's, byte for byte.
 *
 * A macro the plugin does not know stays as it is (as in the plugin), which a test then notices.
 */

/** A template variable's selection: "All" (with the options it stands for) or some values. */
export type Selection = { kind: 'all'; options: readonly string[] } | { kind: 'values'; values: readonly string[] };

export interface QueryContext {
  from: Date;
  to: Date;
  /** The panel's interval (Grafana's $__interval), from the range and the panel's width. */
  intervalMs: number;
  variables: Readonly<Record<string, Selection>>;
}

/** Both passes: the SQL the plugin sends to ClickHouse. */
export function expandQuery(sql: string, ctx: QueryContext): string {
  return expandMacros(interpolateVariables(applyConditionalAll(sql, ctx.variables), ctx.variables), ctx);
}

/** The arguments of a call whose '(' is at `open`, split at top-level commas, untrimmed; and where it ends. */
export function macroArgs(sql: string, open: number): { args: string[]; end: number } | null {
  if (sql[open] !== '(') return null;
  const args: string[] = [];
  let depth = 0;
  let start = open + 1;
  for (let i = open; i < sql.length; i++) {
    const c = sql[i];
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) {
      args.push(sql.slice(start, i));
      return { args, end: i + 1 };
    } else if (c === ',' && depth === 1) {
      args.push(sql.slice(start, i));
      start = i + 1;
    }
  }
  return null;
}

const VARIABLE_NAME = /(?<=\$\{)\w+(?=\})|(?<=\$)\w+/;

/** `$__conditionalAll(cond, $var)`, innermost-last as the plugin does (from the last occurrence). */
export function applyConditionalAll(sql: string, variables: QueryContext['variables']): string {
  const macro = '$__conditionalAll';
  let at = sql.lastIndexOf(macro);
  while (at !== -1) {
    const call = macroArgs(sql, at + macro.length);
    if (!call || call.args.length !== 2) return sql;
    const [cond, ref] = call.args as [string, string];
    const name = VARIABLE_NAME.exec(ref.trim())?.[0];
    const selection = name === undefined ? undefined : variables[name];
    const isAll = selection !== undefined && (selection.kind === 'all' || selection.values.join(',') === '');
    sql = sql.slice(0, at) + (isAll ? '1=1' : cond) + sql.slice(call.end);
    at = sql.lastIndexOf(macro);
  }
  return sql;
}

/** Grafana's formats (public/app/features/templating/formatRegistry.ts) for the ones SQL uses. */
function format(values: readonly string[], fmt: string | undefined): string {
  switch (fmt) {
    case 'singlequote':
      return values.map((v) => `'${v.replaceAll("'", "\\'")}'`).join(',');
    case 'doublequote':
      return values.map((v) => `"${v.replaceAll('"', '\\"')}"`).join(',');
    case 'csv':
    case 'raw':
      return values.join(',');
    case 'sqlstring':
      return values.map((v) => `'${v.replaceAll("'", "''")}'`).join(',');
    case undefined:
      // The plugin's own default format: one value as it is, several quoted (CHDatasource.format).
      return values.length === 1 ? values[0]! : `'${values.join("','")}'`;
    default:
      throw new Error(`variable format ${fmt} is not supported here`);
  }
}

/** `$var`, `${var}`, `${var:format}`, `[[var]]`; "All" without an allValue stands for every option. */
export function interpolateVariables(sql: string, variables: QueryContext['variables']): string {
  return sql.replace(/\$(\w+)|\$\{(\w+)(?::(\w+))?\}|\[\[(\w+)\]\]/g, (whole, a?: string, b?: string, fmt?: string, c?: string) => {
    const name = a ?? b ?? c!;
    const selection = variables[name];
    if (!selection) return whole;
    return format(selection.kind === 'all' ? selection.options : selection.values, fmt);
  });
}

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);
const dateTime = (d: Date) => `toDateTime(${seconds(d)})`;
const dateTime64 = (d: Date) => `fromUnixTimestamp64Milli(${d.getTime()})`;
// Go's t.Format("2006-01-02") of a UTC instant (the plugin gets the range in UTC).
const date = (d: Date) => `toDate('${d.toISOString().slice(0, 10)}')`;
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;
const UNIT_S: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };

type Macro = (ctx: QueryContext, args: string[]) => string;
const arity =
  (n: number, name: string, f: (ctx: QueryContext, args: string[]) => string): Macro =>
  (ctx, args) => {
    if (args.length !== n) throw new Error(`$__${name} expected ${n} argument(s), received ${args.length}`);
    return f(ctx, args);
  };

/** pkg/macros/macros.go's ClickHouseMacros (and the SDK defaults it keeps: interval, interval_ms). */
const MACROS: Record<string, Macro> = {
  timeFilter: arity(1, 'timeFilter', (c, [col]) => `${col} >= ${dateTime(c.from)} AND ${col} <= ${dateTime(c.to)}`),
  timeFilter_ms: arity(1, 'timeFilter_ms', (c, [col]) => `${col} >= ${dateTime64(c.from)} AND ${col} <= ${dateTime64(c.to)}`),
  dateFilter: arity(1, 'dateFilter', (c, [col]) => `${col} >= ${date(c.from)} AND ${col} <= ${date(c.to)}`),
  dateTimeFilter: arity(2, 'dateTimeFilter', (c, [d, t]) => dateTimeFilter(c, d!, t!)),
  dt: arity(2, 'dt', (c, [d, t]) => dateTimeFilter(c, d!, t!)),
  timeFrom: arity(1, 'timeFrom', (c, [col]) => `${col} >= ${dateTime(c.from)}`),
  timeTo: arity(1, 'timeTo', (c, [col]) => `${col} <= ${dateTime(c.to)}`),
  fromTime: (c) => dateTime(c.from),
  toTime: (c) => dateTime(c.to),
  fromTime_ms: (c) => dateTime64(c.from),
  toTime_ms: (c) => dateTime64(c.to),
  timeInterval: arity(1, 'timeInterval', (c, [col]) => `toStartOfInterval(toDateTime(${col}), INTERVAL ${intervalSeconds(c)} second)`),
  timeInterval_ms: arity(
    1,
    'timeInterval_ms',
    (c, [col]) => `toStartOfInterval(toDateTime64(${col}, 3), INTERVAL ${Math.max(Math.floor(c.intervalMs), 1)} millisecond)`,
  ),
  timeGroup: arity(2, 'timeGroup', (_c, [col, period]) => `toStartOfInterval(toDateTime(${col!.trim()}), INTERVAL ${periodSeconds(period!)} second)`),
  interval_s: (c) => String(intervalSeconds(c)),
  interval_ms: (c) => String(Math.floor(c.intervalMs)),
};

function dateTimeFilter(c: QueryContext, d: string, t: string): string {
  return `(${d} >= ${date(c.from)} AND ${d} <= ${date(c.to)}) AND (${t} >= ${dateTime(c.from)} AND ${t} <= ${dateTime(c.to)})`;
}

const intervalSeconds = (c: QueryContext) => Math.floor(Math.max(c.intervalMs / 1000, 1));

function periodSeconds(period: string): number {
  const m = DURATION.exec(period.trim().replace(/^['"]|['"]$/g, ''));
  const secs = m ? Math.round(Number(m[1]) * UNIT_S[m[2]!]!) : 0;
  if (secs <= 0) throw new Error(`$__timeGroup: invalid interval ${period}`);
  return secs;
}

/** Longest names first, so `$__timeFilter_ms` is not read as `$__timeFilter` followed by `_ms`. */
const NAMES = Object.keys(MACROS).sort((a, b) => b.length - a.length);

/**
 * The backend pass: every `$__name` or `$__name(args)` the plugin knows, arguments first (a macro
 * may sit inside another's argument). Comments are dropped, as macropro strips them before
 * expanding; string literals and backtick identifiers are copied as they are.
 */
export function expandMacros(sql: string, ctx: QueryContext): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'" || c === '`') {
      const end = quotedEnd(sql, i);
      out += sql.slice(i, end);
      i = end;
      continue;
    }
    if (sql.startsWith('--', i) || sql.startsWith('/*', i)) {
      const close = sql.startsWith('--', i) ? sql.indexOf('\n', i) : sql.indexOf('*/', i);
      i = close < 0 ? sql.length : sql.startsWith('--', i) ? close : close + 2;
      continue;
    }
    const name = sql.startsWith('$__', i) ? NAMES.find((n) => sql.startsWith(n, i + 3) && !/\w/.test(sql[i + 3 + n.length] ?? '')) : undefined;
    if (name === undefined) {
      out += c;
      i++;
      continue;
    }
    const after = i + 3 + name.length;
    const call = macroArgs(sql, after);
    out += MACROS[name]!(ctx, call ? call.args.map((a) => expandMacros(a.trim(), ctx)) : []);
    i = call ? call.end : after;
  }
  return out;
}

/** Past the closing quote of a ClickHouse string literal ('' and \' escapes) or `identifier`. */
function quotedEnd(sql: string, open: number): number {
  const q = sql[open];
  for (let i = open + 1; i < sql.length; i++) {
    if (sql[i] === '\\') i++;
    else if (sql[i] === q) {
      if (sql[i + 1] === q) i++;
      else return i + 1;
    }
  }
  return sql.length;
}
