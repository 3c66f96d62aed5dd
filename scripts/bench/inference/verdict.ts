import { TARGETS, type Settings } from './args';
import type { http } from './http';
import type { burst, paced, Sent } from './load';

/** What a bench:inference run is judged on: totals over its phases, pass per target, warnings. */
type Phase = Awaited<ReturnType<typeof paced>> | Awaited<ReturnType<typeof burst>>;
type Http = Awaited<ReturnType<typeof http>>;

export function totalsOf(phases: Phase[], warm: Sent[], tracker: { unknown: number; clarifications: number }) {
  return {
    messages: phases.reduce((a, x) => a + x.messages, 0) + warm.length,
    withoutOutcome: phases.reduce((a, x) => a + x.withoutOutcome, 0),
    duplicated: phases.reduce((a, x) => a + x.duplicated, 0) + warm.filter((x) => x.outcomes > 1).length,
    parseFailed: phases.reduce((a, x) => a + x.parseFailed, 0) + warm.filter((x) => x.type === 'ParseFailed').length,
    outcomesOfUnknownMessages: tracker.unknown,
    clarifications: tracker.clarifications,
  };
}

export function verdict(o: {
  s: Settings;
  p: Awaited<ReturnType<typeof paced>>;
  h: Http;
  /** CPU of processes outside the bench and its services in each phase, in % of a core. */
  cpuOther: number[];
  peakHwmMB: number;
  totals: ReturnType<typeof totalsOf>;
  serviceWarnings: string[];
  exitCodes: { inference: number | null; relay: number | null };
}) {
  const { p, h, totals } = o;
  const pass = {
    parseLatency: p.parseLatencyMs.p50 <= TARGETS.parseP50Ms && p.parseLatencyMs.p99 <= TARGETS.parseP99Ms,
    rss: o.peakHwmMB <= TARGETS.rssMB,
    complete: totals.withoutOutcome === 0 && totals.duplicated === 0 && totals.parseFailed === 0 && totals.outcomesOfUnknownMessages === 0,
    http: h.errors === 0 && Object.keys(h.statuses).every((k) => k === '200') && h.done > 0,
    all: false,
  };
  pass.all = pass.parseLatency && pass.rss && pass.complete && pass.http;
  const warnings: string[] = [];
  const logs = o.serviceWarnings;
  if (p.achievedRate < p.rate * 0.95) warnings.push(`appends reached only ${p.achievedRate}/s of the ${p.rate}/s asked`);
  if (h.done < h.requested) warnings.push(`HTTP phase hit its ${o.s.http.seconds} s limit after ${h.done} of ${h.requested} requests`);
  if (logs.length) warnings.push(`${logs.length} warning/error log lines from the services (first: ${logs[0]!.slice(0, 200)})`);
  const other = Math.max(...o.cpuOther);
  if (other >= 20) warnings.push(`processes outside the bench and its services used up to ${other}% of a core during a phase: figures are disturbed`);
  if (o.exitCodes.inference !== 0) warnings.push(`the inference service exited with ${o.exitCodes.inference} on SIGTERM`);
  if (o.exitCodes.relay !== 0) warnings.push(`the relay exited with ${o.exitCodes.relay} on SIGTERM`);
  return { pass, warnings };
}
