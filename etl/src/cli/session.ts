import { createLogger, loadConfig, openEventStore, type Config, type Logger } from '@napominalka/core';
import { etlDefinitions } from '../definitions';
import { openEtlHistory, type AssetGraph, type EtlHistory } from '../framework';
import type { EtlResources } from '../resources';
import type { CliIo } from './io';
import { SharedStderr } from './stderr';

/** What a command works with: the settings, a logger on stderr, the definitions. */
export interface Setup {
  config: Config;
  log: Logger;
  graph: AssetGraph<EtlResources>;
  /** Where the logger writes; the progress bar steps around its lines. */
  stderr: SharedStderr;
  now(): Date;
}

/** The settings from the environment; logs at warn unless LOG_LEVEL says otherwise, on stderr. */
export function setup(io: CliIo): Setup {
  const config = loadConfig(io.env);
  const stderr = new SharedStderr(io);
  const log = createLogger({ service: 'etl-cli', level: io.env.LOG_LEVEL ? config.LOG_LEVEL : 'warn' }, { write: (line: string) => stderr.write(line) });
  return { config, log, graph: etlDefinitions(config), stderr, now: () => new Date() };
}

/** The store and the ETL history only: what reading and requesting need (ClickHouse stays closed). */
export async function openHistory(s: Setup): Promise<{ history: EtlHistory; close(): Promise<void> }> {
  const { pool, store } = await openEventStore({ ...s.config, PG_POOL_MAX: Math.min(s.config.PG_POOL_MAX, 4) }, s.log).catch((err: Error) => {
    throw new Error(`cannot open the event store (DATABASE_URL, PG_SCHEMA=${s.config.PG_SCHEMA}): ${err.message}`, { cause: err });
  });
  try {
    return { history: await openEtlHistory(store, pool), close: () => pool.end() };
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
}

/** Everything the assets need to run in this process: the store, the history and ClickHouse. */
export async function openResources(s: Setup): Promise<{ resources: EtlResources; history: EtlHistory; close(): Promise<void> }> {
  // Loaded only here: it brings the ClickHouse client (and, embedded, chdb) that reading never needs.
  const { openEtl } = await import('../open-resources');
  return openEtl(s.config, s.log);
}

/** Runs `fn` with the history open, closing it whatever happens. */
export async function withHistory<T>(s: Setup, fn: (history: EtlHistory) => Promise<T>): Promise<T> {
  const h = await openHistory(s);
  try {
    return await fn(h.history);
  } finally {
    await h.close().catch(() => undefined);
  }
}
