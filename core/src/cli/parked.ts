import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import amqp, { type ChannelModel } from 'amqplib';
import { ConfigError, loadConfig } from '../config';
import { ParkedError, countParked, deleteParked, findParked, listParked, requeueParked, type ParkedTarget } from '../bus/parked';
import { names } from '../bus/topology';
import { formatParkedMessage, formatParkedTable } from './parked-format';

export const USAGE = `Usage: pnpm parked <command> --consumer <name> [options]

Inspect and repair a consumer's parked queue (<AMQP_PREFIX><consumer>.parked): messages that
exhausted their retries, could never be handled (poison), or kept crashing the consumer
(dead-lettered by the broker at its delivery limit).

Commands:
  list     --consumer <name> [--limit N] [--json]
           One line per parked message (first N, default 100). Removes nothing.
  show     --consumer <name> (--id <messageId> | --index <n>) [--json]
           Every property and header and the pretty-printed body of one message.
  requeue  --consumer <name> (--id <messageId> | --index <n> | --all) [--dry-run]
           Move messages back to the consumer's queue with a fresh attempt count
           (x-attempt=1, parking and x-death headers removed); each is removed from the
           parked queue only after the broker confirmed the copy.
  purge    --consumer <name> (--id <messageId> | --index <n>) --yes
           Delete a parked message for good.

Options:
  -c, --consumer <name>  consumer (queue) name, without the prefix
      --id <messageId>   select by AMQP message id (= event id); matches every copy
      --index <n>        select by position as printed by list (1 = oldest)
      --all              requeue every message parked when the command starts
      --limit <n>        list at most n messages (default 100)
      --json             machine-readable output
      --dry-run          requeue: report what would move, move nothing
      --yes              purge: confirm the deletion
  -h, --help             this text

Settings come from the environment: AMQP_URL, AMQP_PREFIX.
Exit status: 0 done, 1 failed (not found, broker unreachable, ...), 2 bad usage.`;

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: Record<string, string | undefined>;
}

const processIo: CliIo = { out: (l) => console.log(l), err: (l) => console.error(l), env: process.env };

class UsageError extends Error {}

const COMMANDS = ['list', 'show', 'requeue', 'purge'] as const;
type Command = (typeof COMMANDS)[number];

