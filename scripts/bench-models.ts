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
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestContext, trackQueues, type TestContext } from '../core/src/testing/context';
import { runTs, stopChild, type Child } from '../core/src/testing/child';
import { freePort } from '../core/src/testing/free-port';
import { names, retryDelays } from '../core/src/bus/topology';
import { loadConfig } from '../core/src/config';
import { appendBenchmarkSection, machineInfo } from '../core/src/bench/report';
import { dropSchemaRetrying, exitOnInterrupt } from '../core/src/bench/teardown';
import { cpuDelta, cpuSnapshot } from '../core/src/bench/cpu';
import { promoteModel, readRegistry, writeRegistry } from '../core/src/models/index';
import { MODELS_DIR } from '../inference/src/model/registry';
import { parseArgs, round, USAGE, UsageError, type Settings } from './bench-models-lib';
import { httpLoad, sampleRss, SENT_AT, setZones, workerLoad } from './bench-models-load';
import { analyse, markdown, serviceSwaps, type Marks } from './bench-models-report';

const progress = (msg: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
const sleepUntil = (at: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, at - performance.now())));

/** The committed model copied under two versions (only card.json's "version" differs), in a scratch registry. */
function scratchRegistry(): { dir: string; source: string; versions: [string, string] } {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-models-'));
  const source = readRegistry(MODELS_DIR).current;
  const versions: [string, string] = [`${source}-a`, `${source}-b`];
  for (const v of versions) {
    cpSync(path.join(MODELS_DIR, source), path.join(dir, v), { recursive: true });
    const card = path.join(dir, v, 'card.json');
    writeFileSync(card, JSON.stringify({ ...JSON.parse(readFileSync(card, 'utf8')), version: v }, null, 1));
  }
  writeRegistry(dir, { current: versions[0], versions });
  return { dir, source, versions };
}

interface World {
  inference: Child | null;
  relay: Child | null;
  registryDir: string | null;
}

/** Through the registry's own path (ModelPromoted to stream `models`, previous = the active version). */
async function promote(t: TestContext, version: string, registryDir: string, n: number): Promise<void> {
  await promoteModel(
    t.store,
    { version, actor: 'cli:bench-models', reason: 'manual', note: `bench:models swap ${n}` },
    { registryDir, correlationId: `bench-models:${n}:${version}` },
  );
}

async function startServices(t: TestContext, w: World, registryDir: string) {
  const config = loadConfig({});
  const n = names(t.prefix);
  for (const c of ['inference']) {
    trackQueues(t.prefix, n.queue(c), n.parked(c), ...retryDelays(config.CONSUMER_MAX_ATTEMPTS, config.CONSUMER_RETRY_BASE_MS).map((d) => n.retry(c, d)));
  }
  const port = await freePort();
  const apiKey = randomBytes(18).toString('base64url');
  const env = { ...t.env, LOG_LEVEL: 'info', HTTP_HOST: '127.0.0.1', HTTP_PORT: '0', OTEL_ENABLED: 'false', LLM_ENABLED: 'false' };
  const started = performance.now();
  w.relay = runTs('core/src/bin/relay.ts', { ...env, SERVICE_NAME: 'bench-relay' });
  w.inference = runTs('inference/src/main.ts', {
    ...env,
    SERVICE_NAME: 'bench-inference',
    INFERENCE_HOST: '127.0.0.1',
    INFERENCE_PORT: String(port),
    INFERENCE_API_KEYS: apiKey,
    MODEL_REGISTRY_DIR: registryDir,
  });
  const exited = (c: Child, name: string) =>
    new Promise<never>((_, reject) =>
      c.proc.once('exit', (code, sig) => reject(new Error(`${name} exited (code ${code}, signal ${sig}); last output:\n${c.lines.slice(-10).join('\n')}`))),
    );
  const died = Promise.race([exited(w.inference, 'the inference service'), exited(w.relay, 'the relay')]);
  died.catch(() => undefined);
  const guard = <T>(p: Promise<T>) => Promise.race([p, died]);
  const line = await guard(w.inference.waitFor(/"msg":"inference started"/, 90_000));
  const opsPort = Number(/"opsPort":(\d+)/.exec(line)?.[1]);
  const ready = await fetch(`http://127.0.0.1:${opsPort}/readyz`).then((r) => r.status);
  if (ready !== 200) throw new Error(`inference /readyz answered ${ready}`);
  await guard(w.relay.waitFor(/relay is the leader/, 30_000));
  return { port, apiKey, guard, startSeconds: round((performance.now() - started) / 1000, 1), config };
}

