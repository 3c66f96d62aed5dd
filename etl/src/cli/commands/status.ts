import { checksOf, partitionsOf } from '../../framework';
import { COMMON_HELP, COMMON_OPTIONS, noMorePositionals, parseCommand, UsageError } from '../args';
import { CELLS, renderGrid } from '../format/grid';
import { renderTable, type Column } from '../format/table';
import { formatTime } from '../format/time';
import type { CliIo } from '../io';
import { lastRunsOf } from '../queries';
import { setup, withHistory } from '../session';
import { partitionStatuses, summarize, summaryLine, type PartitionStatus } from '../status-model';
import { colorWanted, paint, toJson } from '../terminal';
import { done, type Command } from './command';
import { DEFAULT_DAYS, describePartitions, selectedKeys } from '../partition-selection';

const HELP = `Usage: pnpm etl status <asset> [--from D] [--to D] [--table] [--json]

The partitions of an asset: for each, whether it is materialized (when, data version, by which
run), its failing checks (✗ error, ! warn) and how its last run went. On a terminal a compact
grid (a row per month, a column per day) and the partitions that need attention; otherwise,
or with --table, a line per partition. Ends with a summary: materialized / missing / failing.

Options:
      --from D     first partition (default: ${DEFAULT_DAYS} days before --to, or the first one)
      --to D       last partition (default: the last day that has ended)
      --table      a line per partition even on a terminal
${COMMON_HELP}`;

const OPTIONS = { ...COMMON_OPTIONS, from: { type: 'string' }, to: { type: 'string' }, table: { type: 'boolean' } } as const;

const columns = (zone: string, now: Date): Array<Column<PartitionStatus>> => [
  { header: 'PARTITION', cell: (s) => s.partition ?? '(unpartitioned)' },
  { header: 'STATE', cell: (s) => ({ text: `${CELLS[s.state].symbol} ${s.state}`, style: CELLS[s.state].style }) },
  { header: 'MATERIALIZED', cell: (s) => (s.materialized ? formatTime(s.materialized.at, zone, now) : '-') },
  { header: 'DATA VERSION', max: 18, cell: (s) => s.materialized?.dataVersion ?? '-' },
  { header: 'RUN', cell: (s) => s.materialized?.runId ?? '-' },
  { header: 'LAST RUN', cell: (s) => (s.lastRun ? `${s.lastRun.status}${s.lastRun.attempt > 1 ? ` (attempt ${s.lastRun.attempt})` : ''}` : '-') },
  {
    header: 'FAILING CHECKS',
    cell: (s) => ({
      text:
        s.failingChecks.map((c) => `${c.severity === 'error' ? '✗' : '!'} ${c.check}: ${c.description}`).join('; ') ||
        (s.state === 'failed' ? `run: ${s.lastRun?.failure ?? ''}` : ''),
      style: s.failingChecks.some((c) => c.severity === 'error') || s.state === 'failed' ? 'red' : 'yellow',
    }),
  },
];

export const status: Command = {
  name: 'status',
  summary: 'partition grid of an asset: materialized, missing, failing checks, last runs',
  help: HELP,
  async run(argv: readonly string[], io: CliIo) {
    const { values: v, positionals, tokens } = parseCommand({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true, tokens: true });
    if (v.help) return done(io, HELP);
    noMorePositionals(positionals, 1);
    if (!positionals[0]) throw new UsageError('status needs an asset (see pnpm etl list)');
    const s = setup(io);
    const def = s.graph.get(positionals[0]);
    const now = s.now();
    const keys = selectedKeys(def, v.from, v.to, now);
    const statuses = await withHistory(s, async (h) =>
      partitionStatuses(
        keys,
        await partitionsOf(h.pool, h.s, def.key, keys),
        await checksOf(h.pool, h.s, def.key, keys),
        await lastRunsOf(h.pool, h.s, def.key, keys),
      ),
    );
    const summary = summarize(statuses);
    if (v.json) return done(io, toJson({ asset: def.key, partitions: statuses, summary }));
    const color = colorWanted(tokens, io.env, io.stdoutTTY);
    const zone = s.config.ETL_TIMEZONE;
    const range = keys[0] === null ? '' : `  ${keys[0]}..${keys.at(-1)}`;
    const lines = [`${paint(def.key, 'bold', color)}  ${describePartitions(def.partitions)}${range}  (times in ${zone})`, ''];
    if (io.stdoutTTY && !v.table) {
      lines.push(...renderGrid(statuses, { color }));
      const attention = statuses.filter((x) => x.state !== 'ok' && x.state !== 'missing');
      if (attention.length > 0) lines.push('', ...renderTable(columns(zone, now), attention, { color }));
    } else {
      lines.push(...renderTable(columns(zone, now), statuses, { color }));
    }
    lines.push('', summaryLine(summary));
    io.out(lines.join('\n'));
    return 0;
  },
};
