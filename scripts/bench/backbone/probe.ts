import { cpuDelta, cpuSnapshot, cpuText, type CpuSnapshot } from '../../../core/src/bench/cpu';
import type { Pool } from '../common/pg';
import { round } from '../common/stats';
import type { LoopDelay } from './figures';
import type { RoleHandle } from './rpc';

/**
 * CPU by process, each process's event-loop delay, and what the bench's Postgres backends were
 * doing (pg_stat_activity sampled every 100 ms; `idle in transaction · Client:ClientRead` is a
 * backend waiting for its Node process to send the next statement).
 */
export class PhaseProbe {
  private readonly cpu0: CpuSnapshot | null;
  private readonly waits = new Map<string, number>();
  private samples = 0;
  private busy = false;
  private readonly timer: NodeJS.Timeout;

  private constructor(
    private readonly pool: Pool,
    private readonly loop: LoopDelay,
    private readonly pids: Record<number, string>,
    private readonly roles: RoleHandle[],
  ) {
    this.cpu0 = cpuSnapshot(pids);
    this.timer = setInterval(() => void this.sample(), 100);
  }

  static async start(pool: Pool, loop: LoopDelay, roles: RoleHandle[]): Promise<PhaseProbe> {
    const pids: Record<number, string> = { [process.pid]: roles.some((r) => r.pid === process.pid) ? 'bench (all roles)' : 'appenders' };
    for (const r of roles) if (r.pid !== process.pid) pids[r.pid] = r.name;
    loop.read();
    for (const r of roles) if (r.pid !== process.pid) await r.call('diag');
    return new PhaseProbe(pool, loop, pids, roles);
  }

  private async sample(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const r = await this.pool.query<{ app: string; state: string; wait: string; n: number }>(
        `select regexp_replace(application_name, '^(napominalka-)?bench-', '') as app, state,
                coalesce(wait_event_type || ':' || wait_event, 'on CPU') as wait, count(*)::int as n
           from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid() and state <> 'idle'
            and (application_name like 'bench-%' or application_name like 'napominalka-bench-%')
          group by 1, 2, 3`,
      );
      this.samples++;
      for (const row of r.rows) {
        const key = `${row.app} · ${row.state === 'active' ? '' : `${row.state} · `}${row.wait}`;
        this.waits.set(key, (this.waits.get(key) ?? 0) + row.n);
      }
    } catch {
      // diagnostics only
    } finally {
      this.busy = false;
    }
  }

  async stop() {
    clearInterval(this.timer);
    const cpu = cpuDelta(this.cpu0, cpuSnapshot(this.pids));
    const eventLoopDelayMs: Record<string, ReturnType<LoopDelay['read']>> = { [this.pids[process.pid]!]: this.loop.read() };
    for (const r of this.roles) if (r.pid !== process.pid) eventLoopDelayMs[r.name] = await r.call('diag');
    return {
      cpu,
      eventLoopDelayMs,
      /** Average number of the bench's backends in each state over the phase (top 8). */
      pgBackends: [...this.waits.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 8)
        .map(([what, n]) => ({ what, avg: round(n / Math.max(1, this.samples), 2) })),
    };
  }
}
export type Diagnostics = Awaited<ReturnType<PhaseProbe['stop']>>;

export const diagText = (d: Diagnostics) =>
  `cpu ${cpuText(d.cpu)}; event-loop delay p99 ${Object.entries(d.eventLoopDelayMs)
    .map(([k, v]) => `${k} ${v.p99} ms`)
    .join(', ')}; pg backends (avg): ${d.pgBackends.map((w) => `${w.what} ${w.avg}`).join(', ') || '–'}`;
