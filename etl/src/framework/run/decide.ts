import type { EtlFailure, EventData } from '@napominalka/core';
import { isFinished, type RunEvent, type RunState } from './state';

/** What may be asked of a run. Each is decided against the run's folded stream, purely. */
export type RunCommand =
  | { type: 'request'; data: EventData<'EtlRunRequested'> }
  | { type: 'start'; executor: string; now: Date }
  /*
   * What the executor of an attempt says, naming the attempt: once the run moved on without it
   * (abandoned, retried by another executor), its word no longer counts.
   */
  | { type: 'start-step'; attempt: number; asset: string; dataVersion: string }
  | { type: 'succeed-step'; attempt: number; asset: string; durationMs: number }
  | { type: 'skip-step'; attempt: number; asset: string; reason: EventData<'EtlStepSkipped'>['reason']; detail: string }
  | { type: 'fail-step'; attempt: number; asset: string; durationMs: number; failure: EtlFailure }
  | { type: 'log'; attempt: number; asset?: string; level: 'info' | 'warn' | 'error'; message: string }
  /**
   * `maxAttemptsOf`: each asset's own limit (its retry policy). A failed step is retried only
   * while both the run's and its asset's limits allow: a training that crashed is not run again
   * because the run also holds a step that may be tried three times.
   */
  | { type: 'finish'; attempt: number; now: Date; durationMs: number; backoffMs: number; maxAttemptsOf?: Readonly<Record<string, number>> }
  /** The executor holding the run is gone (its session lock is free): retry or fail. */
  | { type: 'abandon'; now: Date; backoffMs: number }
  | { type: 'cancel'; by: string };

/** Log lines kept per attempt: a chatty compute cannot grow the run's stream without bound. */
export const MAX_LOGS_PER_ATTEMPT = 200;

/** Failures a later attempt can cure; the others would fail the same way again. */
const RETRYABLE: ReadonlySet<EtlFailure['code']> = new Set(['error', 'timeout', 'executor-lost']);

export class RunRefusedError extends Error {
  override name = 'RunRefusedError';
}

/**
 * The attempt a command names is over — the run was abandoned, retried or finished without its
 * executor (a zombie whose lock connection died while it kept computing): it must stop writing.
 */
export class AttemptOverError extends RunRefusedError {
  override name = 'AttemptOverError';
}

