import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A bad command line: exit status 2 with a pointer to the command's --help. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Options every subcommand takes. */
export const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
} as const;

export const COMMON_HELP = `  -h, --help       this text
      --json       machine-readable output (JSON) on stdout
      --no-color   no colour (also NO_COLOR=1; --color forces it)`;

/** node:util parseArgs, its complaints turned into usage errors. */
export function parseCommand<const T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

export function positiveInt(flag: string, s: string | undefined, fallback: number, max = 1_000_000): number {
  if (s === undefined) return fallback;
  const n = Number(s);
  if (!/^\d+$/.test(s) || !Number.isSafeInteger(n) || n < 1 || n > max)
    throw new UsageError(`${flag} must be a whole number from 1 to ${max}, got ${JSON.stringify(s)}`);
  return n;
}

/** `a,b,c` → ['a','b','c']: the asset selection of materialize and backfill. */
export function assetList(s: string | undefined, what: string): string[] {
  const keys = (s ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  if (keys.length === 0) throw new UsageError(`${what} needs an asset (or several, comma-separated)`);
  return keys;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function runIdArg(s: string | undefined, what: string): string {
  if (s === undefined) throw new UsageError(`${what} needs a run id (see pnpm etl runs)`);
  if (!UUID.test(s.trim())) throw new UsageError(`a run id is a UUID, got ${JSON.stringify(s)}`);
  return s.trim().toLowerCase();
}

/** At most `n` positionals; the extra one is named. */
export function noMorePositionals(positionals: readonly string[], n: number): void {
  if (positionals.length > n) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[n])}`);
}

/** The partition selection of materialize: one key, a range, or neither (an unpartitioned asset). */
export type PartitionSelection = { kind: 'one'; key: string } | { kind: 'range'; from: string; to: string } | { kind: 'none' };

export function partitionSelection(v: { partition?: string | undefined; from?: string | undefined; to?: string | undefined }): PartitionSelection {
  if (v.partition !== undefined) {
    if (v.from !== undefined || v.to !== undefined) throw new UsageError('give --partition or --from/--to, not both');
    return { kind: 'one', key: v.partition };
  }
  if (v.from === undefined && v.to === undefined) return { kind: 'none' };
  if (v.from === undefined || v.to === undefined) throw new UsageError('a range needs both --from and --to');
  return { kind: 'range', from: v.from, to: v.to };
}
