import { describe, expect, it } from 'vitest';
import type { RunRow, StepRow } from '../../framework';
import type { StoredEtlEvent } from '../../framework/history/etl-event';
import { renderRunReport, stepDetail, whyOf } from './run-report';

const runId = '01a23582-8a79-750e-9973-ccaa758f9b22';
const t = (ms: number) => new Date(Date.parse('2026-12-02T06:00:00.000Z') + ms);
const run: RunRow = {
  runId,
  assets: ['parse_quality'],
  partition: '2026-11-30',
  reason: 'manual',
  origin: 'cli:ops',
  backfillId: null,
  status: 'failed',
  attempt: 1,
  maxAttempts: 3,
  notBefore: null,
  cancelRequested: false,
  executor: 'host:1:abc',
  failure: { code: 'check-failed', message: 'error check failed: has_parses' },
  createdAt: t(0),
  startedAt: t(100),
  finishedAt: t(1600),
  durationMs: 1500,
};
const steps: StepRow[] = [
  {
    asset: 'parse_quality',
    attempt: 1,
    status: 'failed',
    dataVersion: 'abc123',
    startedAt: t(120),
    finishedAt: t(1500),
    durationMs: 1380,
    detail: { code: 'check-failed', message: 'error check failed: has_parses' },
  },
];
let position = 0;
const ev = (ms: number, e: Omit<StoredEtlEvent, 'globalPosition' | 'recordedAt'>): StoredEtlEvent =>
  ({ ...e, globalPosition: ++position, recordedAt: t(ms).toISOString() }) as StoredEtlEvent;
const events = [
  ev(0, {
    type: 'EtlRunRequested',
    data: { runId, assets: ['parse_quality'], partition: '2026-11-30', reason: 'manual', origin: 'cli:ops', maxAttempts: 3, force: false },
  }),
  ev(100, { type: 'EtlRunStarted', data: { runId, attempt: 1, executor: 'host:1:abc' } }),
  ev(120, { type: 'EtlStepStarted', data: { runId, attempt: 1, asset: 'parse_quality', dataVersion: 'abc123' } }),
  ev(700, { type: 'EtlRunLogged', data: { runId, attempt: 1, asset: 'parse_quality', level: 'warn', message: 'odd \u001b[2Jday\nindeed' } }),
  ev(1500, {
    type: 'EtlStepFailed',
    data: { runId, attempt: 1, asset: 'parse_quality', durationMs: 1380, failure: { code: 'check-failed', message: 'error check failed: has_parses' } },
  }),
  ev(1600, { type: 'EtlRunFailed', data: { runId, attempt: 1, failure: { code: 'check-failed', message: 'error check failed: has_parses' } } }),
];

describe('run report', () => {
  it('the run, its steps, its logs and its events with times and offsets', () => {
    const lines = renderRunReport({ run, steps, events }, { zone: 'UTC', now: t(5000), color: false });
    expect(lines.slice(0, 8)).toEqual([
      `run ${runId}  failed  attempt 1/3`,
      '  assets     parse_quality  @ 2026-11-30',
      '  why        manual cli:ops',
      '  created    2026-12-02 06:00:00.000 +00:00',
      '  started    2026-12-02 06:00:00.100 +00:00  on host:1:abc',
      '  finished   2026-12-02 06:00:01.600 +00:00  took 1.5 s',
      '  failure    check-failed: error check failed: has_parses',
      '',
    ]);
    expect(lines).toContain('  parse_quality  failed  06:00:00     1.3 s  abc123        check-failed: error check failed: has_parses');
    expect(lines).toContain('  06:00:00.700  warn   parse_quality  odd [2Jday indeed');
    expect(lines.at(-1)).toBe('  06:00:01.600        +1.6 s  EtlRunFailed           failed (check-failed, attempt 1): error check failed: has_parses');
    expect(lines.join('\n')).not.toContain('\u001b');
  });

  it('why and step details in words', () => {
    expect(whyOf({ reason: 'backfill', origin: 'backfill:0192' })).toBe('backfill:0192');
    expect(whyOf({ reason: 'schedule', origin: 'nightly' })).toBe('schedule nightly');
    expect(stepDetail({ reason: 'unchanged', detail: 'data version x already materialized' })).toBe('unchanged: data version x already materialized');
    expect(stepDetail(null)).toBe('');
  });
});
