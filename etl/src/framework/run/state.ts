import type { EtlFailure, EventData } from '@napominalka/core';

/** The run-stream events, typed by the catalog. */
type RunEventType =
  | 'EtlRunRequested'
  | 'EtlRunStarted'
  | 'EtlStepStarted'
  | 'EtlStepSucceeded'
  | 'EtlStepSkipped'
  | 'EtlStepFailed'
  | 'EtlRunLogged'
  | 'EtlRunRetryScheduled'
  | 'EtlRunSucceeded'
  | 'EtlRunFailed'
  | 'EtlRunCancelRequested'
  | 'EtlRunCancelled';
export type RunEvent = { [T in RunEventType]: { type: T; data: EventData<T> } }[RunEventType];
export const RUN_EVENT_TYPES: readonly RunEventType[] = [
  'EtlRunRequested',
  'EtlRunStarted',
  'EtlStepStarted',
  'EtlStepSucceeded',
  'EtlStepSkipped',
  'EtlStepFailed',
  'EtlRunLogged',
  'EtlRunRetryScheduled',
  'EtlRunSucceeded',
  'EtlRunFailed',
  'EtlRunCancelRequested',
  'EtlRunCancelled',
];
export const isRunEvent = (e: { type: string; data: unknown }): e is RunEvent => (RUN_EVENT_TYPES as readonly string[]).includes(e.type);

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
export type StepStatus = 'running' | 'succeeded' | 'skipped' | 'failed';

export interface StepState {
  status: StepStatus;
  attempt: number;
  failure?: EtlFailure;
  /** Why a skipped step did not run, and what it said. */
  skipped?: { reason: 'unchanged' | 'blocked' | 'upstream-failed'; detail: string };
}

/** A run as its stream tells it; `requested` is false before the first event. */
export interface RunState {
  requested: boolean;
  runId: string;
  status: RunStatus;
  assets: readonly string[];
  partition: string | null;
  maxAttempts: number;
  force: boolean;
  /** The attempt under way or last made; 0 before the first start. */
  attempt: number;
  notBefore: string | null;
  cancelRequested: boolean;
  /** Steps of the current attempt. */
  steps: Readonly<Record<string, StepState>>;
  /** Log lines of the current attempt (bounded by the decider). */
  logs: number;
}

export const initialRunState = (runId: string): RunState => ({
  requested: false,
  runId,
  status: 'queued',
  assets: [],
  partition: null,
  maxAttempts: 1,
  force: false,
  attempt: 0,
  notBefore: null,
  cancelRequested: false,
  steps: {},
  logs: 0,
});

export const isFinished = (s: RunState): boolean => s.status === 'succeeded' || s.status === 'failed' || s.status === 'cancelled';

export function evolveRun(s: RunState, e: RunEvent): RunState {
  switch (e.type) {
    case 'EtlRunRequested':
      return { ...s, requested: true, assets: e.data.assets, partition: e.data.partition, maxAttempts: e.data.maxAttempts, force: e.data.force };
    case 'EtlRunStarted':
      return { ...s, status: 'running', attempt: e.data.attempt, notBefore: null, steps: {}, logs: 0 };
    case 'EtlStepStarted':
      return { ...s, steps: { ...s.steps, [e.data.asset]: { status: 'running', attempt: e.data.attempt } } };
    case 'EtlStepSucceeded':
      return { ...s, steps: { ...s.steps, [e.data.asset]: { status: 'succeeded', attempt: e.data.attempt } } };
    case 'EtlStepSkipped':
      return {
        ...s,
        steps: { ...s.steps, [e.data.asset]: { status: 'skipped', attempt: e.data.attempt, skipped: { reason: e.data.reason, detail: e.data.detail } } },
      };
    case 'EtlStepFailed':
      return { ...s, steps: { ...s.steps, [e.data.asset]: { status: 'failed', attempt: e.data.attempt, failure: e.data.failure } } };
    case 'EtlRunLogged':
      return { ...s, logs: s.logs + 1 };
    case 'EtlRunRetryScheduled':
      return { ...s, status: 'queued', notBefore: e.data.notBefore };
    case 'EtlRunSucceeded':
      return { ...s, status: 'succeeded' };
    case 'EtlRunFailed':
      return { ...s, status: 'failed' };
    case 'EtlRunCancelRequested':
      return { ...s, cancelRequested: true };
    case 'EtlRunCancelled':
      return { ...s, status: 'cancelled' };
  }
}

export const foldRun = (runId: string, events: readonly { type: string; data: unknown }[]): RunState =>
  events.filter(isRunEvent).reduce(evolveRun, initialRunState(runId));
