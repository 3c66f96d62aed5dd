import { describe, it } from 'vitest';
import type { EtlFailure, EventData } from '@napominalka/core';
import { deciderSpec } from '../testing/decider-spec';
import { AttemptOverError, decideRun, MAX_LOGS_PER_ATTEMPT, RunRefusedError, type RunCommand } from './decide';
import { evolveRun, initialRunState, type RunEvent } from './state';

const runId = '01935f4e-0000-7000-8000-000000000001';
const given = deciderSpec<ReturnType<typeof initialRunState>, RunCommand, RunEvent>({
  decide: decideRun,
  evolve: evolveRun,
  initialState: () => initialRunState(runId),
});

const NOW = new Date('2026-11-20T12:00:00.000Z');
const at = (ms: number) => new Date(NOW.getTime() + ms).toISOString();
const BACKOFF = 1_000;
const boom: EtlFailure = { code: 'error', message: 'boom' };

const request: EventData<'EtlRunRequested'> = {
  runId,
  assets: ['a', 'b'],
  partition: '2026-11-01',
  reason: 'manual',
  origin: 'test',
  maxAttempts: 3,
  force: false,
};
const requested = (o: { maxAttempts?: number } = {}): RunEvent => ({ type: 'EtlRunRequested', data: { ...request, ...o } });
const started = (attempt: number): RunEvent => ({ type: 'EtlRunStarted', data: { runId, attempt, executor: 'host:1:abc' } });
const stepStarted = (asset: string, attempt = 1): RunEvent => ({ type: 'EtlStepStarted', data: { runId, attempt, asset, dataVersion: 'v1' } });
const stepSucceeded = (asset: string, attempt = 1): RunEvent => ({ type: 'EtlStepSucceeded', data: { runId, attempt, asset, durationMs: 5 } });
const stepFailed = (asset: string, failure: EtlFailure = boom, attempt = 1): RunEvent => ({
  type: 'EtlStepFailed',
  data: { runId, attempt, asset, durationMs: 5, failure },
});
const skipped = (asset: string, reason: 'unchanged' | 'blocked' | 'upstream-failed', attempt = 1): RunEvent => ({
  type: 'EtlStepSkipped',
  data: { runId, attempt, asset, reason, detail: `${reason} detail` },
});
const retried = (nextAttempt: number, notBefore: string, failure: EtlFailure = boom): RunEvent => ({
  type: 'EtlRunRetryScheduled',
  data: { runId, nextAttempt, notBefore, failure },
});
const logged = (attempt: number): RunEvent => ({ type: 'EtlRunLogged', data: { runId, attempt, level: 'info', message: 'x' } });
const cancelRequested: RunEvent = { type: 'EtlRunCancelRequested', data: { runId, by: 'ops' } };
/** Attempt `n` after n − 1 failed ones, both steps done, ready to finish. */
const attemptDone = (n: number): RunEvent[] => [
  requested(),
  ...Array.from({ length: n - 1 }, (_, i) => [started(i + 1), stepFailed('a', boom, i + 1), retried(i + 2, at(0))]).flat(),
  started(n),
];
const finish = (attempt: number): RunCommand => ({ type: 'finish', attempt, now: NOW, durationMs: 42, backoffMs: BACKOFF });