export function decideRun(cmd: RunCommand, s: RunState): RunEvent[] {
  if (cmd.type === 'request') return s.requested ? [] : [{ type: 'EtlRunRequested', data: cmd.data }];
  if (!s.requested) throw new RunRefusedError(`run ${s.runId} does not exist`);
  const base = { runId: s.runId, attempt: s.attempt };
  switch (cmd.type) {
    case 'start':
      if (s.status !== 'queued') throw new RunRefusedError(`run ${s.runId} is ${s.status}, not queued`);
      if (s.cancelRequested) return [{ type: 'EtlRunCancelled', data: { runId: s.runId, attempt: s.attempt } }];
      if (s.notBefore && Date.parse(s.notBefore) > cmd.now.getTime()) throw new RunRefusedError(`run ${s.runId} waits until ${s.notBefore}`);
      return [{ type: 'EtlRunStarted', data: { runId: s.runId, attempt: s.attempt + 1, executor: cmd.executor } }];
    case 'start-step':
      current(s, cmd.attempt);
      if (!s.assets.includes(cmd.asset)) throw new RunRefusedError(`asset ${cmd.asset} is not part of run ${s.runId}`);
      if (s.steps[cmd.asset]) throw new RunRefusedError(`step ${cmd.asset} of run ${s.runId} already ${s.steps[cmd.asset]!.status}`);
      return [{ type: 'EtlStepStarted', data: { ...base, asset: cmd.asset, dataVersion: cmd.dataVersion } }];
    case 'succeed-step':
      stepRunning(s, cmd.attempt, cmd.asset);
      return [{ type: 'EtlStepSucceeded', data: { ...base, asset: cmd.asset, durationMs: cmd.durationMs } }];
    case 'skip-step':
      current(s, cmd.attempt);
      if (s.steps[cmd.asset] && s.steps[cmd.asset]!.status !== 'running') throw new RunRefusedError(`step ${cmd.asset} already ${s.steps[cmd.asset]!.status}`);
      return [{ type: 'EtlStepSkipped', data: { ...base, asset: cmd.asset, reason: cmd.reason, detail: cmd.detail } }];
    case 'fail-step':
      stepRunning(s, cmd.attempt, cmd.asset);
      return [{ type: 'EtlStepFailed', data: { ...base, asset: cmd.asset, durationMs: cmd.durationMs, failure: cmd.failure } }];
    case 'log':
      if (s.status !== 'running' || s.attempt !== cmd.attempt || s.logs >= MAX_LOGS_PER_ATTEMPT) return [];
      return [{ type: 'EtlRunLogged', data: { ...base, ...(cmd.asset ? { asset: cmd.asset } : {}), level: cmd.level, message: cmd.message.slice(0, 2000) } }];
    case 'finish': {
      current(s, cmd.attempt);
      if (s.cancelRequested) return [{ type: 'EtlRunCancelled', data: base }];
      const steps = s.assets.map((a) => s.steps[a]);
      const failedAt = steps.findIndex((st) => st?.status === 'failed' || st?.status === 'running');
      if (failedAt >= 0) {
        const limit = Math.min(s.maxAttempts, cmd.maxAttemptsOf?.[s.assets[failedAt]!] ?? s.maxAttempts);
        return [
          retryOrFail({ ...s, maxAttempts: limit }, steps[failedAt]!.failure ?? { code: 'error', message: 'a step did not finish' }, cmd.now, cmd.backoffMs),
        ];
      }
      const missing = s.assets.filter((a) => !s.steps[a]);
      if (missing.length > 0) throw new RunRefusedError(`run ${s.runId} cannot finish: steps ${missing.join(', ')} never ran`);
      // A step held back by a failing check is a failed run: the operator must see the pipeline is stuck.
      const blocked = steps.find((st) => st?.skipped && st.skipped.reason !== 'unchanged');
      if (blocked?.skipped) return [{ type: 'EtlRunFailed', data: { ...base, failure: { code: 'blocked', message: blocked.skipped.detail } } }];
      return [{ type: 'EtlRunSucceeded', data: { ...base, durationMs: cmd.durationMs } }];
    }
    case 'abandon':
      if (s.status !== 'running') return [];
      if (s.cancelRequested) return [{ type: 'EtlRunCancelled', data: base }];
      return [retryOrFail(s, { code: 'executor-lost', message: 'the executor running this attempt stopped before finishing it' }, cmd.now, cmd.backoffMs)];
    case 'cancel':
      if (isFinished(s) || s.cancelRequested) return [];
      return s.status === 'queued'
        ? [
            { type: 'EtlRunCancelRequested', data: { runId: s.runId, by: cmd.by } },
            { type: 'EtlRunCancelled', data: base },
          ]
        : [{ type: 'EtlRunCancelRequested', data: { runId: s.runId, by: cmd.by } }];
  }
}

function retryOrFail(s: RunState, failure: EtlFailure, now: Date, backoffMs: number): RunEvent {
  if (RETRYABLE.has(failure.code) && s.attempt < s.maxAttempts) {
    const wait = backoffMs * 2 ** (s.attempt - 1);
    return {
      type: 'EtlRunRetryScheduled',
      data: { runId: s.runId, nextAttempt: s.attempt + 1, notBefore: new Date(now.getTime() + wait).toISOString(), failure },
    };
  }
  return { type: 'EtlRunFailed', data: { runId: s.runId, attempt: s.attempt, failure } };
}

function current(s: RunState, attempt: number): void {
  if (s.status !== 'running' || s.attempt !== attempt)
    throw new AttemptOverError(`attempt ${attempt} of run ${s.runId} is over: the run is ${s.status} at attempt ${s.attempt}`);
}

function stepRunning(s: RunState, attempt: number, asset: string): void {
  current(s, attempt);
  if (s.steps[asset]?.status !== 'running') throw new RunRefusedError(`step ${asset} of run ${s.runId} is not running`);
}
