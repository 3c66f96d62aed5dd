import { rebuildEtlTables } from '../../framework';
import { COMMON_HELP, COMMON_OPTIONS, noMorePositionals, parseCommand } from '../args';
import { formatDuration } from '../format/time';
import type { CliIo } from '../io';
import { setup, withHistory } from '../session';
import { toJson } from '../terminal';
import { done, type Command } from './command';

const HELP = `Usage: pnpm etl rebuild [--json]

Rebuilds the ETL's read models (runs, steps, partitions, checks, schedule ticks, sensor cursors,
backfills) from the ETL events in the store, in one transaction: readers see the old tables
until it commits, writers wait for it. Safe to run while the ETL service runs.

Options:
${COMMON_HELP}`;

export const rebuild: Command = {
  name: 'rebuild',
  summary: 'rebuild the ETL read models from the events',
  help: HELP,
  async run(argv: readonly string[], io: CliIo) {
    const { values: v, positionals } = parseCommand({ args: [...argv], options: COMMON_OPTIONS, allowPositionals: true, strict: true, tokens: true });
    if (v.help) return done(io, HELP);
    noMorePositionals(positionals, 0);
    const s = setup(io);
    const t0 = Date.now();
    const events = await withHistory(s, (h) =>
      rebuildEtlTables(h, (n) => io.progress(io.stderrTTY ? `\r\u001b[2Krebuilding: ${n} events folded` : `rebuilding: ${n} events folded\n`)),
    );
    if (io.stderrTTY) io.progress('\r\u001b[2K');
    const durationMs = Date.now() - t0;
    if (v.json) return done(io, toJson({ events, durationMs }));
    return done(io, `rebuilt the ETL read models from ${events} event${events === 1 ? '' : 's'} in ${formatDuration(durationMs)}`);
  },
};
