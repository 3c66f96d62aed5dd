import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../observability/logger';
import type { ClickHouse } from './client';
import { makeAuthenticator, requestCredentials } from './gateway-auth';
import { bodyText, multipartFields, readBody } from './gateway-body';
import { GatewayEngine, type EngineRequest, type EngineResult } from './gateway-engine';
import { errorBody, GatewayError, httpStatus, toFailure, type ClickHouseFailure } from './gateway-errors';
import { contentType, planQuery, type QueryPlan } from './gateway-request';

/**
 * An HTTP server in the process that owns the embedded ClickHouse, speaking the part of
 * ClickHouse's HTTP interface that `@clickhouse/client` uses — so that other processes reach the
 * one engine that may open the data directory with the same client and SQL as a real server
 * (`CLICKHOUSE_URL=http://127.0.0.1:<port>`):
 *
 * - `GET /ping` → `Ok.`; `GET /` without a query → `Ok.`;
 * - `POST /` with the statement as the body, or `query=` in the URL and the statement's data
 *   (an INSERT's rows) as the body; `GET /?query=` for reads only (readonly, as in ClickHouse);
 * - `param_<name>` bound by the engine, never spliced into the SQL; other URL parameters are
 *   settings of that request alone; `database`, `default_format`, `query_id`;
 * - the answer with X-ClickHouse-Query-Id, -Format, -Summary, -Timezone and Content-Type, or
 *   ClickHouse's error form (see gateway-errors.ts);
 * - HTTP Basic, X-ClickHouse-User/-Key or user/password parameters, checked against one user.
 *
 * Not supported, refused with an error saying so: sessions, roles, ClickHouse's native
 * compression (gzip/deflate/br request bodies are read), binary formats in request bodies, and
 * streaming: a result is whole before it is sent (chdb returns it so), so ask for pages.
 */
export interface ClickHouseGatewayOptions {
  /** The embedded ClickHouse (backend `chdb`) whose engine the gateway shares. */
  ch: ClickHouse;
  /** Default 127.0.0.1: reachable from this machine only. */
  host?: string;
  /** 0 → any free port (see `url`). */
  port: number;
  user: string;
  password: string;
  log: Logger;
  /** Largest request body (after decompression), default 64 MiB; beyond, 413. */
  maxBodyBytes?: number;
  /** Statements running at once (default 8) and waiting at most (default 256). */
  maxConcurrentQueries?: number;
  maxQueuedQueries?: number;
}

export interface ClickHouseGateway {
  readonly host: string;
  readonly port: number;
  /** `http://host:port` — a CLICKHOUSE_URL for other processes. */
  readonly url: string;
  listening(): boolean;
  /** Stops accepting, lets the requests under way finish (10 s at most), then closes. */
  close(): Promise<void>;
}

/** What a ClickHouse server answers on `/ping` and on a bare `GET /`. */
const OK = 'Ok.\n';
/** Query parameters arrive in the URL: as large as ClickHouse's own limit (http_max_uri_size). */
const MAX_URL_BYTES = 1024 * 1024;

interface Context {
  engine: GatewayEngine;
  authenticate: (c: { user: string; password: string }) => void;
  log: Logger;
  maxBodyBytes: number;
}

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=UTF-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function sendResult(res: ServerResponse, ctx: Context, plan: QueryPlan, r: EngineResult): void {
  res.writeHead(200, {
    'Content-Type': contentType(r.format),
    'Content-Length': r.body.length,
    'X-ClickHouse-Query-Id': plan.queryId,
    'X-ClickHouse-Format': r.format,
    'X-ClickHouse-Timezone': ctx.engine.timezone,
    'X-ClickHouse-Summary': JSON.stringify(r.summary),
  });
  res.end(r.body);
}

function sendFailure(res: ServerResponse, ctx: Context, f: ClickHouseFailure, queryId: string, close: boolean): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendText(res, f.status ?? httpStatus(f.code), errorBody(f, ctx.engine.version), {
    'X-ClickHouse-Exception-Code': String(f.code),
    ...(queryId ? { 'X-ClickHouse-Query-Id': queryId } : {}),
    ...(close ? { Connection: 'close' } : {}),
  });
}

/** The statement and its data: from the URL and the body, or from a multipart body's fields. */
function statementOf(req: IncomingMessage, plan: QueryPlan, body: string): { sql: string; data: string | null } {
  const fields = multipartFields(req.headers['content-type'], body);
  if (fields) {
    for (const [name, value] of fields) {
      if (name.startsWith('param_')) plan.params.set(name.slice('param_'.length), value);
      else if (name !== 'query')
        throw new GatewayError('NOT_IMPLEMENTED', `Multipart field ${JSON.stringify(name)}: external data is not supported by the gateway`);
    }
    return { sql: fields.get('query') ?? plan.urlQuery ?? '', data: null };
  }
  if (plan.urlQuery !== null) return { sql: plan.urlQuery, data: body.length > 0 ? body : null };
  return { sql: body, data: null };
}

