import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ClickHouseError, createClient, type ClickHouseClient } from '@clickhouse/client';
import type { Config } from '../config';

/** The repository root: a relative CLICKHOUSE_DATA_DIR is resolved against it. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface ClickHouseOptions {
  /** A ClickHouse server over HTTP; absent → ClickHouse embedded in this process (chdb). */
  url?: string | undefined;
  user?: string;
  password?: string;
  /** Database of the projection's tables (a lower-case identifier). */
  database: string;
  /** Data directory of the embedded engine (ignored with `url`). */
  dataDir?: string;
}

/** Query parameters bound server-side (`{name:Type}` in the SQL): values never enter the SQL text. */
export type Params = Record<string, unknown>;

/**
 * One ClickHouse, embedded or remote, behind `@clickhouse/client`'s API: everything above this
 * file runs the same SQL through the same client either way.
 *
 * Table names are always qualified with the database (`db.table`): the embedded connection has no
 * per-request default database, so nothing may depend on one.
 */
export interface ClickHouse {
  readonly client: ClickHouseClient;
  readonly backend: 'chdb' | 'http';
  readonly database: string;
  /** The embedded engine's data directory (absolute); null for a server over HTTP. */
  readonly dataDir: string | null;
  /** `` `database`.`name` `` for a validated identifier. */
  table(name: string): string;
  /** Rows of a SELECT as objects (64-bit integers may arrive as strings: convert with `Number`). */
  query<T = Record<string, unknown>>(sql: string, params?: Params): Promise<T[]>;
  /** A statement without a result (DDL, INSERT … SELECT). */
  command(sql: string, params?: Params): Promise<void>;
  /** The same client on another database (shares the connection; closing either closes both). */
  withDatabase(database: string): ClickHouse;
  close(): Promise<void>;
}

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

/** Backtick-quotes a validated identifier; values always go through query parameters. */
export function ident(name: string): string {
  if (!IDENT.test(name)) throw new Error(`invalid ClickHouse identifier: ${JSON.stringify(name)}`);
  return `\`${name}\``;
}

/** The projection's ClickHouse as configured (CLICKHOUSE_*). */
export function clickHouseFromConfig(
  config: Pick<Config, 'CLICKHOUSE_URL' | 'CLICKHOUSE_USER' | 'CLICKHOUSE_PASSWORD' | 'CLICKHOUSE_DATABASE' | 'CLICKHOUSE_DATA_DIR'>,
): Promise<ClickHouse> {
  return createClickHouse({
    url: config.CLICKHOUSE_URL,
    user: config.CLICKHOUSE_USER,
    password: config.CLICKHOUSE_PASSWORD,
    database: config.CLICKHOUSE_DATABASE,
    dataDir: config.CLICKHOUSE_DATA_DIR,
  });
}

/**
 * Opens the client. The embedded engine is loaded only when used (it is a large native library),
 * and binds one data directory per process: a second directory can be opened only after the
 * first one's clients are closed.
 */
export async function createClickHouse(opts: ClickHouseOptions): Promise<ClickHouse> {
  ident(opts.database);
  if (opts.url) {
    const client = createClient({
      url: opts.url,
      username: opts.user ?? 'default',
      password: opts.password ?? '',
      request_timeout: 300_000,
      // The server's defaults, but never a silently truncated or asynchronous insert.
      clickhouse_settings: { async_insert: 0 },
    });
    // The origin only: a URL's user and password must not reach an error message.
    return wrap(client, 'http', opts.database, null, async () => client.close(), new URL(opts.url).origin);
  }
  const dataDir = path.resolve(REPO_ROOT, opts.dataDir ?? '.data/clickhouse');
  mkdirSync(dataDir, { recursive: true });
  const { createChdbConnection } = await import('chdb/connection');
  const { drainPending } = await import('chdb');
  // No `clickhouse_settings` on this client: the embedded connection turns them into session-wide
  // SETs that would stick to every later query. Settings go into the SQL (`SETTINGS …`) instead.
  // chdb implements the Connection contract of @clickhouse/client-common, which the client bundles
  // its own copy of: the same interface, two declarations.
  type Connection = NonNullable<NonNullable<Parameters<typeof createClient>[0]>['connection']>;
  const client = createClient({ connection: createChdbConnection({ path: dataDir }) as unknown as Connection });
  return wrap(client, 'chdb', opts.database, dataDir, async () => {
    await client.close();
    // The engine may still be finishing a query: wait, so the process can open another directory.
    await drainPending();
  });
}

/**
 * A failure of the connection itself (refused, reset: Node's "socket hang up") names no server:
 * say it was ClickHouse, and where, so a failed ETL step or UI request tells what went away. The
 * server's own errors (ClickHouseError) pass unchanged.
 */
function named(err: unknown, url: string | undefined): unknown {
  const socket = err instanceof Error && !(err instanceof ClickHouseError) && typeof (err as { code?: unknown }).code === 'string';
  return url && socket ? new Error(`ClickHouse at ${url} is unreachable: ${(err as Error).message}`, { cause: err }) : err;
}

function wrap(
  client: ClickHouseClient,
  backend: ClickHouse['backend'],
  database: string,
  dataDir: string | null,
  close: () => Promise<void>,
  url?: string,
): ClickHouse {
  let closed: Promise<void> | null = null;
  const make = (db: string): ClickHouse => ({
    client,
    backend,
    database: db,
    dataDir,
    table: (name) => `${ident(db)}.${ident(name)}`,
    async query<T>(sql: string, params?: Params) {
      try {
        const rs = await client.query({ query: sql, format: 'JSONEachRow', ...(params ? { query_params: params } : {}) });
        return await rs.json<T>();
      } catch (err) {
        throw named(err, url);
      }
    },
    async command(sql: string, params?: Params) {
      await client.command({ query: sql, ...(params ? { query_params: params } : {}) }).catch((err: unknown) => {
        throw named(err, url);
      });
    },
    withDatabase: (other) => {
      ident(other);
      return make(other);
    },
    close: () => (closed ??= close()),
  });
  return make(database);
}
