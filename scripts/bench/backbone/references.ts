import { fmt, progress, sleep } from '../common/progress';
import { round } from '../common/stats';
import { appendGate, eventFor, type Bench } from './pipeline';
import { diagText, PhaseProbe } from './probe';

/** References beside the phases: the CPU of an idle pipeline, and EventStore.append alone. */

export async function phaseIdle(b: Bench) {
  progress('idle: 2 s with nothing to do (background CPU of the services and of other processes)');
  const probe = await PhaseProbe.start(b.probePool, b.loop, [b.relay, b.consumer]);
  await sleep(2000);
  const diagnostics = await probe.stop();
  progress(`idle: ${diagText(diagnostics)}`);
  return { cpu: diagnostics.cpu };
}

/** EventStore.append with nothing else running: what the appenders could do on their own. */
export async function referenceAppendOnly(b: Bench) {
  const { t, s } = b;
  const run = async (label: string, events: number, writers: number, perAppend: number) => {
    const appends = events / perAppend;
    let next = 0;
    const probe = await PhaseProbe.start(b.probePool, b.loop, []);
    const started = performance.now();
    await Promise.all(
      Array.from({ length: writers }, async () => {
        for (let i = next++; i < appends; i = next++) {
          await appendGate.run(
            t.store,
            `solo-${i % s.streams}`,
            Array.from({ length: perAppend }, (_, k) => eventFor('solo', i * perAppend + k, s.textBytes)),
          );
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const diagnostics = await probe.stop();
    const result = {
      events,
      writers,
      eventsPerAppend: perAppend,
      seconds: round(seconds, 2),
      eventsPerSec: Math.round(events / seconds),
      appendsPerSec: Math.round(appends / seconds),
      cpu: diagnostics.cpu,
    };
    progress(`append alone (${label}): ${fmt(result.eventsPerSec)} events/s, ${fmt(result.appendsPerSec)} appends/s; ${diagText(diagnostics)}`);
    return result;
  };
  progress('append alone: EventStore.append with the relay and the consumer stopped');
  const batched = await run(
    `${s.throughput.writers} writers × ${s.throughput.eventsPerAppend} events`,
    s.appendOnly.events,
    s.throughput.writers,
    s.throughput.eventsPerAppend,
  );
  const single = await run(`${s.appendOnly.singleWriters} writers × 1 event`, s.appendOnly.singleEvents, s.appendOnly.singleWriters, 1);
  return { batched, single };
}