describe('run decider: request and start', () => {
  it('a request is recorded once', () => {
    given([]).when({ type: 'request', data: request }).then([requested()]);
    given([requested()]).when({ type: 'request', data: request }).thenNothing();
  });

  it('nothing but a request is decided on a run that does not exist', () => {
    given([])
      .when({ type: 'start', executor: 'x', now: NOW })
      .thenThrows(RunRefusedError, /does not exist/);
    given([])
      .when({ type: 'cancel', by: 'ops' })
      .thenThrows(RunRefusedError, /does not exist/);
  });

  it('starts a queued run as attempt 1, and refuses to start a running one', () => {
    given([requested()])
      .when({ type: 'start', executor: 'host:1:abc', now: NOW })
      .then([started(1)]);
    given([requested(), started(1)])
      .when({ type: 'start', executor: 'y', now: NOW })
      .thenThrows(RunRefusedError, /is running, not queued/);
  });

  it('a retry starts no sooner than its notBefore, as the next attempt', () => {
    const waiting = [requested(), started(1), stepFailed('a'), retried(2, at(BACKOFF))];
    given(waiting)
      .when({ type: 'start', executor: 'x', now: NOW })
      .thenThrows(RunRefusedError, /waits until/);
    given(waiting)
      .when({ type: 'start', executor: 'x', now: new Date(at(BACKOFF)) })
      .then([{ type: 'EtlRunStarted', data: { runId, attempt: 2, executor: 'x' } }]);
  });

  it('a queued run whose cancel was asked for is cancelled instead of started', () => {
    given([requested(), started(1), cancelRequested, retried(2, at(0))])
      .when({ type: 'start', executor: 'x', now: NOW })
      .then([{ type: 'EtlRunCancelled', data: { runId, attempt: 1 } }]);
  });
});

describe('run decider: steps', () => {
  const running = [requested(), started(1)];

  it('starts, succeeds and fails steps of the running attempt', () => {
    given(running)
      .when({ type: 'start-step', attempt: 1, asset: 'a', dataVersion: 'v1' })
      .then([stepStarted('a')]);
    given([...running, stepStarted('a')])
      .when({ type: 'succeed-step', attempt: 1, asset: 'a', durationMs: 5 })
      .then([stepSucceeded('a')]);
    given([...running, stepStarted('a')])
      .when({ type: 'fail-step', attempt: 1, asset: 'a', durationMs: 5, failure: boom })
      .then([stepFailed('a')]);
  });

  it('refuses a step outside the run, a step started twice, and an outcome of a step not running', () => {
    given(running)
      .when({ type: 'start-step', attempt: 1, asset: 'z', dataVersion: 'v' })
      .thenThrows(RunRefusedError, /asset z is not part of run/);
    given([...running, stepStarted('a')])
      .when({ type: 'start-step', attempt: 1, asset: 'a', dataVersion: 'v' })
      .thenThrows(RunRefusedError, /already running/);
    given(running)
      .when({ type: 'succeed-step', attempt: 1, asset: 'a', durationMs: 1 })
      .thenThrows(RunRefusedError, /step a .* is not running/);
    given([...running, stepStarted('a'), stepSucceeded('a')])
      .when({ type: 'fail-step', attempt: 1, asset: 'a', durationMs: 1, failure: boom })
      .thenThrows(RunRefusedError, /not running/);
  });

  it('skips a step not started or running, never one already finished', () => {
    given(running)
      .when({ type: 'skip-step', attempt: 1, asset: 'a', reason: 'unchanged', detail: 'unchanged detail' })
      .then([skipped('a', 'unchanged')]);
    given([...running, stepStarted('a')])
      .when({ type: 'skip-step', attempt: 1, asset: 'a', reason: 'blocked', detail: 'blocked detail' })
      .then([skipped('a', 'blocked')]);
    given([...running, skipped('a', 'unchanged')])
      .when({ type: 'skip-step', attempt: 1, asset: 'a', reason: 'unchanged', detail: '' })
      .thenThrows(RunRefusedError, /already skipped/);
  });

  it("refuses every word of an attempt that is over: a zombie's steps, outcome and finish", () => {
    const takenOver = [
      requested(),
      started(1),
      stepStarted('a'),
      retried(2, at(0), { code: 'executor-lost', message: 'lost' }),
      started(2),
      stepStarted('a', 2),
    ];
    given(takenOver)
      .when({ type: 'succeed-step', attempt: 1, asset: 'a', durationMs: 5 })
      .thenThrows(AttemptOverError, /attempt 1 of run .* is over: the run is running at attempt 2/);
    given(takenOver).when({ type: 'start-step', attempt: 1, asset: 'b', dataVersion: 'v' }).thenThrows(AttemptOverError);
    given(takenOver).when(finish(1)).thenThrows(AttemptOverError);
    // Abandoned and waiting for its retry: no attempt is running.
    given(takenOver.slice(0, 4))
      .when({ type: 'fail-step', attempt: 1, asset: 'a', durationMs: 5, failure: boom })
      .thenThrows(AttemptOverError, /the run is queued at attempt 1/);
    given([requested(), started(1), stepSucceeded('a'), stepSucceeded('b'), { type: 'EtlRunSucceeded', data: { runId, attempt: 1, durationMs: 1 } }])
      .when({ type: 'skip-step', attempt: 1, asset: 'a', reason: 'unchanged', detail: '' })
      .thenThrows(AttemptOverError, /is succeeded/);
  });
});

