import { etlStreams, WrongExpectedVersionError, type EtlFailure, type Logger } from '@napominalka/core';
import type { AssetContext, AssetDefinition, CheckResult, LogLevel, Materialization } from '../definitions/asset';
import type { AssetGraph } from '../definitions/graph';
import type { EtlHistory } from '../history/history';
import { partitionsOf, checksOf } from '../history/queries';
import { timeWindow } from '../partitions/definition';
import { AttemptOverError } from '../run/decide';
import type { RunState } from '../run/state';
import { dataVersion, stepInputs } from './inputs';
import { etlMetrics } from './metrics';

export interface AttemptDeps<R> {
  history: EtlHistory;
  graph: AssetGraph<R>;
  resources: R;
  log: Logger;
  now: () => Date;
}

/**
 * Raised when the run went on without this executor — another wrote its stream under us, or the
 * attempt was abandoned (our lock connection died) and retried: stop at once, write nothing more.
 */
export class RunTakenOverError extends Error {
  override name = 'RunTakenOverError';
}

/**
 * Executes the steps of a started attempt in dependency order, then finishes it. Every outcome is
 * an event of the run; a materialization is appended with its step's success and its check results
 * in one commit (keyed by run and asset), so a crash anywhere leaves either nothing or all of it.
 */
export async function runAttempt<R>(deps: AttemptDeps<R>, run: RunState, signal: AbortSignal): Promise<RunState> {
  const { history } = deps;
  const started = Date.now();
  const decide = guard(history);
  let state = run;
  const stepFailed = new Set<string>();
  for (const asset of run.assets) {
    const def = deps.graph.get(asset);
    const upstreamInRun = def.deps.map((d) => d.asset).filter((a) => stepFailed.has(a));
    if (signal.aborted) break;
    if (upstreamInRun.length > 0) {
      state = (
        await decide(run.runId, {
          type: 'skip-step',
          attempt: run.attempt,
          asset,
          reason: 'upstream-failed',
          detail: `upstream ${upstreamInRun.join(', ')} did not materialize in this run`,
        })
      ).state;
      stepFailed.add(asset);
      continue;
    }
    const outcome = await runStep(deps, state, def, signal);
    state = outcome.state;
    if (!outcome.ok) stepFailed.add(asset);
  }
  const backoffMs = Math.max(...run.assets.map((a) => deps.graph.get(a).retry.backoffMs));
  const maxAttemptsOf = Object.fromEntries(run.assets.map((a) => [a, deps.graph.get(a).retry.maxAttempts]));
  return (await decide(run.runId, { type: 'finish', attempt: run.attempt, now: deps.now(), durationMs: Date.now() - started, backoffMs, maxAttemptsOf })).state;
}

async function runStep<R>(deps: AttemptDeps<R>, run: RunState, def: AssetDefinition<R>, runSignal: AbortSignal): Promise<{ ok: boolean; state: RunState }> {
  const { history } = deps;
  const decide = guard(history);
  const partition = run.partition;
  const inputs = await stepInputs(history, deps.graph, def, partition, deps.now());
  if (inputs.kind === 'blocked')
    return {
      ok: false,
      state: (await decide(run.runId, { type: 'skip-step', attempt: run.attempt, asset: def.key, reason: 'blocked', detail: inputs.detail })).state,
    };
  const signal = AbortSignal.any([runSignal, AbortSignal.timeout(def.timeoutMs)]);
  const ctx: AssetContext<R> = {
    asset: def.key,
    partition,
    window: timeWindow(def.partitions, partition),
    runId: run.runId,
    attempt: run.attempt,
    signal,
    resources: deps.resources,
    upstream: inputs.kind === 'ready' ? inputs.upstream : {},
    log: (level: LogLevel, message: string) => {
      deps.log[level]({ runId: run.runId, asset: def.key, partition }, message);
      void guard(history)(run.runId, { type: 'log', attempt: run.attempt, asset: def.key, level, message }).catch(() => undefined);
    },
    now: deps.now(),
  };
  const t0 = Date.now();
  if (inputs.kind === 'missing') {
    await decide(run.runId, { type: 'start-step', attempt: run.attempt, asset: def.key, dataVersion: '' });
    return {
      ok: false,
      state: (
        await decide(run.runId, {
          type: 'fail-step',
          attempt: run.attempt,
          asset: def.key,
          durationMs: 0,
          failure: { code: 'upstream-missing', message: inputs.detail },
        })
      ).state,
    };
  }
  try {
    const source = def.observe ? await withSignal(def.observe(ctx), signal) : null;
    const version = dataVersion(def, partition, inputs.upstream, source);
    if (!run.force && (await unchanged(history, def.key, partition, version))) {
      return {
        ok: true,
        state: (
          await decide(run.runId, {
            type: 'skip-step',
            attempt: run.attempt,
            asset: def.key,
            reason: 'unchanged',
            detail: `data version ${version} already materialized`,
          })
        ).state,
      };
    }
    await decide(run.runId, { type: 'start-step', attempt: run.attempt, asset: def.key, dataVersion: version });
    const materialization = await withSignal(def.materialize(ctx), signal);
    const checks: Array<CheckResult & { name: string; severity: 'warn' | 'error'; description: string }> = [];
    for (const c of def.checks) {
      const r = await withSignal(c.evaluate(ctx, materialization), signal);
      checks.push({ ...r, name: c.name, severity: c.severity, description: r.description ?? c.description });
    }
    return await recordMaterialization(deps, run, def, version, materialization, checks, Date.now() - t0);
  } catch (err) {
    if (err instanceof RunTakenOverError) throw err;
    const failure = failureOf(err, signal, runSignal);
    deps.log.warn({ runId: run.runId, asset: def.key, partition, err: failure.message }, 'step failed');
    const state = (await history.runState(run.runId)).state;
    if (state.steps[def.key]?.status !== 'running') await decide(run.runId, { type: 'start-step', attempt: run.attempt, asset: def.key, dataVersion: '' });
    return {
      ok: false,
      state: (await decide(run.runId, { type: 'fail-step', attempt: run.attempt, asset: def.key, durationMs: Date.now() - t0, failure })).state,
    };
  }
}

