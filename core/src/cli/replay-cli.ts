import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { catalog } from '@napominalka/domain';
import type { Config } from '../config';
import { EventStore } from '../store/event-store';

/** What a replay subcommand writes to and reads from (tests give their own). */
export interface ReplayIo {
  out(line: string): void;
  err(line: string): void;
  env: Record<string, string | undefined>;
  /** Whether stdout is a terminal (colour by default). */
  isTTY: boolean;
}

export const processIo = (): ReplayIo => ({
  out: (l) => console.log(l),
  err: (l) => console.error(l),
  env: process.env,
  isTTY: process.stdout.isTTY === true,
});

/** Bad command line: exit status 2 with a pointer to --help. */
export class UsageError extends Error {}

/** Reports a subcommand's failure and gives its exit status: 2 for bad usage, 1 otherwise. */
export function failure(io: Pick<ReplayIo, 'err'>, subcommand: string, err: unknown): number {
  if (err instanceof UsageError) {
    io.err(`replay ${subcommand}: ${err.message}\nRun "pnpm replay ${subcommand} --help" for usage.`);
    return 2;
  }
  io.err(`replay ${subcommand}: ${(err as Error).message || String(err)}`);
  return 1;
}

export function positiveInt(flag: string, s: string): number {
  const n = Number(s);
  if (!/^\d+$/.test(s) || !Number.isSafeInteger(n) || n < 1) throw new UsageError(`${flag} must be a positive integer, got "${s}"`);
  return n;
}

/** An ISO 8601 instant or date ("2026-11-23", "2026-11-23T10:00:00Z"); a date or time without offset is UTC. */
export function isoInstant(flag: string, s: string): Date {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(s.trim());
  const d = m ? new Date(m[2] ? `${m[1]}T${m[2]}${m[3] ?? 'Z'}` : `${m[1]}T00:00:00Z`) : null;
  if (!d || Number.isNaN(d.getTime()))
    throw new UsageError(`${flag} must be an ISO 8601 date or instant (e.g. 2026-11-23 or 2026-11-23T10:00:00+03:00), got "${s}"`);
  return d;
}

export function chatIdOf(s: string): number {
  if (!/^-?\d{1,16}$/.test(s.trim()) || !Number.isSafeInteger(Number(s))) throw new UsageError(`--chat must be a Telegram chat id (an integer), got "${s}"`);
  return Number(s);
}

/**
 * Colour: `--color` / `--no-color` (the last one given wins), else only when stdout is a
 * terminal and NO_COLOR is unset or empty (https://no-color.org).
 */
export function colorWanted(tokens: ReadonlyArray<{ kind: string; name?: string }> | undefined, io: Pick<ReplayIo, 'env' | 'isTTY'>): boolean {
  const last = [...(tokens ?? [])].reverse().find((t) => t.kind === 'option' && (t.name === 'color' || t.name === 'no-color'));
  if (last) return last.name === 'color';
  return io.isTTY && !io.env.NO_COLOR;
}

/** A read-only store over the configured database and schema; `close` ends its pool. */
export function openStore(config: Config): { store: EventStore; close(): Promise<void> } {
  const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 2, application_name: 'pnpm replay' });
  pool.on('error', () => undefined);
  const store = new EventStore(pool, catalog, config.PG_SCHEMA);
  return { store, close: () => pool.end() };
}

/** Fails clearly when the database is unreachable or the schema holds no event store. */
export async function checkStore(store: EventStore, config: Config): Promise<void> {
  let exists: boolean;
  try {
    const res = await store.pool.query<{ t: string | null }>('select to_regclass($1) as t', [`"${store.schema}".events`]);
    exists = res.rows[0]!.t !== null;
  } catch (err) {
    throw new Error(`cannot reach PostgreSQL at ${redactUrl(config.DATABASE_URL)}: ${(err as Error).message}`, { cause: err });
  }
  if (!exists) throw new Error(`schema "${store.schema}" has no event store (PG_SCHEMA=${config.PG_SCHEMA}; run the migrations or set PG_SCHEMA)`);
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}

/** True when `metaUrl` is the module node was started with (run directly, not imported). */
export function invokedDirectly(metaUrl: string): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(metaUrl));
  } catch {
    return false;
  }
}

// Reading and decoding a chat's events, and the timeline's pure formatter, for other front ends
// of the same view (the ui's event explorer).
export { decodeOrError, readTimelineEvents, type Decoded } from './replay-timeline-read';
export {
  buildTimeline,
  localTime,
  timelineJson,
  MAX_DRAWN_DEPTH,
  type Segment,
  type Style,
  type TimelineEntry,
  type TimelineEvent,
} from './replay-timeline-format';