describe('run decider: finish', () => {
  it('succeeds when every step succeeded or was unchanged', () => {
    given([...attemptDone(1), stepStarted('a'), stepSucceeded('a'), skipped('b', 'unchanged')])
      .when(finish(1))
      .then([{ type: 'EtlRunSucceeded', data: { runId, attempt: 1, durationMs: 42 } }]);
  });

  it('retries a failed step with a backoff doubling per attempt, and fails after the last attempt', () => {
    given([...attemptDone(1), stepFailed('a')])
      .when(finish(1))
      .then([retried(2, at(BACKOFF))]);
    given([...attemptDone(2), stepFailed('a', boom, 2)])
      .when(finish(2))
      .then([retried(3, at(2 * BACKOFF))]);
    given([...attemptDone(3), stepFailed('a', boom, 3)])
      .when(finish(3))
      .then([{ type: 'EtlRunFailed', data: { runId, attempt: 3, failure: boom } }]);
  });

  it("retries a failed step only as often as its own asset allows, whatever the run's limit", () => {
    const once = { type: 'finish', attempt: 1, now: NOW, durationMs: 42, backoffMs: BACKOFF, maxAttemptsOf: { a: 3, b: 1 } } as const;
    given([...attemptDone(1), stepStarted('a'), stepSucceeded('a'), stepFailed('b')])
      .when(once)
      .then([{ type: 'EtlRunFailed', data: { runId, attempt: 1, failure: boom } }]);
    given([...attemptDone(1), stepFailed('a')])
      .when(once)
      .then([retried(2, at(BACKOFF))]);
  });

  it('retries a timeout, and a step left running as an error', () => {
    const timeout: EtlFailure = { code: 'timeout', message: 'timed out' };
    given([...attemptDone(1), stepFailed('a', timeout)])
      .when(finish(1))
      .then([retried(2, at(BACKOFF), timeout)]);
    given([...attemptDone(1), stepStarted('a')])
      .when(finish(1))
      .then([retried(2, at(BACKOFF), { code: 'error', message: 'a step did not finish' })]);
  });

  it('does not retry what would fail the same way: a failed error check, a missing upstream', () => {
    for (const code of ['check-failed', 'upstream-missing'] as const) {
      const failure: EtlFailure = { code, message: code };
      given([...attemptDone(1), stepFailed('a', failure), skipped('b', 'upstream-failed')])
        .when(finish(1))
        .then([{ type: 'EtlRunFailed', data: { runId, attempt: 1, failure } }]);
    }
  });

  it('fails a run held back by a failing upstream check as blocked, with the detail', () => {
    given([...attemptDone(1), stepSucceeded('a'), skipped('b', 'blocked')])
      .when(finish(1))
      .then([{ type: 'EtlRunFailed', data: { runId, attempt: 1, failure: { code: 'blocked', message: 'blocked detail' } } }]);
  });

  it('refuses to finish with steps that never ran, and cancels when a cancel was asked for', () => {
    given([...attemptDone(1), stepSucceeded('a')])
      .when(finish(1))
      .thenThrows(RunRefusedError, /steps b never ran/);
    given([...attemptDone(1), cancelRequested, stepFailed('a')])
      .when(finish(1))
      .then([{ type: 'EtlRunCancelled', data: { runId, attempt: 1 } }]);
  });
});