async function recordMaterialization<R>(
  deps: AttemptDeps<R>,
  run: RunState,
  def: AssetDefinition<R>,
  version: string,
  m: Materialization,
  checks: Array<CheckResult & { name: string; severity: 'warn' | 'error'; description: string }>,
  durationMs: number,
): Promise<{ ok: boolean; state: RunState }> {
  const failing = checks.filter((c) => c.severity === 'error' && !c.passed);
  const cmd =
    failing.length === 0
      ? ({ type: 'succeed-step', attempt: run.attempt, asset: def.key, durationMs } as const)
      : ({
          type: 'fail-step',
          attempt: run.attempt,
          asset: def.key,
          durationMs,
          failure: { code: 'check-failed', message: `error check failed: ${failing.map((c) => `${c.name} (${c.description})`).join('; ')}` },
        } as const);
  const decision = await guard(deps.history)(run.runId, cmd, async (w) => {
    await w.append(
      etlStreams.asset(def.key),
      [
        {
          type: 'EtlAssetMaterialized',
          data: { asset: def.key, partition: run.partition, runId: run.runId, dataVersion: version, metadata: m.metadata, durationMs },
        },
        ...checks.map((c) => ({
          type: 'EtlCheckEvaluated' as const,
          data: {
            asset: def.key,
            partition: run.partition,
            runId: run.runId,
            check: c.name,
            severity: c.severity,
            passed: c.passed,
            description: c.description.slice(0, 2000),
            metadata: c.metadata ?? {},
          },
        })),
      ],
      { idempotencyKey: `etl-mat:${run.runId}:${def.key}`, metadata: { correlationId: run.runId } },
    );
  });
  etlMetrics.materializations.inc({ asset: def.key });
  for (const c of failing) etlMetrics.checkFailures.inc({ asset: def.key, check: c.name, severity: c.severity });
  for (const c of checks.filter((x) => x.severity === 'warn' && !x.passed)) etlMetrics.checkFailures.inc({ asset: def.key, check: c.name, severity: 'warn' });
  return { ok: failing.length === 0, state: decision.state };
}

/** The partition already holds this data version and none of its error checks is failing. */
async function unchanged(history: EtlHistory, asset: string, partition: string | null, version: string): Promise<boolean> {
  const [current] = await partitionsOf(history.pool, history.s, asset, [partition]);
  if (current?.dataVersion !== version) return false;
  const checks = await checksOf(history.pool, history.s, asset, [partition]);
  return !checks.some((c) => c.severity === 'error' && !c.passed);
}

/**
 * Decides through the history one command at a time (a log line written while a step records its
 * outcome would otherwise race it for the stream's version), turning a lost race for the run's
 * stream — another executor took the run over — into RunTakenOverError.
 */
function guard(history: EtlHistory): EtlHistory['decide'] {
  const chains = guards.get(history) ?? new Map<string, Promise<unknown>>();
  guards.set(history, chains);
  return (runId, cmd, also) => {
    const run = async () => {
      try {
        return await history.decide(runId, cmd, also);
      } catch (err) {
        if (err instanceof WrongExpectedVersionError) throw new RunTakenOverError(`run stream ${err.streamId} moved on: another executor took the run over`);
        if (err instanceof AttemptOverError) throw new RunTakenOverError(`${err.message}: this executor was presumed lost and the run went on without it`);
        throw err;
      }
    };
    const next = (chains.get(runId) ?? Promise.resolve()).then(run, run);
    const settled = next.catch(() => undefined);
    chains.set(runId, settled);
    void settled.then(() => {
      if (chains.get(runId) === settled) chains.delete(runId);
    });
    return next;
  };
}
const guards = new WeakMap<EtlHistory, Map<string, Promise<unknown>>>();

/** Settles with the promise, or rejects when the signal aborts (a compute that ignores it still stops counting). */
function withSignal<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function failureOf(err: unknown, signal: AbortSignal, runSignal: AbortSignal): EtlFailure {
  const message = (err instanceof Error ? err.message : String(err)).slice(0, 4000);
  if (signal.aborted && !runSignal.aborted) return { code: 'timeout', message: `timed out: ${message}` };
  if (runSignal.aborted) return { code: 'error', message: `stopped: ${String((runSignal.reason as Error | undefined)?.message ?? runSignal.reason)}` };
  return { code: 'error', message };
}