/** The version the API serves now (one request). */
async function servedVersion(url: string, apiKey: string): Promise<string | null> {
  const res = await fetch(url, {
    method: 'POST',
    body: JSON.stringify({ text: 'hi', timezone: 'Europe/Moscow', now: SENT_AT }),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
  });
  return ((await res.json()) as { modelVersion?: string }).modelVersion ?? null;
}

async function measure(t: TestContext, s: Settings, w: World) {
  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const machine = machineInfo();
  progress(`machine: ${machine.cpuModel}, ${machine.cores} cores; load ${machine.loadAverageAtStart.join(' ')}; commit ${machine.commit}; ${s.mode} run`);
  progress(`schema ${t.schema}, AMQP prefix ${t.prefix}`);
  const reg = scratchRegistry();
  w.registryDir = reg.dir;
  const [a, b] = reg.versions;
  progress(`scratch registry ${reg.dir}: ${a}, ${b} (copies of ${reg.source})`);
  await setZones(t, s.chats);

  progress('starting the inference service and a relay');
  const svc = await startServices(t, w, reg.dir);
  const inf = w.inference!;
  const url = `http://127.0.0.1:${svc.port}/v1/parse`;
  const first = await svc.guard(servedVersion(url, svc.apiKey));
  if (first !== a) throw new Error(`the service serves ${first}, not the scratch registry's ${a}: it did not read MODEL_REGISTRY_DIR`);
  progress(`inference (pid ${inf.proc.pid}) ready after ${svc.startSeconds} s, serving ${first}; API on 127.0.0.1:${svc.port}`);

  const rss = sampleRss(inf.proc.pid!, s.rssSampleMs);
  const pids: Record<number, string> = { [inf.proc.pid!]: 'inference', [w.relay!.proc.pid!]: 'relay', [process.pid]: 'bench' };
  const http = httpLoad({ url, apiKey: svc.apiKey, rate: s.httpRate, seed: s.seed, timeoutMs: s.httpTimeoutMs });
  const worker = await workerLoad({ t, rate: s.workerRate, chats: s.chats, seed: s.seed + 1, say: progress });
  const marks: Marks = { warmUp: performance.now(), steady: 0, swaps: 0, end: 0 };
  progress(`load: POST /v1/parse ${s.httpRate}/s and ${s.workerRate} messages/s; warm-up ${s.warmUpSeconds} s`);
  await svc.guard(sleepUntil(marks.warmUp + s.warmUpSeconds * 1000));

  marks.steady = performance.now();
  const cpu0 = cpuSnapshot(pids);
  progress(`steady: ${s.steadySeconds} s without swaps`);
  await svc.guard(sleepUntil(marks.steady + s.steadySeconds * 1000));

  marks.swaps = performance.now();
  const cpu1 = cpuSnapshot(pids);
  progress(`swaps: ${s.swaps} promotions, one every ${s.swapEverySeconds} s`);
  const promotions: Array<{ at: number; version: string }> = [];
  for (let i = 0; i < s.swaps; i++) {
    await svc.guard(sleepUntil(marks.swaps + i * s.swapEverySeconds * 1000));
    const version = i % 2 === 0 ? b : a;
    promotions.push({ at: performance.now(), version });
    await svc.guard(promote(t, version, reg.dir, i + 1));
    progress(`promotion ${i + 1}/${s.swaps}: ${version}; ${http.records.length} requests, ${worker.records().length} messages so far`);
  }
  await svc.guard(sleepUntil(marks.swaps + s.swaps * s.swapEverySeconds * 1000));
  marks.end = performance.now();
  const cpu2 = cpuSnapshot(pids);

  progress('stopping the load; waiting for the last answers');
  const [httpRecords, messages] = await svc.guard(Promise.all([http.stop(), worker.stop(s.drainMs)]));
  rss.stop();
  const last = await servedVersion(url, svc.apiKey);
  const logs = [...inf.lines, ...w.relay!.lines];
  const relayCode = await stopChild(w.relay, 'relay', progress);
  const infCode = await stopChild(w.inference, 'inference', progress);
  progress(`services stopped (inference exit ${infCode}, relay exit ${relayCode})`);

  const analysis = analyse({ s, marks, http: httpRecords, messages, promotions, rss: rss.samples, versions: reg.versions });
  if (s.raw) {
    writeFileSync(
      s.raw,
      JSON.stringify({ marks, promotions, http: httpRecords, messages, rss: rss.samples, serviceLog: inf.lines.filter((l) => l.includes('model')) }),
    );
    progress(`raw records written to ${s.raw}`);
  }
  const warnings: string[] = [];
  const bad = logs.filter((l) => /"level":(40|50|60)/.test(l));
  if (bad.length) warnings.push(`${bad.length} warning/error log lines from the services (first: ${bad[0]!.slice(0, 200)})`);
  if (worker.unknownOutcomes) warnings.push(`${worker.unknownOutcomes} outcomes of messages this run did not send`);
  if (last !== promotions.at(-1)?.version) warnings.push(`after the run the API served ${last}, not ${promotions.at(-1)?.version}`);
  if (infCode !== 0) warnings.push(`the inference service exited with ${infCode} on SIGTERM`);
  const cpu = { steady: cpuDelta(cpu0, cpu1), swaps: cpuDelta(cpu1, cpu2) };
  const other = Math.max(cpu.steady?.other ?? 0, cpu.swaps?.other ?? 0);
  if (other >= 20) warnings.push(`processes outside the bench and its services used up to ${other}% of a core during a phase: figures are disturbed`);
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
    serviceSwaps: serviceSwaps(inf.lines),
    cpu,
    warnings,
  };
}
export type Result = Awaited<ReturnType<typeof measure>>;