/** Runs one command line; resolves to the process exit status. */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        consumer: { type: 'string', short: 'c' },
        id: { type: 'string' },
        index: { type: 'string' },
        all: { type: 'boolean' },
        limit: { type: 'string' },
        json: { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        yes: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    io.err(`parked: ${(err as Error).message}\nRun "pnpm parked --help" for usage.`);
    return 2;
  }
  const { values: v, positionals } = parsed;
  if (v.help) {
    io.out(USAGE);
    return 0;
  }
  if (positionals.length === 0) {
    io.err(USAGE);
    return 2;
  }

  let conn: ChannelModel | null = null;
  try {
    const [cmd, ...extra] = positionals as [string, ...string[]];
    if (!(COMMANDS as readonly string[]).includes(cmd)) throw new UsageError(`unknown command "${cmd}" (expected one of: ${COMMANDS.join(', ')})`);
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    const command = cmd as Command;
    const consumer = v.consumer?.trim();
    if (!consumer) throw new UsageError(`${command} needs --consumer <name>`);
    const selector = selectorOf(command, v);
    const limit = v.limit === undefined ? 100 : positiveInt('--limit', v.limit);
    if (command === 'purge' && !v.yes) {
      throw new UsageError(`purge deletes the message for good; refusing without --yes`);
    }

    const config = loadConfig(io.env);
    conn = await amqp.connect(config.AMQP_URL, { timeout: 10_000, clientProperties: { connection_name: 'pnpm parked' } }).catch((err: Error) => {
      throw new ParkedError(`cannot connect to RabbitMQ at ${redact(config.AMQP_URL)}: ${err.message || String(err)}`);
    });
    conn.on('error', () => undefined);
    const target: ParkedTarget = { conn, prefix: config.AMQP_PREFIX, consumer };
    const parkedQueue = names(config.AMQP_PREFIX).parked(consumer);
    const describeSelector = selector && ('id' in selector ? `id ${selector.id}` : 'index' in selector ? `#${selector.index}` : 'all');

    switch (command) {
      case 'list': {
        const total = await countParked(target);
        const msgs = await listParked(target, { limit });
        if (v.json) io.out(JSON.stringify(msgs, null, 2));
        else if (msgs.length === 0) io.out(`${parkedQueue}: empty`);
        else {
          io.out(`${parkedQueue}: ${total} parked${msgs.length < total ? `, showing the first ${msgs.length}` : ''}`);
          io.out(formatParkedTable(msgs));
        }
        return 0;
      }
      case 'show': {
        const found = await findParked(target, selector!);
        if (found.length === 0) throw new ParkedError(`no parked message with ${describeSelector} in ${parkedQueue}`);
        const m = found[0]!;
        if (v.json) io.out(JSON.stringify(m, null, 2));
        else {
          io.out(formatParkedMessage(m));
          if (found.length > 1) io.out(`(${found.length} copies of this message are parked, at #${found.map((f) => f.index).join(', #')})`);
        }
        return 0;
      }
      case 'requeue': {
        const mainQueue = names(config.AMQP_PREFIX).queue(consumer);
        if (v['dry-run']) {
          if (selector && 'all' in selector) {
            const r = await requeueParked(target, selector, { dryRun: true });
            io.out(`dry run: would requeue ${r.matched} message(s) from ${parkedQueue} to ${mainQueue}`);
            return 0;
          }
          const found = await findParked(target, selector!);
          if (found.length === 0) throw new ParkedError(`no parked message with ${describeSelector} in ${parkedQueue}`);
          io.out(formatParkedTable(found));
          io.out(`dry run: would requeue ${found.length} message(s) from ${parkedQueue} to ${mainQueue}`);
          return 0;
        }
        const batchSize = 100;
        const r = await requeueParked(target, selector!, {
          batchSize,
          onProgress: (done, total) => {
            if (total > batchSize) io.err(`requeued ${done}/${total}`);
          },
        });
        if (r.matched === 0 && !('all' in selector!)) throw new ParkedError(`no parked message with ${describeSelector} in ${parkedQueue}`);
        io.out(`requeued ${r.requeued} message(s) from ${parkedQueue} to ${mainQueue}`);
        return 0;
      }
      case 'purge': {
        const sel = selector as { id: string } | { index: number };
        const r = await deleteParked(target, sel);
        if (r.deleted === 0) throw new ParkedError(`no parked message with ${describeSelector} in ${parkedQueue}`);
        io.out(`deleted ${r.deleted} message(s) with ${describeSelector} from ${parkedQueue}`);
        return 0;
      }
      default:
        throw new UsageError(`unknown command "${command satisfies never}"`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`parked: ${err.message}\nRun "pnpm parked --help" for usage.`);
      return 2;
    }
    io.err(`parked: ${err instanceof ConfigError || err instanceof ParkedError ? err.message : (err as Error).message || String(err)}`);
    return 1;
  } finally {
    await conn?.close().catch(() => undefined);
  }
}

function selectorOf(command: Command, v: { id?: string | undefined; index?: string | undefined; all?: boolean | undefined }) {
  const given = [v.id !== undefined, v.index !== undefined, v.all === true].filter(Boolean).length;
  if (command === 'list') {
    if (given > 0) throw new UsageError('list takes no --id, --index or --all (use show)');
    return null;
  }
  const choices = command === 'requeue' ? '--id <messageId>, --index <n> or --all' : '--id <messageId> or --index <n>';
  if (v.all && command !== 'requeue') throw new UsageError(`${command} does not take --all; use ${choices}`);
  if (given !== 1) throw new UsageError(`${command} needs exactly one of ${choices}`);
  if (v.all) return { all: true } as const;
  if (v.index !== undefined) return { index: positiveInt('--index', v.index) };
  if (!v.id?.trim()) throw new UsageError('--id must not be empty');
  return { id: v.id.trim() };
}

function positiveInt(flag: string, s: string): number {
  const n = Number(s);
  if (!/^\d+$/.test(s) || !Number.isSafeInteger(n) || n < 1) throw new UsageError(`${flag} must be a positive integer, got "${s}"`);
  return n;
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(invalid AMQP_URL)';
  }
}

const invokedDirectly = (() => {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();
if (invokedDirectly) process.exitCode = await main(process.argv.slice(2));