async function runQuery(ctx: Context, req: IncomingMessage, res: ServerResponse, url: URL, method: 'GET' | 'POST'): Promise<void> {
  ctx.authenticate(requestCredentials(req.headers, url.searchParams));
  const plan = planQuery(method, url.searchParams);
  res.setHeader('X-ClickHouse-Query-Id', plan.queryId);
  const body = method === 'POST' ? bodyText(await readBody(req, ctx.maxBodyBytes)) : '';
  const { sql, data } = statementOf(req, plan, body);
  if (sql.trim() === '') throw new GatewayError('SYNTAX_ERROR', 'Empty query: send the statement as the request body, or as the query parameter');
  const abort = new AbortController();
  res.once('close', () => {
    // The client went away: a statement still waiting for the engine is not started.
    if (!res.writableFinished) abort.abort();
  });
  const request: EngineRequest = { plan, sql, data, signal: abort.signal };
  sendResult(res, ctx, plan, await ctx.engine.run(request));
}

async function handle(ctx: Context, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://gateway');
  const method = req.method ?? 'GET';
  if (url.pathname === '/ping' && (method === 'GET' || method === 'HEAD')) return sendText(res, 200, OK);
  if (url.pathname !== '/') {
    // As ClickHouse: no exception code, a hint of what there is.
    return sendText(res, 404, `There is no handle ${url.pathname}\n\nUse / for queries, /ping for health checks.\n`);
  }
  if (method !== 'GET' && method !== 'POST') {
    throw new GatewayError('UNSUPPORTED_METHOD', `HTTP method ${method} is not supported: use GET (reads) or POST`, { status: 405, closeConnection: true });
  }
  if (method === 'GET' && !url.searchParams.has('query')) return sendText(res, 200, OK);
  await runQuery(ctx, req, res, url, method);
}

function requestListener(ctx: Context, inFlight: Set<Promise<void>>) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    const p = handle(ctx, req, res)
      .catch((err: unknown) => {
        const f = toFailure(err);
        const queryId = String(res.getHeader('X-ClickHouse-Query-Id') ?? '');
        sendFailure(res, ctx, f, queryId, err instanceof GatewayError && err.closeConnection);
        const level = (f.status ?? httpStatus(f.code)) >= 500 || f.type === 'AUTHENTICATION_FAILED' ? 'warn' : 'info';
        ctx.log[level]({ code: f.code, type: f.type, error: f.message.trim(), remote: req.socket.remoteAddress, queryId }, 'ClickHouse gateway request failed');
      })
      .finally(() => {
        inFlight.delete(p);
        ctx.log.debug(
          { method: req.method, path: req.url?.split('?')[0], status: res.statusCode, ms: Math.round(performance.now() - started) },
          'ClickHouse gateway request',
        );
      });
    inFlight.add(p);
  };
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

export async function startClickHouseGateway(opts: ClickHouseGatewayOptions): Promise<ClickHouseGateway> {
  if (opts.ch.backend !== 'chdb' || !opts.ch.dataDir)
    throw new Error('the ClickHouse gateway serves an embedded ClickHouse (chdb), and this one is a server over HTTP');
  const log = opts.log.child({ component: 'clickhouse-gateway' });
  const engine = await GatewayEngine.open(opts.ch.dataDir, { maxConcurrent: opts.maxConcurrentQueries ?? 8, maxQueued: opts.maxQueuedQueries ?? 256 });
  const ctx: Context = {
    engine,
    authenticate: makeAuthenticator({ user: opts.user, password: opts.password }),
    log,
    maxBodyBytes: opts.maxBodyBytes ?? 64 * 1024 * 1024,
  };
  const inFlight = new Set<Promise<void>>();
  const server = createServer({ maxHeaderSize: MAX_URL_BYTES }, requestListener(ctx, inFlight));
  // Longer than the client's idle socket TTL (2.5 s), so it never reuses a socket being closed.
  server.keepAliveTimeout = 10_000;
  const host = opts.host ?? '127.0.0.1';
  const address = await listen(server, opts.port, host);
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  if (opts.password === '' && !['127.0.0.1', '::1', 'localhost'].includes(host)) {
    log.warn({ host }, 'ClickHouse gateway listens beyond this machine without a password (set CLICKHOUSE_PASSWORD)');
  }
  log.info({ url, user: opts.user, version: engine.version }, 'ClickHouse gateway listening');
  let closed: Promise<void> | null = null;
  return {
    host: address.address,
    port: address.port,
    url,
    listening: () => server.listening,
    close: () => (closed ??= closeGateway(server, inFlight, engine, log)),
  };
}

async function closeGateway(server: Server, inFlight: Set<Promise<void>>, engine: GatewayEngine, log: Logger): Promise<void> {
  const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const grace = new Promise<void>((resolve) => setTimeout(resolve, 10_000).unref());
  await Promise.race([Promise.allSettled([...inFlight]), grace]);
  server.closeAllConnections();
  await stopped;
  await engine.drain();
  log.info('ClickHouse gateway closed');
}
