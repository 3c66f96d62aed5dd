import type { EtlMetadata } from '@napominalka/core';
import type { PartitionsDefinition, TimeWindow } from '../partitions/definition';
import type { PartitionMapping } from '../partitions/mapping';

/** What an upstream partition looked like when a step started: its latest materialization. */
export interface UpstreamPartition {
  partition: string | null;
  dataVersion: string;
  metadata: EtlMetadata;
}

export type LogLevel = 'info' | 'warn' | 'error';

/** Everything a compute function or check gets: the partition, its window, resources, a stop signal. */
export interface AssetContext<R> {
  asset: string;
  partition: string | null;
  /** The daily partition's [start, end) in its zone; null otherwise. */
  window: TimeWindow | null;
  runId: string;
  attempt: number;
  /** Aborted on timeout or cancel: pass it to every long call (ClickHouse queries take it). */
  signal: AbortSignal;
  resources: R;
  /** Upstream materializations this partition reads, by upstream asset key. */
  upstream: Readonly<Record<string, readonly UpstreamPartition[]>>;
  /** Recorded in the run's history (bounded) and logged. */
  log(level: LogLevel, message: string): void;
  now: Date;
}

export interface Materialization {
  metadata: EtlMetadata;
}

export interface CheckResult {
  passed: boolean;
  description?: string;
  metadata?: EtlMetadata;
}

/**
 * A check on one materialized partition. `error`: a failure blocks every downstream asset of that
 * partition, in this run and in later ones, until a new materialization passes it. `warn`: recorded.
 */
export interface AssetCheck<R> {
  name: string;
  severity: 'warn' | 'error';
  description: string;
  evaluate(ctx: AssetContext<R>, materialization: Materialization): Promise<CheckResult>;
}

export interface AssetDependency {
  asset: string;
  mapping: PartitionMapping;
  /** A missing upstream partition is not an error (the compute copes with fewer inputs). */
  optional?: boolean;
}

export interface RetryPolicy {
  /** Attempts of a run, the first included. */
  maxAttempts: number;
  /** Wait before the second attempt; doubles each time. */
  backoffMs: number;
}

export interface AssetDefinition<R> {
  key: string;
  description: string;
  deps: readonly AssetDependency[];
  partitions: PartitionsDefinition;
  /** Bump when the compute changes meaning: part of the data version, so old partitions re-run. */
  codeVersion: string;
  /**
   * A fingerprint of the source data the partition reads (row counts, max positions). With the
   * code version and the upstream data versions it makes the data version: an unchanged one skips.
   */
  observe?(ctx: AssetContext<R>): Promise<string>;
  materialize(ctx: AssetContext<R>): Promise<Materialization>;
  checks: ReadonlyArray<AssetCheck<R>>;
  retry: RetryPolicy;
  timeoutMs: number;
}

const KEY = /^[a-z][a-z0-9_]{0,62}$/;

/** An asset with defaults filled in and its key and checks validated. */
export function defineAsset<R>(
  def: Omit<AssetDefinition<R>, 'deps' | 'checks' | 'retry' | 'timeoutMs' | 'codeVersion'> &
    Partial<Pick<AssetDefinition<R>, 'deps' | 'checks' | 'retry' | 'timeoutMs' | 'codeVersion'>>,
): AssetDefinition<R> {
  if (!KEY.test(def.key)) throw new Error(`asset key ${JSON.stringify(def.key)}: lower-case letters, digits and _ , starting with a letter`);
  const checks = def.checks ?? [];
  const names = new Set<string>();
  for (const c of checks) {
    if (!KEY.test(c.name)) throw new Error(`asset ${def.key}: check name ${JSON.stringify(c.name)} is not a valid key`);
    if (names.has(c.name)) throw new Error(`asset ${def.key}: check ${c.name} defined twice`);
    names.add(c.name);
  }
  return {
    deps: [],
    retry: { maxAttempts: 3, backoffMs: 5_000 },
    timeoutMs: 15 * 60_000,
    codeVersion: '1',
    ...def,
    checks,
  };
}
