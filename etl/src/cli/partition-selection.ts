import { DateTime } from 'luxon';
import {
  assertPartition,
  partitionKeys,
  partitionRange,
  PartitionError,
  type AssetDefinition,
  type AssetGraph,
  type PartitionMapping,
  type PartitionsDefinition,
} from '../framework';
import { UsageError, type PartitionSelection } from './args';

/** Which partitions a command works on, checked against the definitions (pure). */

/** Partitions `status` shows when no --from is given: this many days up to --to. */
export const DEFAULT_DAYS = 31;

export const describeMapping = (m: PartitionMapping): string =>
  m.kind === 'window' ? `window of ${m.previous} day${m.previous === 1 ? '' : 's'} before${m.includeSelf ? ' and itself' : ''}` : m.kind;

export const describePartitions = (p: PartitionsDefinition): string =>
  p.kind === 'daily' ? `daily from ${p.start} (${p.timezone})` : p.kind === 'static' ? `static: ${p.keys.join(', ')}` : 'unpartitioned';

/** The partitions asked for, each checked against the definition (the framework's message when not). */
export function selectedKeys(
  def: Pick<AssetDefinition<unknown>, 'key' | 'partitions'>,
  from: string | undefined,
  to: string | undefined,
  now: Date,
): Array<string | null> {
  const p = def.partitions;
  if (p.kind === 'none') {
    if (from !== undefined || to !== undefined) throw new PartitionError(`${def.key} is not partitioned: --from and --to do not apply`);
    return [null];
  }
  const all = partitionKeys(p, now) as string[];
  if (all.length === 0) throw new PartitionError(`${def.key} has no partitions yet (${describePartitions(p)})`);
  const last = to ?? all.at(-1)!;
  const first = from ?? (p.kind === 'daily' ? earliest(all[0]!, last, p.timezone) : all[0]!);
  return partitionRange(p, first, last, now);
}

/** The day DEFAULT_DAYS - 1 before `to`, not before the first partition. */
function earliest(first: string, to: string, zone: string): string {
  const d = DateTime.fromISO(to, { zone });
  if (!d.isValid) return first;
  const back = d.minus({ days: DEFAULT_DAYS - 1 }).toISODate()!;
  return back < first ? first : back;
}

/** The partitions to request, checked against the first asset's definition (requestRun checks every asset). */
export function partitionsToRequest(
  graph: Pick<AssetGraph<unknown>, 'get'>,
  assets: readonly string[],
  sel: PartitionSelection,
  now: Date,
): Array<string | null> {
  const def = graph.get(assets[0]!).partitions;
  switch (sel.kind) {
    case 'one':
      return [assertPartition(def, sel.key, now)];
    case 'range':
      return partitionRange(def, sel.from, sel.to, now);
    case 'none': {
      if (def.kind === 'none') return [null];
      const keys = partitionKeys(def, now);
      const range = keys.length === 0 ? 'none yet' : `${keys[0]}..${keys.at(-1)}`;
      throw new UsageError(`${assets[0]} is partitioned (${describePartitions(def)}): give --partition <key> or --from <key> --to <key> (valid: ${range})`);
    }
  }
}
