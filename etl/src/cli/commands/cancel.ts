import { cancelRun, type CancelOutcome } from '../../framework';
import { COMMON_HELP, COMMON_OPTIONS, noMorePositionals, parseCommand, runIdArg } from '../args';
import type { CliIo } from '../io';
import { setup, withHistory } from '../session';
import { toJson } from '../terminal';
import { cliOrigin } from '../user';
import { done, type Command } from './command';

const HELP = `Usage: pnpm etl cancel <id> [--json]

Asks to cancel a run, as cli:<user>. A queued run is cancelled at once; a running one is stopped
by the executor running it at its next look (within ETL_POLL_MS), its step aborted. A run that
already finished is left as it is (exit status 1).

Options:
${COMMON_HELP}`;

export const cancel: Command = {
  name: 'cancel',
  summary: 'ask to cancel a queued or running run',
  help: HELP,
  async run(argv: readonly string[], io: CliIo) {
    const { values: v, positionals } = parseCommand({ args: [...argv], options: COMMON_OPTIONS, allowPositionals: true, strict: true, tokens: true });
    if (v.help) return done(io, HELP);
    noMorePositionals(positionals, 1);
    const runId = runIdArg(positionals[0], 'cancel');
    const s = setup(io);
    const by = cliOrigin(io.env);
    const { outcome, status } = await withHistory(s, async (h) => {
      const r = await cancelRun(h, runId, by);
      if (!r) throw new Error(`no run ${runId} (pnpm etl runs lists them)`);
      return r;
    });
    const code = outcome === 'finished' ? 1 : 0;
    if (v.json) {
      io.out(toJson({ runId, outcome, status, by }));
      return code;
    }
    const say: Record<CancelOutcome, string> = {
      cancelled: `run ${runId} cancelled (it was queued)`,
      'cancel-requested': `cancel of run ${runId} requested by ${by}: the executor running it stops it shortly (pnpm etl run ${runId})`,
      'already-requested': `run ${runId} is ${status}${status === 'cancelled' ? '' : ', its cancel already requested'}`,
      finished: `run ${runId} already ${status}: nothing to cancel`,
    };
    if (code === 0) io.out(say[outcome]);
    else io.err(`etl cancel: ${say[outcome]}`);
    return code;
  },
};
