import os from 'node:os';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Logger } from '@napominalka/core';
import type { AssetGraph } from '../definitions/graph';
import type { EtlHistory } from '../history/history';
import { getRun } from '../history/queries';
import type { RunState } from '../run/state';
import { claimable, runLockKey } from './claim';
import { etlMetrics } from './metrics';
import { runAttempt, RunTakenOverError } from './run-attempt';

export interface ExecutorOptions<R> {
  history: EtlHistory;
  graph: AssetGraph<R>;
  resources: R;
  log: Logger;
  /** Runs this process executes at once. */
  concurrency: number;
  pollMs: number;
  /** Only these runs (the CLI executing what it requested); default: any queued run. */
  only?: readonly string[];
  now?: () => Date;
}

interface Running {
  runId: string;
  abort: AbortController;
  done: Promise<void>;
  lock: pg.Client;
}

/**
 * Claims queued runs and executes them, any number of executors side by side. A run is claimed
 * under a transaction lock and held by a session advisory lock on a connection of its own: when an
 * executor dies its lock frees, and any executor's reaper finds the run and retries or fails it.
 * Every step is appended at the run stream's version, so an executor that was presumed dead and
 * comes back cannot write after the takeover.
 */
export class Executor<R> {
  readonly id = `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private readonly running = new Map<string, Running>();
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private stopped = false;
  private reaper: pg.Client | null = null;
  private readonly now: () => Date;

  constructor(private readonly o: ExecutorOptions<R>) {
    this.now = o.now ?? (() => new Date());
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Wakes the loop now (a run was just requested). */
  poke(): void {
    if (this.timer) this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.ticking = this.tick()
        .catch((err: Error) => this.o.log.warn({ err: err.message }, 'executor tick failed'))
        .finally(() => {
          this.ticking = null;
          if (!this.stopped && !this.timer) this.schedule(this.o.pollMs);
        });
    }, delayMs);
  }

  /** Stops claiming; running runs are asked to stop and, if they do not within `graceMs`, left to the reapers. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.ticking;
    const all = [...this.running.values()];
    const grace = new Promise<void>((r) => setTimeout(r, graceMs).unref());
    await Promise.race([Promise.all(all.map((r) => r.done)), grace]);
    for (const r of all) r.abort.abort(new Error('executor stopping'));
    await Promise.race([Promise.all(all.map((r) => r.done)), new Promise((r) => setTimeout(r, 2000).unref())]);
    for (const r of this.running.values()) await r.lock.end().catch(() => undefined);
    await this.reaper?.end().catch(() => undefined);
    this.reaper = null;
  }

  get busy(): number {
    return this.running.size;
  }

  async tick(): Promise<void> {
    await this.reapOrphans();
    await this.honourCancels();
    const room = this.o.concurrency - this.running.size;
    if (room > 0 && !this.stopped) await this.claim(room);
  }

  private async claim(room: number): Promise<void> {
    const { history } = this.o;
    const locks: pg.Client[] = [];
    const started: Array<{ state: RunState; lock: pg.Client }> = [];
    try {
      await history.transaction(async (w) => {
        for (const row of await claimable(w, history.s, { limit: room, ...(this.o.only ? { only: this.o.only } : {}) })) {
          const lock = await this.sessionLock(runLockKey(history.s, row.runId));
          if (!lock) continue;
          locks.push(lock);
          const d = await history.decideIn(w, row.runId, { type: 'start', executor: this.id, now: this.now() });
          if (d.state.status === 'running') started.push({ state: d.state, lock });
        }
      });
    } catch (err) {
      for (const l of locks) await l.end().catch(() => undefined);
      throw err;
    }
    for (const l of locks) if (!started.some((s) => s.lock === l)) await l.end().catch(() => undefined);
    for (const s of started) this.launch(s.state, s.lock);
  }

  private launch(state: RunState, lock: pg.Client): void {
    const abort = new AbortController();
    const t0 = Date.now();
    etlMetrics.running.set(this.running.size + 1);
    const done = runAttempt({ history: this.o.history, graph: this.o.graph, resources: this.o.resources, log: this.o.log, now: this.now }, state, abort.signal)
      .then((end) => {
        const label = state.assets.join(',');
        etlMetrics.runDuration.observe({ asset: label }, (Date.now() - t0) / 1000);
        if (end.status !== 'queued') etlMetrics.runs.inc({ asset: label, outcome: end.status });
        this.o.log.info(
          { runId: state.runId, assets: state.assets, partition: state.partition, attempt: state.attempt, status: end.status },
          'run attempt finished',
        );
      })
      .catch((err: Error) => {
        const level = err instanceof RunTakenOverError ? 'warn' : 'error';
        this.o.log[level]({ runId: state.runId, err: err.message }, 'run attempt aborted; the reapers retry or fail it');
      })
      .finally(async () => {
        this.running.delete(state.runId);
        etlMetrics.running.set(this.running.size);
        await lock.end().catch(() => undefined);
      });
    this.running.set(state.runId, { runId: state.runId, abort, done, lock });
  }

  /** A connection of its own holding the run's session lock, or null if another holds it. */
  private async sessionLock(key: string): Promise<pg.Client | null> {
    const client = new pg.Client(this.o.history.pool.options);
    client.on('error', () => undefined);
    await client.connect();
    const got = await client.query<{ ok: boolean }>('select pg_try_advisory_lock(hashtextextended($1, 0)) as ok', [key]);
    if (got.rows[0]!.ok) return client;
    await client.end();
    return null;
  }

  /** Running runs whose executor's lock is free: that executor is gone. */
  private async reapOrphans(): Promise<void> {
    const { history } = this.o;
    const res = await history.pool.query<{ run_id: string }>(`select run_id from ${history.s}.etl_runs where status = 'running'`);
    const foreign = res.rows.map((r) => r.run_id).filter((id) => !this.running.has(id));
    if (foreign.length === 0) return;
    if (!this.reaper) {
      const c = new pg.Client(history.pool.options);
      c.on('error', () => {
        this.reaper = null;
      });
      await c.connect();
      this.reaper = c;
    }
    for (const runId of foreign) {
      const key = runLockKey(history.s, runId);
      const got = await this.reaper.query<{ ok: boolean }>('select pg_try_advisory_lock(hashtextextended($1, 0)) as ok', [key]);
      if (!got.rows[0]!.ok) continue;
      try {
        const row = await getRun(history.pool, history.s, runId);
        if (row?.status !== 'running') continue;
        const backoffMs = Math.max(...row.assets.map((a) => this.o.graph.assets.get(a)?.retry.backoffMs ?? 1000));
        const d = await history.decide(runId, { type: 'abandon', now: this.now(), backoffMs });
        if (d.events.length > 0) this.o.log.warn({ runId, executor: row.executor, outcome: d.state.status }, 'run abandoned by a lost executor');
        if (d.state.status === 'failed') etlMetrics.runs.inc({ asset: row.assets.join(','), outcome: 'failed' });
      } finally {
        await this.reaper.query('select pg_advisory_unlock(hashtextextended($1, 0))', [key]);
      }
    }
  }

  private async honourCancels(): Promise<void> {
    if (this.running.size === 0) return;
    const { history } = this.o;
    const res = await history.pool.query<{ run_id: string }>(`select run_id from ${history.s}.etl_runs where run_id = any($1) and cancel_requested`, [
      [...this.running.keys()],
    ]);
    for (const r of res.rows) this.running.get(r.run_id)?.abort.abort(new Error('cancelled by an operator'));
  }
}
