import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import type { Registry } from 'prom-client';
import type { Logger } from './logger';
import { registry as defaultRegistry } from './metrics';

/** A readiness check: true (or resolving true) when the dependency it guards is usable. */
export type ReadinessCheck = () => Promise<boolean> | boolean;

export type CheckOutcome = 'ok' | 'failed' | 'timeout' | 'error';

export interface OpsAppOptions {
  service: string;
  readiness?: Record<string, ReadinessCheck>;
  logger?: Logger;
  /** Per-check time limit; default 2000 ms. */
  readinessTimeoutMs?: number;
  /** Registry served on /metrics; default the process registry from metrics.ts. */
  registry?: Registry;
  /** Start of the process for uptimeS; default the moment the app is created. */
  startedAt?: number;
}

export interface OpsServerOptions extends OpsAppOptions {
  host: string;
  /** 0 picks a free port; the real one is returned. */
  port: number;
}

export interface OpsServer {
  readonly port: number;
  readonly host: string;
  close(): Promise<void>;
}

const DEFAULT_READINESS_TIMEOUT_MS = 2000;

async function runCheck(name: string, check: ReadinessCheck, timeoutMs: number, logger: Logger | undefined): Promise<CheckOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckOutcome>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
    timer.unref();
  });
  const run = (async (): Promise<CheckOutcome> => ((await check()) === true ? 'ok' : 'failed'))().catch((err: unknown): CheckOutcome => {
    logger?.warn({ check: name, err }, 'readiness check threw');
    return 'error';
  });
  try {
    const outcome = await Promise.race([run, timeout]);
    if (outcome === 'timeout') logger?.warn({ check: name, timeoutMs }, 'readiness check timed out');
    return outcome;
  } finally {
    clearTimeout(timer);
  }
}

/** Runs every check concurrently; each gets its own time limit. */
export async function runReadinessChecks(
  checks: Record<string, ReadinessCheck>,
  timeoutMs = DEFAULT_READINESS_TIMEOUT_MS,
  logger?: Logger,
): Promise<{ ready: boolean; checks: Record<string, CheckOutcome>; failing: string[] }> {
  const entries = await Promise.all(Object.entries(checks).map(async ([name, check]) => [name, await runCheck(name, check, timeoutMs, logger)] as const));
  const failing = entries.filter(([, o]) => o !== 'ok').map(([n]) => n);
  return { ready: failing.length === 0, checks: Object.fromEntries(entries), failing };
}

/**
 * The ops endpoints: GET /healthz (liveness), GET /readyz (readiness), GET /metrics (Prometheus).
 * They are the only unauthenticated routes and leak no error details; everything else is 404.
 */
export function createOpsApp(opts: OpsAppOptions): Hono {
  const startedAt = opts.startedAt ?? Date.now();
  const checks = opts.readiness ?? {};
  const timeoutMs = opts.readinessTimeoutMs ?? DEFAULT_READINESS_TIMEOUT_MS;
  const reg = opts.registry ?? defaultRegistry;
  const app = new Hono();

  app.get('/healthz', (c) => c.json({ status: 'ok', service: opts.service, uptimeS: Math.round((Date.now() - startedAt) / 1000) }));

  app.get('/readyz', async (c) => {
    const r = await runReadinessChecks(checks, timeoutMs, opts.logger);
    if (r.ready) return c.json({ status: 'ready', service: opts.service, checks: r.checks });
    return c.json({ status: 'not_ready', service: opts.service, failing: r.failing, checks: r.checks }, 503);
  });

  app.get('/metrics', async (c) => {
    const body = await reg.metrics();
    c.header('Content-Type', reg.contentType);
    c.header('Cache-Control', 'no-store');
    return c.body(body);
  });

  app.notFound((c) => c.json({ error: 'not_found' }, 404));
  app.onError((err, c) => {
    opts.logger?.error({ err, path: c.req.path }, 'ops endpoint failed');
    return c.json({ error: 'internal_error' }, 500);
  });
  return app;
}

/** Starts the ops app on host:port; resolves once listening (rejects e.g. on EADDRINUSE). */
export async function startOpsServer(opts: OpsServerOptions): Promise<OpsServer> {
  const app = createOpsApp(opts);
  // Don't replace the process's global Request/Response: other code in the service uses fetch.
  const server = createAdaptorServer({ fetch: app.fetch, overrideGlobalObjects: false }) as Server;
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => {
      server.off('listening', onListening);
      reject(err);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(opts.port, opts.host);
  });
  server.on('error', (err) => opts.logger?.error({ err }, 'ops server error'));

  const address = server.address() as AddressInfo;
  opts.logger?.info({ host: address.address, port: address.port }, 'ops server listening');

  let closing: Promise<void> | undefined;
  return {
    port: address.port,
    host: address.address,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
