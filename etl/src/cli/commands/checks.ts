import { checksOf, type CheckRow } from '../../framework';
import { COMMON_HELP, COMMON_OPTIONS, noMorePositionals, parseCommand } from '../args';
import { renderTable } from '../format/table';
import { formatTime } from '../format/time';
import type { CliIo } from '../io';
import { setup, withHistory } from '../session';
import { colorWanted, toJson } from '../terminal';
import { done, type Command } from './command';

const HELP = `Usage: pnpm etl checks [<asset>] [--failing] [--json]

The latest result of every check, per asset and partition: passed (✓) or failing (✗ error,
! warn), what it said, when, in which run. A failing error check blocks the assets downstream
of that partition until a new materialization passes it.

Options:
      --failing    only the checks failing now
${COMMON_HELP}`;

const OPTIONS = { ...COMMON_OPTIONS, failing: { type: 'boolean' } } as const;

export const resultCell = (c: Pick<CheckRow, 'passed' | 'severity'>) =>
  c.passed
    ? { text: '✓ passed', style: 'green' as const }
    : c.severity === 'error'
      ? { text: '✗ failing', style: 'red' as const }
      : { text: '! failing', style: 'yellow' as const };

export const checks: Command = {
  name: 'checks',
  summary: 'the latest result of each check per asset and partition',
  help: HELP,
  async run(argv: readonly string[], io: CliIo) {
    const { values: v, positionals, tokens } = parseCommand({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true, tokens: true });
    if (v.help) return done(io, HELP);
    noMorePositionals(positionals, 1);
    const s = setup(io);
    const asset = positionals[0] === undefined ? null : s.graph.get(positionals[0]).key;
    const rows = (await withHistory(s, (h) => checksOf(h.pool, h.s, asset))).filter((c) => !v.failing || !c.passed);
    if (v.json) return done(io, toJson({ checks: rows }));
    if (rows.length === 0) return done(io, v.failing ? 'no failing checks' : 'no check results yet');
    const zone = s.config.ETL_TIMEZONE;
    const now = s.now();
    const lines = renderTable(
      [
        { header: 'ASSET', cell: (c: CheckRow) => c.asset },
        { header: 'PARTITION', cell: (c) => c.partition ?? '-' },
        { header: 'CHECK', cell: (c) => c.check },
        { header: 'SEVERITY', cell: (c) => c.severity },
        { header: 'RESULT', cell: resultCell },
        { header: 'EVALUATED', cell: (c) => formatTime(c.evaluatedAt, zone, now) },
        { header: 'RUN', cell: (c) => c.runId },
        { header: 'DESCRIPTION', max: 160, cell: (c) => c.description },
      ],
      rows,
      { color: colorWanted(tokens, io.env, io.stdoutTTY) },
    );
    const failing = rows.filter((c) => !c.passed);
    lines.push(
      '',
      `${rows.length} result${rows.length === 1 ? '' : 's'}: ${failing.filter((c) => c.severity === 'error').length} error and ${failing.filter((c) => c.severity === 'warn').length} warn failing`,
    );
    io.out(lines.join('\n'));
    return 0;
  },
};
