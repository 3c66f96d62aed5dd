import { fmt, progress, sleep } from '../common/progress';
import { round } from '../common/stats';
import { now, summarise } from './figures';
import { appendGate, eventFor, lastRelayBatchId, relayBatches, verifyEffects, waitHandled, type Bench, type Samples } from './pipeline';
import type { ConsumerProgress } from './consumer-role';
import { diagText, PhaseProbe } from './probe';

/** The two measured phases: throughput (end to end, batched appends) and latency (paced single appends). */

export async function phaseThroughput(b: Bench) {
  const { t, s } = b;
  const { events, writers, eventsPerAppend } = s.throughput;
  const appends = events / eventsPerAppend;
  progress(`throughput: ${fmt(events)} events, ${writers} writers × appends of ${eventsPerAppend} events over ${s.streams} streams`);
  let next = 0;
  let appended = 0;
  let maxGlobal = 0;
  let appendsDoneAt = 0;
  const relay0 = await lastRelayBatchId(b);
  const probe = await PhaseProbe.start(b.probePool, b.loop, [b.relay, b.consumer]);
  const started = now();
  const writing = Promise.all(
    Array.from({ length: writers }, async () => {
      for (let i = next++; i < appends; i = next++) {
        const batch = Array.from({ length: eventsPerAppend }, (_, k) => eventFor('tput', i * eventsPerAppend + k, s.textBytes));
        const r = await appendGate.run(t.store, `bench-${i % s.streams}`, batch);
        appended += eventsPerAppend;
        maxGlobal = Math.max(maxGlobal, ...r.globalPositions);
      }
    }),
  ).then(() => void (appendsDoneAt = now()));
  let writeError: unknown = null;
  writing.catch((err: unknown) => void (writeError = err));
  const done = await waitHandled(
    b,
    'tput',
    events,
    'throughput',
    () => appended,
    () => (appended >= events ? maxGlobal : 0),
  );
  await writing.catch(() => undefined);
  if (writeError) throw writeError;
  const diagnostics = await probe.stop();
  const verify = await verifyEffects(b, 'tput', events);
  const samples = await b.consumer.call<Samples>('samples', 'tput');
  const relay = await relayBatches(b, relay0);
  const seconds = done ? (done.doneAt - started) / 1000 : NaN;
  const result = {
    events,
    seconds: round(seconds, 2),
    eventsPerSec: done ? Math.round(events / seconds) : 0,
    appendSeconds: round((appendsDoneAt - started) / 1000, 2),
    appendEventsPerSec: Math.round(events / ((appendsDoneAt - started) / 1000)),
    relayCaughtUpSeconds: done?.relayDoneAt ? round((done.relayDoneAt - started) / 1000, 2) : null,
    stalled: done === null,
    ...verify,
    /** append start → commit, under full load (a backlog measure, not the latency target). */
    commitLatencyMs: summarise(samples.commit),
    consumerTx: samples.tx,
    relayBatches: { batches: relay.batches, eventsPerBatch: relay.eventsPerBatch },
    cpu: diagnostics.cpu,
    diagnostics,
  };
  progress(
    `throughput: ${fmt(result.eventsPerSec)} events/s end to end in ${result.seconds} s (appends done at ${result.appendSeconds} s = ${fmt(result.appendEventsPerSec)}/s, relay caught up at ${result.relayCaughtUpSeconds} s); ` +
      `rows ${fmt(verify.rows)}, distinct ${fmt(verify.distinct)}, lost ${verify.lost}, duplicated ${verify.duplicated}; relay ${fmt(relay.batches)} batches (${relay.eventsPerBatch.mean} events each); ` +
      `consumer ${fmt(samples.tx.transactions)} transactions (${samples.tx.eventsPerTx} events, ${samples.tx.msPerTx} ms each)`,
  );
  progress(`throughput: ${diagText(diagnostics)}`);
  return result;
}

export async function phaseLatency(b: Bench) {
  const { t, s } = b;
  const { rate, seconds } = s.latency;
  const total = rate * seconds;
  const interval = 1000 / rate;
  progress(`latency: ${fmt(total)} single-event appends paced at ${rate}/s for ${seconds} s over ${s.streams} streams`);
  const slips: number[] = [];
  const inflight = new Set<Promise<unknown>>();
  let appended = 0;
  let maxInflight = 0;
  let appendError: unknown = null;
  const relay0 = await lastRelayBatchId(b);
  const probe = await PhaseProbe.start(b.probePool, b.loop, [b.relay, b.consumer]);
  const started = performance.now();
  let lastLog = started;
  for (let i = 0; i < total;) {
    const due = started + i * interval;
    if (performance.now() < due) {
      await sleep(Math.max(0, Math.floor(due - performance.now())));
      continue;
    }
    while (i < total && started + i * interval <= performance.now()) {
      slips.push(performance.now() - (started + i * interval));
      const seq = i++;
      const pr = appendGate
        .run(t.store, `bench-${seq % s.streams}`, [eventFor('lat', seq, s.textBytes)])
        .then(() => void appended++)
        .catch((err: unknown) => void (appendError ??= err))
        .finally(() => inflight.delete(pr));
      inflight.add(pr);
      maxInflight = Math.max(maxInflight, inflight.size);
    }
    if (performance.now() - lastLog >= 1000) {
      lastLog = performance.now();
      const p = await b.consumer.call<ConsumerProgress>('progress');
      progress(`latency: appended ${fmt(appended)}/${fmt(total)} · handled ${fmt(p.committed.lat ?? 0)} · appends in flight ${inflight.size}`);
    }
  }
  await Promise.all(inflight);
  if (appendError) throw appendError;
  const appendSeconds = (performance.now() - started) / 1000;
  const done = await waitHandled(b, 'lat', total, 'latency', () => appended);
  const diagnostics = await probe.stop();
  const verify = await verifyEffects(b, 'lat', total);
  const samples = await b.consumer.call<Samples>('samples', 'lat');
  const relay = await relayBatches(b, relay0);
  const commit = summarise(samples.commit);
  const handler = summarise(samples.handler);
  const result = {
    rate,
    seconds,
    events: total,
    achievedRate: Math.round(total / appendSeconds),
    stalled: done === null,
    ...verify,
    /** append call → commit of the consumer's transaction (effect + checkpoint): the gated figure. */
    latencyMs: commit,
    /** append call → the handler ran (before its transaction committed). */
    handlerLatencyMs: handler,
    pacingSlipMs: summarise(slips),
    maxAppendsInFlight: maxInflight,
    consumerTx: samples.tx,
    relayBatches: { batches: relay.batches, eventsPerBatch: relay.eventsPerBatch },
    cpu: diagnostics.cpu,
    diagnostics,
  };
  progress(
    `latency: append → committed p50 ${commit.p50} ms · p99 ${commit.p99} ms · max ${commit.max} ms (→ handler ran: p99 ${handler.p99} ms); achieved ${fmt(result.achievedRate)}/s, ` +
      `appends in flight ≤ ${maxInflight}, pacing slip p99 ${result.pacingSlipMs.p99} ms; lost ${verify.lost}, duplicated ${verify.duplicated}; ` +
      `relay ${fmt(relay.batches)} batches (${relay.eventsPerBatch.mean} events each); consumer ${fmt(samples.tx.transactions)} transactions (${samples.tx.eventsPerTx} events, ${samples.tx.msPerTx} ms each)`,
  );
  progress(`latency: ${diagText(diagnostics)}`);
  return result;
}
