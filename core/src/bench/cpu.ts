import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

/**
 * CPU by process group, from /proc (Linux only): who used the cores during a benchmark phase.
 * Shared by the benchmarks; `null` where /proc cannot be read.
 */
export interface CpuSnapshot {
  at: number;
  total: number;
  idle: number;
  /** irq + softirq (much of loopback TCP is processed there) and hypervisor steal. */
  irq: number;
  steal: number;
  groups: Record<string, number>;
}
const CLK_TCK = 100;

export function cpuSnapshot(pids: Record<number, string>): CpuSnapshot | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const groups: Record<string, number> = { postgres: 0, rabbitmq: 0 };
    for (const label of Object.values(pids)) groups[label] = 0;
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue;
      }
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const rest = stat.slice(close + 2).split(' ');
      const label = pids[Number(pid)] ?? (comm === 'postgres' ? 'postgres' : comm === 'beam.smp' || comm === 'erl_child_setup' ? 'rabbitmq' : null);
      if (!label) continue;
      // utime + stime (all threads); for the services also cutime + cstime, the CPU of children they
      // reaped: backends and parallel workers that exited during the phase would vanish otherwise.
      const service = label === 'postgres' || label === 'rabbitmq';
      groups[label]! += Number(rest[11]) + Number(rest[12]) + (service ? Number(rest[13]) + Number(rest[14]) : 0);
    }
    return {
      at: performance.now(),
      total: fields.reduce((x, y) => x + y, 0),
      idle: (fields[3] ?? 0) + (fields[4] ?? 0),
      irq: (fields[5] ?? 0) + (fields[6] ?? 0),
      steal: fields[7] ?? 0,
      groups,
    };
  } catch {
    return null;
  }
}

/** CPU use between two snapshots in % of one core (200 % = both cores of a 2-core machine). */
export function cpuDelta(a: CpuSnapshot | null, b: CpuSnapshot | null) {
  if (!a || !b) return null;
  const seconds = (b.at - a.at) / 1000;
  const pct = (ticks: number) => Math.round((ticks / CLK_TCK / seconds) * 100);
  const byGroup: Record<string, number> = {};
  for (const k of Object.keys(b.groups)) byGroup[k] = pct(b.groups[k]! - (a.groups[k] ?? 0));
  const busy = pct(b.total - b.idle - (a.total - a.idle));
  const irq = pct(b.irq - a.irq);
  const steal = pct(b.steal - a.steal);
  const known = Object.values(byGroup).reduce((x, y) => x + y, 0) + irq + steal;
  return { ...byGroup, irq, steal, other: Math.max(0, busy - known), busy, capacity: os.cpus().length * 100 };
}
export type CpuUse = ReturnType<typeof cpuDelta>;

export const cpuText = (c: CpuUse) =>
  c
    ? `${Object.entries(c)
        .filter(([k]) => k !== 'busy' && k !== 'capacity')
        .map(([k, v]) => `${k} ${v}%`)
        .join(' · ')} (busy ${c.busy}% of ${c.capacity}%)`
    : 'n/a';

/** CPU milliseconds the given groups used between two snapshots (all their processes and threads). */
export function cpuMsOf(a: CpuSnapshot | null, b: CpuSnapshot | null, groups: readonly string[]): number | null {
  if (!a || !b) return null;
  return groups.reduce((sum, g) => sum + ((b.groups[g] ?? 0) - (a.groups[g] ?? 0)) * (1000 / CLK_TCK), 0);
}
