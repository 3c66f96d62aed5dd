import { executeRuns, type EtlHistory, type RunRow } from '../framework';
import type { EtlResources } from '../resources';
import { renderTable } from './format/table';
import { formatDuration, formatTime } from './format/time';
import type { CliIo } from './io';
import { ProgressReporter } from './progress-reporter';
import { runningSteps } from './queries';
import type { Setup } from './session';
import { clean, toJson } from './terminal';
import { RUN_STYLE } from './format/run-report';

export const statusCell = (s: RunRow['status']) => ({ text: s, style: RUN_STYLE[s] });

/**
 * Executes the runs in this process with a progress bar on stderr, competing fairly with any ETL
 * service (whoever claims a run executes it). Ctrl-C stops waiting: what is left is retried or
 * run by the service. Resolves to the runs as they ended, and whether the wait was interrupted.
 */
export async function executeWithProgress(
  o: { io: CliIo; setup: Setup; history: EtlHistory; resources: EtlResources; concurrency: number; color: boolean },
  runIds: readonly string[],
): Promise<{ runs: RunRow[]; interrupted: boolean }> {
  const progress = new ProgressReporter(o.io, o.setup.stderr, runIds.length, o.color);
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let looking = false;
  const lookAtSteps = (runs: readonly RunRow[]) => {
    if (looking) return;
    looking = true;
    runningSteps(
      o.history.pool,
      o.history.s,
      runs.filter((r) => r.status === 'running').map((r) => r.runId),
    )
      .then((steps) => progress.steps(steps))
      .catch(() => undefined)
      .finally(() => (looking = false));
  };
  try {
    const runs = await executeRuns(
      {
        history: o.history,
        graph: o.setup.graph,
        resources: o.resources,
        log: o.setup.log,
        concurrency: o.concurrency,
        pollMs: 200,
        onProgress: (rs) => {
          progress.update(rs);
          lookAtSteps(rs);
        },
      },
      runIds,
      stop.signal,
    );
    progress.update(runs);
    return { runs, interrupted: stop.signal.aborted };
  } finally {
    progress.finish();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** The outcome of each run, a summary line; exit status 1 unless every run succeeded (130 when interrupted). */
export function reportOutcome(io: CliIo, s: Setup, result: { runs: readonly RunRow[]; interrupted: boolean }, opts: { json: boolean; color: boolean }): number {
  const { runs, interrupted } = result;
  const ok = runs.filter((r) => r.status === 'succeeded').length;
  const code = interrupted ? 130 : ok === runs.length ? 0 : 1;
  if (opts.json) {
    io.out(toJson({ runs, succeeded: ok, failed: runs.length - ok, interrupted }));
    return code;
  }
  const zone = s.config.ETL_TIMEZONE;
  const now = s.now();
  const lines = renderTable(
    [
      { header: 'RUN', cell: (r: RunRow) => r.runId },
      { header: 'ASSETS', max: 40, cell: (r) => r.assets.join(',') },
      { header: 'PARTITION', cell: (r) => r.partition ?? '-' },
      { header: 'STATUS', cell: (r) => statusCell(r.status) },
      { header: 'ATTEMPT', align: 'right', cell: (r) => `${r.attempt}/${r.maxAttempts}` },
      { header: 'FINISHED', cell: (r) => formatTime(r.finishedAt, zone, now) },
      { header: 'DURATION', align: 'right', cell: (r) => formatDuration(r.durationMs) },
      { header: 'FAILURE', cell: (r) => (r.failure ? { text: `${r.failure.code}: ${r.failure.message}`, style: 'red' } : '') },
    ],
    runs,
    { color: opts.color },
  );
  const by = (st: RunRow['status']) => runs.filter((r) => r.status === st).length;
  const counts = (['succeeded', 'failed', 'cancelled', 'running', 'queued'] as const).filter((st) => by(st) > 0).map((st) => `${by(st)} ${st}`);
  lines.push('', `${runs.length} run${runs.length === 1 ? '' : 's'}: ${counts.join(', ')}`);
  if (interrupted) lines.push(clean('interrupted: the runs not finished are left to the ETL service (pnpm etl cancel <id> stops one)'));
  io.out(lines.join('\n'));
  return code;
}
