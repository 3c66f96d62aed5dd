/**
 * Model hot-swap benchmark (issue 12): the real inference service as a child process, under a
 * steady open-loop load on POST /v1/parse and on its worker, first without swaps, then while
 * ModelPromoted goes back and forth between two versions of a scratch registry.
 *
 *   pnpm bench:models [--quick] [--strict] [--no-docs] [--help]
 *
 * Everything runs in an isolated Postgres schema and AMQP prefix (createTestContext) and a scratch
 * registry folder, all removed at the end, also after an error or Ctrl-C; the children are always
 * stopped. Progress goes to stderr; a summary and, as the very last line, one JSON object go to
 * stdout; the result is appended to docs/benchmarks.md.
 */
import { runCli, usageError } from '../common/args';
import { progress } from '../common/progress';
import { exitSoon, publishResult } from '../common/result';
import { inTestContext } from '../common/run';
import { Services } from '../common/services';
import { settingsFor, SPEC, USAGE, type Args } from './args';
import { measure } from './measure';
import { removeRegistry } from './registry';
import { markdown } from './report';

async function main(args: Args): Promise<number> {
  const s = settingsFor(args);
  const services = new Services();
  let registryDir: string | null = null;
  const outcome = await inTestContext({
    benchmark: 'models',
    poolMax: 20,
    began: performance.now(),
    abort: () => undefined,
    stop: async () => {
      await services.stop('relay').catch(() => undefined);
      await services.stop('inference').catch(() => undefined);
    },
    measure: (t) => measure(t, s, services, (dir) => (registryDir = dir)),
    onFailure: () => {
      const lines = services.warnings('inference', 'relay');
      if (lines.length) progress(`service warnings/errors:\n${lines.slice(-15).join('\n')}`);
    },
    afterCleanup: async () => {
      if (registryDir) removeRegistry(registryDir);
    },
  });
  if (outcome.kind === 'failed') return outcome.code;
  const result = outcome.result;
  publishResult(markdown(result), args.docs, (docs) => ({ ok: !result.verdict.failed, ...result, pass: result.verdict.pass.all, docs }));
  // Lost work or a promotion not served fails the run; a missed ratio only with --strict.
  if (result.verdict.failed) return 1;
  return args.strict && !result.verdict.pass.all ? 1 : 0;
}

exitSoon(
  await runCli({
    usage: USAGE,
    spec: SPEC,
    check: (a) => {
      if (a.raw === '') throw usageError('--raw needs a file name');
    },
    run: main,
  }),
);
