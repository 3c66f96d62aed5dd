import { DateTime } from 'luxon';
import { PartitionError, sameDefinition, type PartitionsDefinition } from './definition';

/**
 * Which partitions of an upstream asset a downstream partition reads. `identity`: the same key
 * (both sides must be partitioned alike). `window`: the N daily partitions before it (and itself
 * with `includeSelf`), e.g. the 28 days a drift report compares with. `all`: every partition (or
 * the single one of an unpartitioned upstream).
 */
export type PartitionMapping = { kind: 'identity' } | { kind: 'window'; previous: number; includeSelf: boolean } | { kind: 'all' };

export const identity = (): PartitionMapping => ({ kind: 'identity' });
export const window = (previous: number, opts: { includeSelf?: boolean } = {}): PartitionMapping => {
  if (!Number.isInteger(previous) || previous < 1) throw new PartitionError('window mapping: previous must be a positive whole number');
  return { kind: 'window', previous, includeSelf: opts.includeSelf ?? false };
};
export const allPartitions = (): PartitionMapping => ({ kind: 'all' });

/** Why a mapping cannot join two definitions, or null when it can (checked at start-up). */
export function mappingProblem(mapping: PartitionMapping, downstream: PartitionsDefinition, upstream: PartitionsDefinition): string | null {
  switch (mapping.kind) {
    case 'identity':
      return sameDefinition(downstream, upstream) ? null : 'identity mapping needs both assets partitioned alike';
    case 'window':
      return downstream.kind === 'daily' && upstream.kind === 'daily' ? null : 'window mapping needs daily partitions on both sides';
    case 'all':
      return null;
  }
}

/**
 * The upstream keys a downstream partition depends on, given the upstream keys that exist.
 * A window before the upstream's start is cut to what exists.
 */
export function upstreamKeys(mapping: PartitionMapping, downstreamKey: string | null, existing: ReadonlyArray<string | null>): Array<string | null> {
  switch (mapping.kind) {
    case 'identity':
      return [downstreamKey];
    case 'all':
      return [...existing];
    case 'window': {
      if (downstreamKey === null) throw new PartitionError('window mapping of an unpartitioned asset');
      const day = DateTime.fromISO(downstreamKey, { zone: 'UTC' });
      const wanted = new Set<string>();
      for (let i = mapping.includeSelf ? 0 : 1; i <= mapping.previous; i++) wanted.add(day.minus({ days: i }).toISODate()!);
      return existing.filter((k): k is string => k !== null && wanted.has(k));
    }
  }
}
