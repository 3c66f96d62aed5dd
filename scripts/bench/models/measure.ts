import { writeFileSync } from 'node:fs';
import type { TestContext } from '../../../core/src/testing/context';
import { machineInfo } from '../../../core/src/bench/report';
import { cpuDelta, cpuSnapshot } from '../../../core/src/bench/cpu';
import { MemSampler } from '../common/memory';
import { progress, sleep } from '../common/progress';
import { runDate } from '../common/result';
import type { Services } from '../common/services';
import type { Settings } from './args';
import { analyse, serviceSwaps, type Marks } from './figures';
import { httpLoad, servedVersion } from './http';
import { promote, scratchRegistry, type ScratchRegistry } from './registry';
import { startServices } from './start';
import type { Promotion } from './switches';
import { setZones, workerLoad } from './worker';

/** One bench:models run: services up on a scratch registry, the load through warm-up, steady and swap phases. */
export type Result = Awaited<ReturnType<typeof measure>>;

const sleepUntil = (at: number) => sleep(Math.max(0, at - performance.now()));

interface Phases {
  marks: Marks;
  promotions: Promotion[];
  cpu: { steady: ReturnType<typeof cpuDelta>; swaps: ReturnType<typeof cpuDelta> };
}

/** Warm-up, steady, swaps under the running load: when each began, the promotions made, the CPU of each phase. */
async function runPhases(
  o: { t: TestContext; s: Settings; services: Services; reg: ScratchRegistry; pids: Record<number, string> },
  counts: () => string,
): Promise<Phases> {
  const { t, s, reg } = o;
  const guard = <T>(p: Promise<T>) => o.services.guard(p);
  const marks: Marks = { warmUp: performance.now(), steady: 0, swaps: 0, end: 0 };
  progress(`load: POST /v1/parse ${s.httpRate}/s and ${s.workerRate} messages/s; warm-up ${s.warmUpSeconds} s`);
  await guard(sleepUntil(marks.warmUp + s.warmUpSeconds * 1000));

  marks.steady = performance.now();
  const cpu0 = cpuSnapshot(o.pids);
  progress(`steady: ${s.steadySeconds} s without swaps`);
  await guard(sleepUntil(marks.steady + s.steadySeconds * 1000));

  marks.swaps = performance.now();
  const cpu1 = cpuSnapshot(o.pids);
  progress(`swaps: ${s.swaps} promotions, one every ${s.swapEverySeconds} s`);
  const promotions: Promotion[] = [];
  for (let i = 0; i < s.swaps; i++) {
    await guard(sleepUntil(marks.swaps + i * s.swapEverySeconds * 1000));
    // Back and forth: b, a, b, … (the service starts on a).
    const version = reg.versions[(i + 1) % 2]!;
    promotions.push({ at: performance.now(), version });
    await guard(promote(t, version, reg.dir, i + 1));
    progress(`promotion ${i + 1}/${s.swaps}: ${version}; ${counts()} so far`);
  }
  await guard(sleepUntil(marks.swaps + s.swaps * s.swapEverySeconds * 1000));
  marks.end = performance.now();
  return { marks, promotions, cpu: { steady: cpuDelta(cpu0, cpu1), swaps: cpuDelta(cpu1, cpuSnapshot(o.pids)) } };
}

/** What makes the figures doubtful without failing the run. */
function warningsOf(o: {
  bad: string[];
  unknownOutcomes: number;
  last: string | null;
  promoted: string | undefined;
  infCode: number | null;
  cpu: Phases['cpu'];
}) {
  const warnings: string[] = [];
  if (o.bad.length) warnings.push(`${o.bad.length} warning/error log lines from the services (first: ${o.bad[0]!.slice(0, 200)})`);
  if (o.unknownOutcomes) warnings.push(`${o.unknownOutcomes} outcomes of messages this run did not send`);
  if (o.last !== o.promoted) warnings.push(`after the run the API served ${o.last}, not ${o.promoted}`);
  if (o.infCode !== 0) warnings.push(`the inference service exited with ${o.infCode} on SIGTERM`);
  const other = Math.max(o.cpu.steady?.other ?? 0, o.cpu.swaps?.other ?? 0);
  if (other >= 20) warnings.push(`processes outside the bench and its services used up to ${other}% of a core during a phase: figures are disturbed`);
  return warnings;
}

