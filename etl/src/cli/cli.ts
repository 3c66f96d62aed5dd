import { ConfigError } from '@napominalka/core';
import { UsageError } from './args';
import { backfill } from './commands/backfill';
import { cancel } from './commands/cancel';
import { checks } from './commands/checks';
import { done, type Command } from './commands/command';
import { list } from './commands/list';
import { materialize } from './commands/materialize';
import { rebuild } from './commands/rebuild';
import { run } from './commands/run';
import { runs } from './commands/runs';
import { status } from './commands/status';
import type { CliIo } from './io';
import { clean } from './terminal';

export const COMMANDS: readonly Command[] = [list, status, materialize, backfill, runs, run, checks, cancel, rebuild];

export const USAGE = `Usage: pnpm etl <command> [options]   (pnpm etl <command> --help for each)

Operates the ETL: what it defines, the state of each asset's partitions, runs asked for now,
backfills, the run history and its checks. The history is events in the store (streams
etl-run-<id>, etl-asset-<key>); materialize and backfill execute their runs in this process,
side by side with any ETL service (whoever claims a run executes it).

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(12)} ${c.summary}`).join('\n')}

Settings come from the environment (README, Configuration): DATABASE_URL, PG_SCHEMA, ETL_TIMEZONE,
ETL_START_DATE, ETL_CONCURRENCY and, for materialize and backfill, CLICKHOUSE_URL (with ClickHouse
embedded in the projector: its gateway, http://127.0.0.1:<CLICKHOUSE_GATEWAY_PORT>) or
CLICKHOUSE_DATA_DIR. Logs go to stderr at warn (LOG_LEVEL to change). NO_COLOR turns colour off.

Exit status: 0 done, 1 failed (a run failed, a refused request, unreachable database, ...),
2 bad usage, 130 interrupted.`;

/** Runs one command line; resolves to the exit status. Never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    if (name === 'help' && rest[0]) return runCli([rest[0], '--help'], io);
    if (name !== undefined) return done(io, USAGE);
    io.err(USAGE);
    return 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`etl: unknown command ${JSON.stringify(clean(name))} (commands: ${COMMANDS.map((c) => c.name).join(', ')})\nRun "pnpm etl --help" for usage.`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`etl ${name}: ${clean(err.message)}\nRun "pnpm etl ${name} --help" for usage.`);
      return 2;
    }
    // A config error names every bad variable, one per line: keep its lines.
    const message = err instanceof ConfigError ? err.message.split('\n').map(clean).join('\n') : clean((err as Error)?.message || String(err));
    io.err(`etl ${name}: ${message}`);
    return 1;
  }
}