async function main(): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`${err.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const began = performance.now();
  const fail = (err: unknown) => {
    process.stdout.write(`${JSON.stringify({ benchmark: 'models', ok: false, pass: false, error: (err as Error).message ?? String(err) })}\n`);
    return 1;
  };
  let t: TestContext;
  try {
    t = await createTestContext({ poolMax: 20 });
  } catch (err) {
    progress(`cannot run: ${(err as Error).message}`);
    return fail(err);
  }
  const w: World = { inference: null, relay: null, registryDir: null };
  // Last resort: never leave a child behind, whatever happens to this process.
  process.on('exit', () => {
    for (const c of [w.inference, w.relay]) if (c && c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
  });
  let cleaned: Promise<void> | null = null;
  const cleanup = () =>
    (cleaned ??= (async () => {
      await stopChild(w.relay, 'relay', progress).catch(() => undefined);
      await stopChild(w.inference, 'inference', progress).catch(() => undefined);
      await dropSchemaRetrying(t.pool, t.schema, progress);
      await t.cleanup().catch((err: Error) => void progress(`cleanup failed: ${err.message}`));
      if (w.registryDir) rmSync(w.registryDir, { recursive: true, force: true });
    })());
  const interrupted = exitOnInterrupt({ what: `${t.schema}, ${t.prefix}* and the scratch registry`, abort: () => undefined, cleanup, fail, progress });

  let result: Result;
  try {
    result = await measure(t, args.settings, w);
  } catch (err) {
    if (interrupted()) return new Promise<number>(() => undefined); // the signal handler exits
    progress(`benchmark failed: ${(err as Error).stack ?? err}`);
    const lines = [...(w.inference?.lines ?? []), ...(w.relay?.lines ?? [])].filter((l) => /"level":(40|50|60)/.test(l));
    if (lines.length) progress(`service warnings/errors:\n${lines.slice(-15).join('\n')}`);
    await cleanup();
    return fail(err);
  }
  await cleanup();
  progress(`done in ${round((performance.now() - began) / 1000, 1)} s; removed ${t.schema}, ${t.prefix}* and the scratch registry`);
  const md = markdown(result);
  const doc = args.docs ? appendBenchmarkSection(md) : null;
  process.stdout.write(`${md}\n`);
  if (doc) process.stdout.write(`(appended to ${doc})\n\n`);
  process.stdout.write(`${JSON.stringify({ ok: !result.verdict.failed, ...result, pass: result.verdict.pass.all, docs: doc })}\n`);
  if (result.verdict.failed) return 1;
  return args.strict && !result.verdict.pass.all ? 1 : 0;
}

process.exitCode = await main();
// Sockets of closed clients may linger a moment: the result is out, do not wait for them.
setTimeout(() => process.exit(), 500).unref();
