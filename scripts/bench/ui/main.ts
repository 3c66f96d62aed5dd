/**
 * Web UI benchmark (issue 13): every page's server time through app.request() on the real app,
 * against Postgres (1,000,000 parses) and embedded ClickHouse (10,000,000 events_raw rows),
 * beside the time of the page's own queries in the same request (the ceiling).
 *
 *   pnpm bench:ui [--quick] [--requests N] [--regenerate] [--no-docs] [--help]
 *
 * Progress on stderr; a table and, as the very last line, one JSON object on stdout; the result
 * is appended to docs/benchmarks.md. The Postgres schema is dropped at the end, also on error or
 * Ctrl-C; the ClickHouse dataset is kept for the next run.
 */
import type { ClickHouse } from '../../../core/src/clickhouse/index';
import { runCli } from '../common/args';
import { exitSoon, publishResult } from '../common/result';
import { inTestContext } from '../common/run';
import { SPEC, USAGE, type Args } from './args';
import { measure } from './measure';
import { markdown } from './report';

async function main(args: Args): Promise<number> {
  let ch: ClickHouse | null = null;
  const outcome = await inTestContext({
    benchmark: 'ui',
    poolMax: 20,
    began: performance.now(),
    abort: () => undefined,
    stop: async () => {
      await ch?.close();
    },
    measure: (t) => measure(t, args, (opened) => (ch = opened)),
  });
  if (outcome.kind === 'failed') return outcome.code;
  const r = outcome.result;
  publishResult(markdown({ mode: r.mode, machine: r.machine, data: r.data, results: r.pages, requests: r.requests }), args.docs, (docs) => ({
    bench: 'ui',
    ...r,
    docs,
  }));
  return r.pass ? 0 : 1;
}

exitSoon(await runCli({ usage: USAGE, spec: SPEC, run: main }));
