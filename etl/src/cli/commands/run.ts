import { etlStreams } from '@napominalka/core';
import { getRun, stepsOf } from '../../framework';
import { asEtlEvent, type StoredEtlEvent } from '../../framework/history/etl-event';
import { COMMON_HELP, COMMON_OPTIONS, noMorePositionals, parseCommand, runIdArg } from '../args';
import { renderRunReport, runLogs } from '../format/run-report';
import type { CliIo } from '../io';
import { setup, withHistory } from '../session';
import { colorWanted, toJson } from '../terminal';
import { done, type Command } from './command';

const HELP = `Usage: pnpm etl run <id> [--json]

One run: what it is (assets, partition, why, who asked), its status and attempts, its steps
(status, timing, data version, detail), the lines its assets logged, and every event of its
stream etl-run-<id> with the time it was recorded.

Options:
${COMMON_HELP}`;

export const run: Command = {
  name: 'run',
  summary: 'one run: its steps, logs and events timeline',
  help: HELP,
  async run(argv: readonly string[], io: CliIo) {
    const { values: v, positionals, tokens } = parseCommand({ args: [...argv], options: COMMON_OPTIONS, allowPositionals: true, strict: true, tokens: true });
    if (v.help) return done(io, HELP);
    noMorePositionals(positionals, 1);
    const runId = runIdArg(positionals[0], 'run');
    const s = setup(io);
    const report = await withHistory(s, async (h) => {
      const row = await getRun(h.pool, h.s, runId);
      if (!row) return null;
      const events = (await h.store.readStream(etlStreams.run(runId))).map(asEtlEvent).filter((e): e is StoredEtlEvent => e !== null);
      return { run: row, steps: await stepsOf(h.pool, h.s, runId), events };
    });
    if (!report)
      throw new Error(
        `no run ${runId} (finished runs are deleted after ETL_RUN_RETENTION_DAYS=${s.config.ETL_RUN_RETENTION_DAYS} days; pnpm etl runs lists the kept ones)`,
      );
    if (v.json) {
      const events = report.events.map((e) => ({ position: e.globalPosition, type: e.type, recordedAt: e.recordedAt, data: e.data }));
      return done(io, toJson({ run: report.run, steps: report.steps, logs: runLogs(report.events), events }));
    }
    return done(io, renderRunReport(report, { zone: s.config.ETL_TIMEZONE, now: s.now(), color: colorWanted(tokens, io.env, io.stdoutTTY) }).join('\n'));
  },
};
