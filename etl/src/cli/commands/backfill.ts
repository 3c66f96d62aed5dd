import { partitionRange, requestBackfill } from '../../framework';
import { assetList, COMMON_HELP, COMMON_OPTIONS, noMorePositionals, parseCommand, positiveInt, UsageError } from '../args';
import type { CliIo } from '../io';
import { setup } from '../session';
import { colorWanted } from '../terminal';
import { done, type Command } from './command';
import { requestAndExecute } from './materialize';

const HELP = `Usage: pnpm etl backfill <asset>[,<asset>…] --from D --to D [--concurrency N] [--force] [--no-wait]

A backfill: one run per partition from D to D, all requested in one commit, executed at most N
at a time across every executor (this process and any ETL service). Executes them here with a
progress bar on stderr unless --no-wait, then prints how each run ended.

Options:
      --from D --to D    the range of partitions (both required)
      --concurrency N    runs of the backfill at once, everywhere (default 2)
      --force            materialize even partitions whose inputs did not change
      --no-wait          only request the backfill (the ETL service executes it)
${COMMON_HELP}

Exit status: 0 every run succeeded, 1 one did not (or the request was refused), 2 bad usage,
130 interrupted (the runs left are the service's).`;

const OPTIONS = {
  ...COMMON_OPTIONS,
  from: { type: 'string' },
  to: { type: 'string' },
  concurrency: { type: 'string' },
  force: { type: 'boolean' },
  'no-wait': { type: 'boolean' },
} as const;

export const backfill: Command = {
  name: 'backfill',
  summary: 'one run per partition of a range, N at a time, with a progress bar',
  help: HELP,
  async run(argv: readonly string[], io: CliIo) {
    const { values: v, positionals, tokens } = parseCommand({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true, tokens: true });
    if (v.help) return done(io, HELP);
    noMorePositionals(positionals, 1);
    if (v.from === undefined || v.to === undefined) throw new UsageError('backfill needs --from D and --to D');
    const concurrency = positiveInt('--concurrency', v.concurrency, 2, 64);
    const s = setup(io);
    const assets = s.graph.selection(assetList(positionals[0], 'backfill'));
    const from = v.from;
    const to = v.to;
    // Refused here, with the framework's message, before anything is opened.
    partitionRange(s.graph.get(assets[0]!).partitions, from, to, s.now());
    return requestAndExecute(
      io,
      s,
      { wait: !v['no-wait'], json: v.json === true, color: colorWanted(tokens, io.env, io.stdoutTTY), concurrency },
      async (history) => {
        const bf = await requestBackfill(history, s.graph, { assets, from, to, concurrency, force: v.force === true, now: s.now() });
        return {
          runIds: bf.runIds,
          info: { what: `backfill ${bf.backfillId}: ${assets.join(', ')} @ ${from}..${to}`, backfillId: bf.backfillId, assets, partitions: bf.partitions },
        };
      },
    );
  },
};