/** `registry` receives the scratch registry's folder as soon as it exists, so a failed run still removes it. */
export async function measure(t: TestContext, s: Settings, services: Services, registry: (dir: string) => void) {
  const date = runDate();
  const machine = machineInfo();
  progress(`machine: ${machine.cpuModel}, ${machine.cores} cores; load ${machine.loadAverageAtStart.join(' ')}; commit ${machine.commit}; ${s.mode} run`);
  progress(`schema ${t.schema}, AMQP prefix ${t.prefix}`);
  const reg = scratchRegistry();
  registry(reg.dir);
  progress(`scratch registry ${reg.dir}: ${reg.versions.join(', ')} (copies of ${reg.source})`);
  await setZones(t, s.chats);

  progress('starting the inference service and a relay');
  const svc = await startServices(t, services, reg.dir);
  const url = `http://127.0.0.1:${svc.port}/v1/parse`;
  const first = await services.guard(servedVersion(url, svc.apiKey));
  if (first !== reg.versions[0])
    throw new Error(`the service serves ${first}, not the scratch registry's ${reg.versions[0]}: it did not read MODEL_REGISTRY_DIR`);
  progress(`inference (pid ${svc.inference.proc.pid}) ready after ${svc.startSeconds} s, serving ${first}; API on 127.0.0.1:${svc.port}`);

  // Every 50 ms; no process-tree walk (it would read all of /proc 20 times a second).
  const rss = new MemSampler(svc.inference.proc.pid!, s.rssSampleMs, false).start();
  const pids: Record<number, string> = { [svc.inference.proc.pid!]: 'inference', [svc.relay.proc.pid!]: 'relay', [process.pid]: 'bench' };
  const http = httpLoad({ url, apiKey: svc.apiKey, rate: s.httpRate, seed: s.seed, timeoutMs: s.httpTimeoutMs });
  const worker = await workerLoad({ t, rate: s.workerRate, chats: s.chats, seed: s.seed + 1 });
  const { marks, promotions, cpu } = await runPhases(
    { t, s, services, reg, pids },
    () => `${http.records.length} requests, ${worker.records().length} messages`,
  );

  progress('stopping the load; waiting for the last answers');
  const [httpRecords, messages] = await services.guard(Promise.all([http.stop(), worker.stop(s.drainMs)]));
  rss.stop();
  const last = await servedVersion(url, svc.apiKey);
  const bad = services.warnings('inference', 'relay');
  const relayCode = await services.stop('relay');
  const infCode = await services.stop('inference');
  progress(`services stopped (inference exit ${infCode}, relay exit ${relayCode})`);

  const analysis = analyse({ s, marks, http: httpRecords, messages, promotions, rss: rss.samples, versions: reg.versions });
  if (s.raw) {
    const serviceLog = svc.inference.lines.filter((l) => l.includes('model'));
    writeFileSync(s.raw, JSON.stringify({ marks, promotions, http: httpRecords, messages, rss: rss.samples, serviceLog }));
    progress(`raw records written to ${s.raw}`);
  }
  return {
    benchmark: 'models',
    date,
    mode: s.mode,
    machine,
    model: { source: reg.source, versions: reg.versions },
    config: { prefetch: svc.config.CONSUMER_PREFETCH, batchSize: svc.config.CONSUMER_BATCH_SIZE, relayPollMs: svc.config.RELAY_POLL_MS },
    settings: s,
    startSeconds: svc.startSeconds,
    ...analysis,
    serviceSwaps: serviceSwaps(svc.inference.lines),
    cpu,
    warnings: warningsOf({ bad, unknownOutcomes: worker.unknownOutcomes, last, promoted: promotions.at(-1)?.version, infCode, cpu }),
  };
}
