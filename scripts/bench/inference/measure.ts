import type { TestContext } from '../../../core/src/testing/context';
import { loadConfig } from '../../../core/src/config';
import { machineInfo } from '../../../core/src/bench/report';
import { cpuDelta, cpuSnapshot } from '../../../core/src/bench/cpu';
import { progress, sleep } from '../common/progress';
import { runDate } from '../common/result';
import type { Services } from '../common/services';
import { TARGETS, type Settings } from './args';
import { baseline, http } from './http';
import { summariseFine as summarise } from '../common/stats';
import { appendOne, burst, paced, type Bench, type Sent } from './load';
import { MemSampler } from '../common/memory';
import { generator, ZONES } from './messages';
import { OutcomeTracker } from '../common/outcomes';
import { startServices } from './start';
import { totalsOf, verdict } from './verdict';

/** One bench:inference run: services up, warm-up, the paced, burst and HTTP phases, the baseline. */
export type Result = Awaited<ReturnType<typeof measure>>;

/** Every chat has chosen its zone (the worker reads it from the stream, as of each message). */
async function setZones(t: TestContext, chats: number[], zoneOf: (chatId: number) => string): Promise<void> {
  progress(`setting the zones of ${chats.length} chats`);
  for (let i = 0; i < chats.length; i += 10) {
    await Promise.all(
      chats.slice(i, i + 10).map((c) => t.store.append(`chat-${c}`, [{ type: 'ChatSettingsChanged', data: { chatId: c, timezone: zoneOf(c) } }])),
    );
  }
}

function memoryOf(mem: MemSampler, pid: number | undefined, idleRssMB: number, endRssMB: number, paced: { startedAt: number; endedAt: number }) {
  const half = paced.startedAt + (paced.endedAt - paced.startedAt) / 2;
  return {
    pid,
    samples: mem.samples.length,
    idleRssMB,
    steadyRssMB: summarise(mem.between(half, paced.endedAt).map((x) => x.rssMB)).p50,
    endRssMB,
    peakHwmMB: Math.max(...mem.samples.map((x) => x.hwmMB)),
    peakRssSampledMB: Math.max(...mem.samples.map((x) => x.rssMB)),
    peakTreeRssMB: mem.samples.some((x) => x.treeRssMB !== null) ? Math.max(...mem.samples.map((x) => x.treeRssMB ?? 0)) : null,
  };
}

export async function measure(t: TestContext, s: Settings, services: Services) {
  const date = runDate();
  const machine = machineInfo();
  const config = loadConfig(s.service);
  progress(`machine: ${machine.cpuModel}, ${machine.cores} cores; load ${machine.loadAverageAtStart.join(' ')}; commit ${machine.commit}; ${s.mode} run`);
  progress(`schema ${t.schema}, AMQP prefix ${t.prefix}`);
  const zoneOf = (chatId: number) => ZONES[chatId % ZONES.length]!;
  let update = 1;
  const b: Bench = {
    t,
    s,
    tracker: new OutcomeTracker<Sent>(t.schema),
    gen: generator(s.seed, s.maxTextChars),
    zoneOf,
    sentAt: '2026-03-12T10:15:00+03:00',
    nextUpdate: () => update++,
  };
  const chats = Array.from({ length: s.chats }, (_, i) => 1_000_000 + i);
  await setZones(t, chats, zoneOf);

  const { port, apiKey, startSeconds, inference, relay, whenLeader } = await startServices(t, s, config, services);
  const mem = new MemSampler(inference.proc.pid!, s.rssSampleMs).start();
  await whenLeader;
  progress(`relay (pid ${relay.proc.pid}) is the leader`);
  await b.tracker.start();

  // Any death of a child from here on fails the run.
  progress(`warm-up: ${s.warmUpMessages} messages`);
  const warm: Sent[] = [];
  for (let i = 0; i < s.warmUpMessages; i++) warm.push(await appendOne(b, 'warm-up', chats[i % chats.length]!, b.gen.next()));
  await services.guard(b.tracker.waitFor(warm, s.stallMs));
  await sleep(1000);
  const idle = mem.sample()!;

  const pids: Record<number, string> = { [inference.proc.pid!]: 'inference', [relay.proc.pid!]: 'relay', [process.pid]: 'bench' };
  const timed = async <T>(f: () => Promise<T>) => {
    const c0 = cpuSnapshot(pids);
    const r = await services.guard(f());
    return { ...r, cpu: cpuDelta(c0, cpuSnapshot(pids)) };
  };
  progress(`paced: ${s.paced.rate} messages/s for ${s.paced.seconds} s`);
  const p = await timed(() => paced(b));
  progress(
    `paced: parse p50 ${p.parseLatencyMs.p50} ms p99 ${p.parseLatencyMs.p99} ms; append → committed p50 ${p.endToEndMs.p50} ms p99 ${p.endToEndMs.p99} ms`,
  );
  progress(`burst: ${s.burst.messages} messages`);
  const bu = await timed(() => burst(b));
  progress(`burst: ${bu.parsedPerSec} messages/s`);
  progress(`HTTP: ${s.http.requests} requests, ${s.http.concurrency} in flight, at most ${s.http.seconds} s`);
  const h = await timed(() => http(b, port, apiKey));
  progress(`HTTP: p50 ${h.latencyMs.p50} ms p99 ${h.latencyMs.p99} ms, ${h.requestsPerSec} req/s`);
  await sleep(500);
  const end = mem.sample()!;
  mem.stop();

  await b.tracker.stop();
  const serviceWarnings = services.warnings('inference', 'relay');
  const exitCodes = { relay: await services.stop('relay'), inference: await services.stop('inference') };
  progress(`services stopped (inference exit ${exitCodes.inference}, relay exit ${exitCodes.relay})`);

  progress(`baseline: the paced texts in-process`);
  const base = await baseline(
    b,
    p.sent.map((x) => ({ text: x.text, timezone: zoneOf(x.chatId) })),
  );
  progress(`baseline: parse p50 ${base.parseLatencyMs.p50} ms p99 ${base.parseLatencyMs.p99} ms`);

  const memory = memoryOf(mem, inference.proc.pid, idle.rssMB, end.rssMB, p);
  const totals = totalsOf([p, bu], warm, b.tracker);
  const cpuOther = [p, bu, h].map((x) => x.cpu?.other ?? 0);
  const { pass, warnings } = verdict({ s, p, h, cpuOther, peakHwmMB: memory.peakHwmMB, totals, serviceWarnings, exitCodes });
  const strip = ({ sent: _s, startedAt: _a, endedAt: _e, ...rest }: typeof p | typeof bu) => rest;
  return {
    benchmark: 'inference',
    date,
    mode: s.mode,
    machine,
    model: base.model,
    config: {
      threshold: config.PARSE_CONFIDENCE_THRESHOLD,
      prefetch: config.CONSUMER_PREFETCH,
      batchSize: config.CONSUMER_BATCH_SIZE,
      relayPollMs: config.RELAY_POLL_MS,
    },
    settings: s,
    targets: TARGETS,
    startSeconds,
    textChars: summarise(p.sent.map((x) => x.text.length)),
    skippedCorpusTexts: b.gen.skippedCorpusTexts,
    paced: strip(p) as Omit<typeof p, 'sent' | 'startedAt' | 'endedAt'>,
    burst: strip(bu) as Omit<typeof bu, 'sent' | 'startedAt' | 'endedAt'>,
    http: h,
    baseline: base,
    memory,
    totals,
    pass,
    warnings,
  };
}
