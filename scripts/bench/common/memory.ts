import { readdirSync, readFileSync } from 'node:fs';
import { round } from '../common/stats';

/**
 * Memory of a service process, from /proc: VmRSS and VmHWM, and (unless asked not to) the RSS of
 * its process tree, once a second. Used by bench:inference and bench:models.
 */
export interface MemSample {
  at: number;
  rssMB: number;
  hwmMB: number;
  /** The process and its descendants (tsx's esbuild service, if any). */
  treeRssMB: number | null;
}

function statusMB(pid: number): { rss: number; hwm: number } | null {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? NaN);
    return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

function descendants(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      parent.set(Number(p), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [c, pp] of parent) {
      if (pp !== p) continue;
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

export class MemSampler {
  readonly samples: MemSample[] = [];
  private timer: NodeJS.Timeout | null = null;
  private ticks = 0;
  private tree: number | null = null;
  constructor(
    private readonly pid: number,
    private readonly everyMs: number,
    /** false: no tree walk (it reads all of /proc), treeRssMB stays null. */
    private readonly withTree = true,
  ) {}
  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.everyMs);
    this.timer.unref();
    return this;
  }
  sample(): MemSample | null {
    const s = statusMB(this.pid);
    if (!s) return null;
    // The tree walk reads all of /proc: once a second is enough.
    if (this.withTree && this.ticks++ % Math.max(1, Math.round(1000 / this.everyMs)) === 0) {
      this.tree = s.rss + descendants(this.pid).reduce((sum, c) => sum + (statusMB(c)?.rss ?? 0), 0);
    }
    const m = { at: performance.now(), rssMB: round(s.rss, 1), hwmMB: round(s.hwm, 1), treeRssMB: this.tree === null ? null : round(this.tree, 1) };
    this.samples.push(m);
    return m;
  }
  /** The samples taken in [from, to]. */
  between(from: number, to: number): MemSample[] {
    return this.samples.filter((s) => s.at >= from && s.at <= to);
  }
  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
