/**
 * Backbone benchmark: append → Relay → Consumer (effect + checkpoint in one transaction), measured
 * against raw Postgres and raw RabbitMQ ceilings on the same machine in the same run.
 *
 *   pnpm bench:backbone [--quick] [--strict] [--no-docs] [--help]
 *
 * Like in production, the appenders, the Relay and the Consumer are separate processes (this file
 * re-runs itself with BENCH_ROLE=relay|consumer, driven over IPC); `--in-process` runs them all in
 * one event loop instead. Everything uses an isolated Postgres schema and AMQP prefix
 * (createTestContext) that is removed at the end, also after an error or Ctrl-C. Progress goes to
 * stderr; a summary and, as the very last line, one JSON object go to stdout; the result is
 * appended to docs/benchmarks.md.
 */
import type { TestContext } from '../../../core/src/testing/context';
import { initTracing } from '../../../core/src/observability/tracing';
import { machineInfo } from '../../../core/src/bench/report';
import { runCli } from '../common/args';
import { newPool, type Pool } from '../common/pg';
import { progress } from '../common/progress';
import { exitSoon, publishResult, runDate } from '../common/result';
import { inTestContext } from '../common/run';
import { settingsFor, SPEC, USAGE, type Args, type Settings } from './args';
import { LoopDelay } from './figures';
import { measure, services } from './measure';
import { appendGate } from './pipeline';
import { markdown } from './report';
import type { RoleInit } from './relay-role';
import { childRole, inProcessRole, roleMain, type RoleHandle } from './rpc';
import { prepareSchema } from './setup';

/** What a run started, for the clean-up: the role processes and the probe's pool. */
interface Started {
  roles: RoleHandle[];
  probePool: Pool | null;
}

async function run(t: TestContext, s: Settings, inProcess: boolean, started: Started) {
  const date = runDate();
  const m = machineInfo();
  const svc = await services(t);
  progress(
    `machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB; load ${m.loadAverageAtStart.join(' ')}; commit ${m.commit}; ${s.mode} run, ${s.topology}`,
  );
  progress(`schema ${t.schema}, AMQP prefix ${t.prefix}`);
  const probePool = (started.probePool = newPool(1, 'bench-probe'));
  const effects = await prepareSchema(t, s);
  const init: RoleInit = { schema: t.schema, prefix: t.prefix, settings: s };
  const spawn = inProcess ? inProcessRole : childRole;
  // The consumer declares its queue and binding first, so nothing the relay publishes is unroutable.
  const consumer = spawn('consumer');
  started.roles.push(consumer);
  await consumer.call('start', init);
  const relay = spawn('relay');
  started.roles.push(relay);
  await relay.call('start', init);
  progress(`relay (pid ${relay.pid}) is the leader; consumer (pid ${consumer.pid}) is consuming; appenders pid ${process.pid}`);
  return measure({ t, s, relay, consumer, probePool, loop: new LoopDelay(), effects }, date, m, svc);
}

async function main(args: Args): Promise<number> {
  const s = settingsFor(args);
  initTracing({ serviceName: 'bench-append', enabled: false });
  // The context's pool (the appenders') names itself for the pg_stat_activity probe.
  process.env.PGAPPNAME = 'bench-append';
  const started: Started = { roles: [], probePool: null };
  const outcome = await inTestContext({
    benchmark: 'backbone',
    poolMax: s.appenderPoolMax,
    began: performance.now(),
    abort: () => void (appendGate.stopped = true),
    stop: async () => {
      await appendGate.stop();
      await Promise.allSettled(started.roles.map((r) => r.call('stop')));
      for (const r of started.roles) r.kill();
      await started.probePool?.end().catch(() => undefined);
    },
    measure: (t) => run(t, s, args.inProcess, started),
    onFailure: (t) => {
      if (t.logs.length) progress(`log:\n${t.logs.slice(-20).join('\n')}`);
    },
  });
  if (outcome.kind === 'failed') return outcome.code;
  const result = outcome.result;
  publishResult(markdown(result), args.docs, (docs) => ({ ok: true, ...result, docs }));
  return args.strict && !result.pass.all ? 1 : 0;
}

const role = process.env.BENCH_ROLE;
if (role === 'relay' || role === 'consumer') await roleMain(role);
else exitSoon(await runCli({ usage: USAGE, spec: SPEC, run: main }));
