import { listRuns, type RunRow } from '../../framework';
import { COMMON_HELP, COMMON_OPTIONS, noMorePositionals, parseCommand, positiveInt, UsageError } from '../args';
import { statusCell } from '../execute';
import { whyOf } from '../format/run-report';
import { renderTable } from '../format/table';
import { formatDuration, formatTime } from '../format/time';
import type { CliIo } from '../io';
import { setup, withHistory } from '../session';
import { colorWanted, toJson } from '../terminal';
import { done, type Command } from './command';

const STATUSES: ReadonlyArray<RunRow['status']> = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];

const HELP = `Usage: pnpm etl runs [--failed | --status S] [--asset A] [--limit N] [--json]

The latest runs, newest first: id, assets, partition, status, attempt, why (reason and who or
what asked), when created, how long it took and why it failed.

Options:
      --failed       only failed runs (= --status failed)
      --status S     only runs in status S: ${STATUSES.join(', ')}
      --asset A      only runs that include asset A
      --limit N      at most N runs (default 20)
${COMMON_HELP}`;

const OPTIONS = { ...COMMON_OPTIONS, failed: { type: 'boolean' }, status: { type: 'string' }, asset: { type: 'string' }, limit: { type: 'string' } } as const;

const isStatus = (s: string): s is RunRow['status'] => (STATUSES as readonly string[]).includes(s);

export function statusFilter(v: { failed?: boolean | undefined; status?: string | undefined }): RunRow['status'] | undefined {
  if (v.failed && v.status !== undefined) throw new UsageError('give --failed or --status, not both');
  if (v.failed) return 'failed';
  if (v.status === undefined) return undefined;
  if (!isStatus(v.status)) throw new UsageError(`--status must be one of ${STATUSES.join(', ')}, got ${JSON.stringify(v.status)}`);
  return v.status;
}

export const runs: Command = {
  name: 'runs',
  summary: 'the latest runs (filter by status or asset)',
  help: HELP,
  async run(argv: readonly string[], io: CliIo) {
    const { values: v, positionals, tokens } = parseCommand({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true, tokens: true });
    if (v.help) return done(io, HELP);
    noMorePositionals(positionals, 0);
    const status = statusFilter(v);
    const limit = positiveInt('--limit', v.limit, 20, 10_000);
    const s = setup(io);
    if (v.asset !== undefined) s.graph.get(v.asset);
    const rows = await withHistory(s, (h) => listRuns(h.pool, h.s, { ...(status ? { status } : {}), ...(v.asset ? { asset: v.asset } : {}), limit }));
    if (v.json) return done(io, toJson({ runs: rows }));
    if (rows.length === 0) return done(io, 'no runs');
    const zone = s.config.ETL_TIMEZONE;
    const now = s.now();
    const lines = renderTable(
      [
        { header: 'RUN', cell: (r: RunRow) => r.runId },
        { header: 'ASSETS', max: 40, cell: (r) => r.assets.join(',') },
        { header: 'PARTITION', cell: (r) => r.partition ?? '-' },
        { header: 'STATUS', cell: (r) => statusCell(r.status) },
        { header: 'ATTEMPT', align: 'right', cell: (r) => `${r.attempt}/${r.maxAttempts}` },
        { header: 'REASON', max: 48, cell: (r) => whyOf(r) },
        { header: 'CREATED', cell: (r) => formatTime(r.createdAt, zone, now) },
        {
          header: 'DURATION',
          align: 'right',
          cell: (r) => formatDuration(r.durationMs ?? (r.status === 'running' && r.startedAt ? now.getTime() - r.startedAt.getTime() : null)),
        },
        { header: 'FAILURE', max: 120, cell: (r) => (r.failure ? { text: `${r.failure.code}: ${r.failure.message}`, style: 'red' } : '') },
      ],
      rows,
      { color: colorWanted(tokens, io.env, io.stdoutTTY) },
    );
    lines.push(
      '',
      `${rows.length} run${rows.length === 1 ? '' : 's'}${rows.length === limit ? ` (the latest ${limit}; --limit N for more)` : ''}, times in ${zone}`,
    );
    io.out(lines.join('\n'));
    return 0;
  },
};
