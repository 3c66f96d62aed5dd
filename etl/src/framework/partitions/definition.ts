import { DateTime } from 'luxon';

/**
 * How an asset is split into partitions. `daily`: one partition per calendar day in a named zone,
 * from a start date to the last day that has ended (Dagster's end offset 0), keyed `YYYY-MM-DD`.
 * `static`: a fixed list of keys. `none`: one unpartitioned materialization (key null).
 */
export type PartitionsDefinition = { kind: 'daily'; start: string; timezone: string } | { kind: 'static'; keys: readonly string[] } | { kind: 'none' };

/** The time a daily partition covers: [start, end) as instants. */
export interface TimeWindow {
  start: Date;
  end: Date;
}

export class PartitionError extends Error {
  override name = 'PartitionError';
}

const DAY_KEY = /^\d{4}-\d{2}-\d{2}$/;

export function daily(opts: { start: string; timezone: string }): PartitionsDefinition {
  if (!DAY_KEY.test(opts.start) || !DateTime.fromISO(opts.start, { zone: opts.timezone }).isValid) {
    throw new PartitionError(`daily partitions: invalid start ${JSON.stringify(opts.start)} or zone ${JSON.stringify(opts.timezone)}`);
  }
  return { kind: 'daily', start: opts.start, timezone: opts.timezone };
}

export function staticPartitions(keys: readonly string[]): PartitionsDefinition {
  if (keys.length === 0 || new Set(keys).size !== keys.length) throw new PartitionError('static partitions: keys must be distinct and not empty');
  return { kind: 'static', keys: [...keys] };
}

export const unpartitioned: PartitionsDefinition = { kind: 'none' };

const dayStart = (key: string, zone: string): DateTime => DateTime.fromISO(key, { zone }).startOf('day');

/** Every partition key that exists at `now`, oldest first. */
export function partitionKeys(def: PartitionsDefinition, now: Date): Array<string | null> {
  switch (def.kind) {
    case 'none':
      return [null];
    case 'static':
      return [...def.keys];
    case 'daily': {
      const keys: string[] = [];
      const last = lastCompleteDay(def, now);
      if (!last) return [];
      for (let d = dayStart(def.start, def.timezone); d <= last; d = d.plus({ days: 1 })) keys.push(d.toISODate()!);
      return keys;
    }
  }
}

function lastCompleteDay(def: Extract<PartitionsDefinition, { kind: 'daily' }>, now: Date): DateTime | null {
  const today = DateTime.fromJSDate(now, { zone: def.timezone }).startOf('day');
  const last = today.minus({ days: 1 });
  return last < dayStart(def.start, def.timezone) ? null : last;
}

/** Refuses a key the definition does not have at `now`, with a message naming the valid range. */
export function assertPartition(def: PartitionsDefinition, key: string | null, now: Date): string | null {
  switch (def.kind) {
    case 'none':
      if (key !== null) throw new PartitionError(`this asset is not partitioned; got partition ${JSON.stringify(key)}`);
      return null;
    case 'static':
      if (key === null || !def.keys.includes(key)) throw new PartitionError(`unknown partition ${JSON.stringify(key)}; valid: ${def.keys.join(', ')}`);
      return key;
    case 'daily': {
      const last = lastCompleteDay(def, now);
      const range = last ? `${def.start}..${last.toISODate()}` : `none yet (the first is ${def.start})`;
      if (key === null || !DAY_KEY.test(key) || !DateTime.fromISO(key, { zone: def.timezone }).isValid) {
        throw new PartitionError(`a daily partition is a date YYYY-MM-DD; got ${JSON.stringify(key)} (valid: ${range})`);
      }
      if (key < def.start || !last || key > last.toISODate()!) throw new PartitionError(`partition ${key} is outside the range ${range}`);
      return key;
    }
  }
}

/** The daily partition's window in its zone (a DST day is 23 or 25 hours long); null otherwise. */
export function timeWindow(def: PartitionsDefinition, key: string | null): TimeWindow | null {
  if (def.kind !== 'daily' || key === null) return null;
  const start = dayStart(key, def.timezone);
  return { start: start.toJSDate(), end: start.plus({ days: 1 }).toJSDate() };
}

/** Keys of a daily definition from `from` to `to` inclusive, each checked. */
export function partitionRange(def: PartitionsDefinition, from: string, to: string, now: Date): string[] {
  if (def.kind === 'static') {
    const i = def.keys.indexOf(assertPartition(def, from, now)!);
    const j = def.keys.indexOf(assertPartition(def, to, now)!);
    if (i > j) throw new PartitionError(`--from ${from} comes after --to ${to}`);
    return def.keys.slice(i, j + 1);
  }
  if (def.kind !== 'daily') throw new PartitionError('a range needs a partitioned asset');
  assertPartition(def, from, now);
  assertPartition(def, to, now);
  if (from > to) throw new PartitionError(`--from ${from} comes after --to ${to}`);
  const keys: string[] = [];
  for (let d = dayStart(from, def.timezone); d.toISODate()! <= to; d = d.plus({ days: 1 })) keys.push(d.toISODate()!);
  return keys;
}

/** The daily partition whose day ended last before `at` (what a nightly schedule materializes). */
export function previousDay(def: PartitionsDefinition, at: Date): string | null {
  if (def.kind !== 'daily') return null;
  const last = lastCompleteDay(def, at);
  return last ? last.toISODate() : null;
}

export function sameDefinition(a: PartitionsDefinition, b: PartitionsDefinition): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
