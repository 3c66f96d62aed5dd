import { randomUUID } from 'node:crypto';
import { GatewayError } from './gateway-errors';

/**
 * What a query request to the gateway asks for, read from its URL the way ClickHouse's HTTP
 * interface reads it: `query` (then the body is the statement's data), `param_<name>` (bound
 * server-side), `database`, `default_format`, `query_id`, and every other parameter a setting
 * for this request alone.
 */
export interface QueryPlan {
  queryId: string;
  /** The statement in the `query` parameter (the body then follows it, as its data); or none. */
  urlQuery: string | null;
  /** `param_<name>` values as sent (ClickHouse's parameter text). */
  params: Map<string, string>;
  /** Settings for this request only, in order; a GET ends with `readonly`. */
  settings: Array<[name: string, value: string]>;
  database: string | null;
  /** `default_format`: the output format of a statement without a FORMAT clause. */
  defaultFormat: string | null;
}

/** Parameters of the HTTP layer that are not settings: used by the gateway, or meaningless here. */
const NOT_SETTINGS = new Set([
  'query',
  'database',
  'default_format',
  'query_id',
  'user',
  'password',
  'quota_key',
  'stacktrace',
  'buffer_size',
  'wait_end_of_query',
  'enable_http_compression',
  'http_zlib_compression_level',
  'http_response_buffer_size',
  'send_progress_in_http_headers',
  'http_headers_progress_interval_ms',
  'http_send_progress_interval_ms',
  'http_native_compression_disable_checksumming_on_decompress',
  'http_response_compression_method',
  'cancel_http_readonly_queries_on_client_close',
  'add_http_cors_header',
  'compress',
  'decompress',
  'session_timeout',
  'session_check',
]);

const SETTING_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const truthy = (v: string | null): boolean => v !== null && v !== '' && v !== '0' && v.toLowerCase() !== 'false';

/** Refuses what the gateway cannot do rather than silently doing something else. */
function refuseUnsupported(search: URLSearchParams): void {
  if (search.get('session_id')) {
    throw new GatewayError('NOT_IMPLEMENTED', 'Sessions (session_id) are not supported by the ClickHouse gateway: each request runs in a session of its own');
  }
  if (truthy(search.get('compress')) || truthy(search.get('decompress'))) {
    throw new GatewayError(
      'NOT_IMPLEMENTED',
      "ClickHouse's native compression (compress, decompress) is not supported by the gateway; use Content-Encoding: gzip",
    );
  }
  if (search.has('role')) throw new GatewayError('NOT_IMPLEMENTED', 'Roles are not supported by the ClickHouse gateway (it has one user)');
}

export function planQuery(method: 'GET' | 'POST', search: URLSearchParams): QueryPlan {
  refuseUnsupported(search);
  const params = new Map<string, string>();
  const settings: QueryPlan['settings'] = [];
  let readonly: string | null = null;
  for (const [name, value] of search) {
    if (name.startsWith('param_')) params.set(name.slice('param_'.length), value);
    else if (name === 'readonly') readonly = value;
    else if (!NOT_SETTINGS.has(name)) {
      if (!SETTING_NAME.test(name)) throw new GatewayError('UNKNOWN_SETTING', `Unknown setting ${JSON.stringify(name)}`);
      settings.push([name, value]);
    }
  }
  // GET is read-only (readonly = 2, or the stricter 1 if asked for), as in ClickHouse: a write
  // must be a POST. Last, so that the other settings of the request can still be changed.
  if (method === 'GET') readonly = readonly === '1' ? '1' : '2';
  if (readonly !== null) settings.push(['readonly', readonly]);
  const defaultFormat = search.get('default_format') || null;
  // A format is a name: it goes to the engine as an option of the call, never into the SQL.
  if (defaultFormat !== null && !/^[A-Za-z][A-Za-z0-9_]*$/.test(defaultFormat)) {
    throw new GatewayError('UNKNOWN_FORMAT', `Unknown format ${JSON.stringify(defaultFormat)}`);
  }
  return {
    queryId: search.get('query_id') || randomUUID(),
    urlQuery: search.get('query'),
    params,
    settings,
    database: search.get('database') || null,
    defaultFormat,
  };
}

/** Whether a statement is an INSERT (whose body, when the statement is in the URL, is its rows). */
export const isInsert = (sql: string): boolean => /^\s*(?:(?:--[^\n]*\n|\/\*[\s\S]*?\*\/)\s*)*INSERT\b/i.test(sql);

/** The format of the response: the statement's trailing FORMAT clause, else default_format. */
export function outputFormat(sql: string, defaultFormat: string | null): string {
  const fallback = defaultFormat ?? 'TabSeparated';
  if (isInsert(sql)) return fallback;
  return /\bFORMAT\s+([A-Za-z][A-Za-z0-9_]*)\s*;?\s*$/i.exec(sql)?.[1] ?? fallback;
}

/** Content-Type of a format, as ClickHouse names it. */
export function contentType(format: string): string {
  if (/^JSON/i.test(format)) return 'application/json; charset=UTF-8';
  if (/^(TabSeparated|TSV)/i.test(format)) return 'text/tab-separated-values; charset=UTF-8';
  if (/^CSV/i.test(format)) return `text/csv; charset=UTF-8; header=${/WithNames/i.test(format) ? 'present' : 'absent'}`;
  if (/^(Native|RowBinary|Parquet|Arrow|ORC|Avro|Protobuf|MsgPack|CapnProto|BSON|Npy)/i.test(format)) return 'application/octet-stream';
  return 'text/plain; charset=UTF-8';
}

/** `` `name` `` for any database name (the engine decides whether it exists). */
export const quoteName = (name: string): string => `\`${name.replace(/[\\`]/g, (c) => `\\${c}`)}\``;

/** One SET statement for a request's settings; values quoted and escaped (the engine converts them). */
export function setStatement(settings: QueryPlan['settings']): string | null {
  if (settings.length === 0) return null;
  // A NUL would end the statement early in the engine's C API: written as an escape instead.
  const quote = (v: string) => `'${v.replace(/[\\']/g, (c) => `\\${c}`).replace(/\0/g, '\\0')}'`;
  return `SET ${settings.map(([k, v]) => `${k} = ${quote(v)}`).join(', ')}`;
}
