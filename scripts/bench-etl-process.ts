import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createLogger, loadConfig, migrate, openEventStore, type Logger } from '../core/src/index';
import { REPO_ROOT, type ClickHouse } from '../core/src/clickhouse/index';
import { TEST_DATABASE_URL } from '../core/src/testing/context';
import { buildGraph, daily, openEtlHistory, type EtlHistory, type RunRow } from '../etl/src/framework';
import type { EtlResources } from '../etl/src/resources';
import { parseQualityAsset } from '../etl/src/assets/parse-quality/asset';
import { driftReportAsset } from '../etl/src/assets/drift-report/asset';
import { REPORTS_MIGRATIONS } from '../etl/src/assets/drift-report/reports-table';
import { vmHwmBytes } from './bench-etl-lib';

/**
 * What every child process of `pnpm bench:etl` shares: its own figures (peak RSS, CPU), the ETL's
 * store and history in the run's scratch schema, the production graph.
 */

export const say = (line: string) => process.stderr.write(`[bench child ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

export function peakRss(): number {
  try {
    return vmHwmBytes(readFileSync('/proc/self/status', 'utf8')) ?? process.resourceUsage().maxRSS * 1024;
  } catch {
    return process.resourceUsage().maxRSS * 1024;
  }
}

/** Where the measured work begins: the peak so far (the process with everything open) and the CPU used until then. */
export const startWork = () => ({ baseBytes: peakRss(), cpu: process.cpuUsage() });
/** The process's figures at the end of its job: the peak resident set, and the CPU of the work alone. */
export const procOf = (start: ReturnType<typeof startWork>) => {
  const cpu = process.cpuUsage(start.cpu);
  return { baseBytes: start.baseBytes, peakBytes: peakRss(), cpuMs: (cpu.user + cpu.system) / 1000 };
};

export async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

export const dayWindow = (day: string) => ({ from: new Date(`${day}T00:00:00Z`), to: new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000) });

export const childLogger = (): Logger => createLogger({ service: 'bench-etl', level: 'warn' }, { write: (l: string) => void process.stderr.write(l) });

export interface EtlStore {
  history: EtlHistory;
  log: Logger;
  /** The resources with this ClickHouse. */
  resources(ch: ClickHouse): EtlResources;
  close(): Promise<void>;
}

/** The store and the ETL history in the run's scratch schema (migrated: every child may be the first). */
export async function openEtlStore(schema: string): Promise<EtlStore> {
  const log = childLogger();
  const config = loadConfig({ DATABASE_URL: TEST_DATABASE_URL, PG_SCHEMA: schema, PG_POOL_MAX: '8', LOG_LEVEL: 'warn' });
  const { pool, store } = await openEventStore(config, log);
  const history = await openEtlHistory(store, pool);
  await migrate(pool, store.schema, REPORTS_MIGRATIONS);
  return {
    history,
    log,
    resources: (ch) => ({ ch, store, pool, config, log, modelsDir: path.join(REPO_ROOT, 'inference/models') }),
    close: () => pool.end().catch(() => undefined),
  };
}

/** The production graph (both assets, daily in UTC) from the dataset's first day. */
export function graphFrom(start: string) {
  const partitions = daily({ start, timezone: 'UTC' });
  return buildGraph<EtlResources>({ assets: [parseQualityAsset(partitions), driftReportAsset(partitions)] });
}

export const runOf = (r: RunRow) => ({ status: r.status, durationMs: r.durationMs, failure: r.failure ? `${r.failure.code}: ${r.failure.message}` : null });