describe('run decider: abandon (the executor is lost)', () => {
  const lost: EtlFailure = { code: 'executor-lost', message: 'the executor running this attempt stopped before finishing it' };
  const abandon: RunCommand = { type: 'abandon', now: NOW, backoffMs: BACKOFF };

  it('retries as executor-lost after the backoff of the attempt, fails on the last one', () => {
    given([requested(), started(1), stepStarted('a')])
      .when(abandon)
      .then([retried(2, at(BACKOFF), lost)]);
    given(attemptDone(2))
      .when(abandon)
      .then([retried(3, at(2 * BACKOFF), lost)]);
    given([requested({ maxAttempts: 1 }), started(1)])
      .when(abandon)
      .then([{ type: 'EtlRunFailed', data: { runId, attempt: 1, failure: lost } }]);
  });

  it('does nothing to a run that is not running, and cancels one whose cancel was asked for', () => {
    given([requested()]).when(abandon).thenNothing();
    given([requested(), started(1), stepFailed('a'), retried(2, at(0))])
      .when(abandon)
      .thenNothing();
    given([requested(), started(1), cancelRequested])
      .when(abandon)
      .then([{ type: 'EtlRunCancelled', data: { runId, attempt: 1 } }]);
  });
});

describe('run decider: cancel', () => {
  const cancel: RunCommand = { type: 'cancel', by: 'ops' };

  it('cancels a queued run at once, asks a running one to stop', () => {
    given([requested()])
      .when(cancel)
      .then([cancelRequested, { type: 'EtlRunCancelled', data: { runId, attempt: 0 } }]);
    given([requested(), started(1)])
      .when(cancel)
      .then([cancelRequested]);
  });

  it('does nothing to a finished run or a second time', () => {
    given([requested(), started(1), cancelRequested])
      .when(cancel)
      .thenNothing();
    given([requested(), started(1), { type: 'EtlRunSucceeded', data: { runId, attempt: 1, durationMs: 1 } }])
      .when(cancel)
      .thenNothing();
    given([requested(), started(1), { type: 'EtlRunFailed', data: { runId, attempt: 1, failure: boom } }])
      .when(cancel)
      .thenNothing();
    given([requested(), cancelRequested, { type: 'EtlRunCancelled', data: { runId, attempt: 0 } }])
      .when(cancel)
      .thenNothing();
  });
});

describe('run decider: log lines', () => {
  const log = (attempt: number, message = 'x'): RunCommand => ({ type: 'log', attempt, level: 'info', message });

  it(`keeps ${MAX_LOGS_PER_ATTEMPT} lines per attempt, each cut at 2000 characters`, () => {
    const full = [requested(), started(1), ...Array.from({ length: MAX_LOGS_PER_ATTEMPT }, () => logged(1))];
    given(full.slice(0, -1))
      .when(log(1))
      .then([logged(1)]);
    given(full).when(log(1)).thenNothing();
    given([requested(), started(1)])
      .when(log(1, 'é'.repeat(3000)))
      .then([{ type: 'EtlRunLogged', data: { runId, attempt: 1, level: 'info', message: 'é'.repeat(2000) } }]);
  });

  it('counts afresh in the next attempt, and drops lines of a run not running or of an attempt that is over', () => {
    const full = [requested(), started(1), ...Array.from({ length: MAX_LOGS_PER_ATTEMPT }, () => logged(1))];
    given([...full, stepFailed('a'), retried(2, at(0)), started(2)])
      .when(log(2))
      .then([logged(2)]);
    given([...full.slice(0, 3), stepFailed('a'), retried(2, at(0)), started(2)])
      .when(log(1))
      .thenNothing();
    given([requested()]).when(log(0)).thenNothing();
  });
});
