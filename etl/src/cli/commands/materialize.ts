import { randomUUID } from 'node:crypto';
import { requestRun } from '../../framework';
import { assetList, COMMON_HELP, COMMON_OPTIONS, noMorePositionals, parseCommand, partitionSelection, positiveInt } from '../args';
import { executeWithProgress, reportOutcome } from '../execute';
import type { CliIo } from '../io';
import { openHistory, openResources, setup, type Setup } from '../session';
import { colorWanted, toJson } from '../terminal';
import { cliOrigin } from '../user';
import { done, type Command } from './command';
import { partitionsToRequest } from '../partition-selection';

const HELP = `Usage: pnpm etl materialize <asset>[,<asset>…] [--partition D | --from D --to D] [--force] [--no-wait]

Requests a run of the assets (with what they need from each other, upstream first) for one
partition, or one run per partition of a range, as a manual run by cli:<user>, and executes
them in this process (an ETL service running at the same time may take some: whoever claims a
run executes it) with a progress bar on stderr; then prints how each run ended. A partition
whose inputs did not change since its last materialization is skipped, unless --force.

Options:
      --partition D    the partition (a day YYYY-MM-DD for a daily asset)
      --from D --to D  every partition from D to D, a run each
      --force          materialize even when the inputs did not change
      --no-wait        only request the runs (the ETL service executes them)
      --concurrency N  runs executed at once here (default ETL_CONCURRENCY)
${COMMON_HELP}

Exit status: 0 every run succeeded, 1 one did not (or the request was refused), 2 bad usage,
130 interrupted (the runs left are the service's).`;

const OPTIONS = {
  ...COMMON_OPTIONS,
  partition: { type: 'string', short: 'p' },
  from: { type: 'string' },
  to: { type: 'string' },
  force: { type: 'boolean' },
  'no-wait': { type: 'boolean' },
  concurrency: { type: 'string' },
} as const;

/** Requests the runs and, unless told not to, executes them here; the exit status. */
export async function requestAndExecute(
  io: CliIo,
  s: Setup,
  o: { wait: boolean; json: boolean; color: boolean; concurrency: number },
  request: (history: Awaited<ReturnType<typeof openHistory>>['history']) => Promise<{ runIds: string[]; info: Record<string, unknown> }>,
): Promise<number> {
  // Open everything before asking: a ClickHouse that cannot be reached must not leave runs behind.
  const opened = o.wait ? await openResources(s) : { ...(await openHistory(s)), resources: null };
  try {
    const { runIds, info } = await request(opened.history);
    if (!o.wait || !opened.resources) {
      if (o.json) return done(io, toJson({ ...info, runIds }));
      return done(io, [...runIds, `requested ${runIds.length} run${runIds.length === 1 ? '' : 's'}; the ETL service executes them (pnpm etl runs)`].join('\n'));
    }
    if (!o.json) io.err(`executing ${runIds.length} run${runIds.length === 1 ? '' : 's'} (${String(info.what)})`);
    const result = await executeWithProgress(
      { io, setup: s, history: opened.history, resources: opened.resources, concurrency: o.concurrency, color: colorWanted([], io.env, io.stderrTTY) },
      runIds,
    );
    return reportOutcome(io, s, result, { json: o.json, color: o.color });
  } finally {
    await opened.close().catch(() => undefined);
  }
}

export const materialize: Command = {
  name: 'materialize',
  summary: 'run assets for a partition (or a range) now, here, with a progress bar',
  help: HELP,
  async run(argv: readonly string[], io: CliIo) {
    const { values: v, positionals, tokens } = parseCommand({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true, tokens: true });
    if (v.help) return done(io, HELP);
    noMorePositionals(positionals, 1);
    const s = setup(io);
    const assets = s.graph.selection(assetList(positionals[0], 'materialize'));
    const now = s.now();
    const partitions = partitionsToRequest(s.graph, assets, partitionSelection(v), now);
    const origin = cliOrigin(io.env);
    const key = `cli:${randomUUID()}`;
    const concurrency = positiveInt('--concurrency', v.concurrency, s.config.ETL_CONCURRENCY, 64);
    return requestAndExecute(
      io,
      s,
      { wait: !v['no-wait'], json: v.json === true, color: colorWanted(tokens, io.env, io.stdoutTTY), concurrency },
      async (history) => {
        const runs = await history.transaction(async (w) => {
          const out: Array<{ runId: string; partition: string | null }> = [];
          for (const p of partitions)
            out.push({
              runId: (await requestRun(w, s.graph, { assets, partition: p, reason: 'manual', origin, key, force: v.force === true }, now)).runId,
              partition: p,
            });
          return out;
        });
        const what = `${assets.join(', ')}${partitions[0] === null ? '' : partitions.length === 1 ? ` @ ${partitions[0]}` : ` @ ${partitions[0]}..${partitions.at(-1)}`}`;
        return { runIds: runs.map((r) => r.runId), info: { what, assets, origin, partitions } };
      },
    );
  },
};
