/**
 * Inference benchmark: the real inference service (inference/src/main.ts) as a child process,
 * fed MessageReceived events through a real relay (core/src/bin/relay.ts, a second child), with
 * an in-process parse of the same texts as the baseline, measured in the same run.
 *
 *   pnpm bench:inference [--quick] [--strict] [--no-docs] [--help]
 *
 * Everything runs in an isolated Postgres schema and AMQP prefix (createTestContext), removed at
 * the end, also after an error or Ctrl-C; the children are always stopped. Progress goes to
 * stderr; a summary and, as the very last line, one JSON object go to stdout; the result is
 * appended to docs/benchmarks.md.
 */
import { runCli } from '../common/args';
import { inTestContext } from '../common/run';
import { exitSoon, publishResult } from '../common/result';
import { Services } from '../common/services';
import { progress } from '../common/progress';
import { settingsFor, SPEC, USAGE, type Args } from './args';
import { run } from './load';
import { measure } from './measure';
import { markdown } from './report';

async function main(args: Args): Promise<number> {
  const s = settingsFor(args);
  const services = new Services();
  const outcome = await inTestContext({
    benchmark: 'inference',
    poolMax: 20,
    began: performance.now(),
    abort: () => (run.aborted = true),
    stop: async () => {
      await services.stop('relay').catch(() => undefined);
      await services.stop('inference').catch(() => undefined);
    },
    measure: (t) => measure(t, s, services),
    onFailure: () => {
      const lines = services.warnings('inference', 'relay');
      if (lines.length) progress(`service warnings/errors:\n${lines.slice(-15).join('\n')}`);
    },
  });
  if (outcome.kind === 'failed') return outcome.code;
  const result = outcome.result;
  publishResult(markdown(result), args.docs, (docs) => ({ ok: true, ...result, docs }));
  // A run that lost, duplicated or failed messages, or whose API errored, failed.
  if (!result.pass.complete || !result.pass.http) return 1;
  return args.strict && !result.pass.all ? 1 : 0;
}

exitSoon(await runCli({ usage: USAGE, spec: SPEC, run: main }));
