import { describe, expect, it } from 'vitest';
import type { CheckRow, PartitionRow, RunRow } from '../framework';
import { partitionStatuses, summarize, summaryLine, type LastRun } from './status-model';

const at = new Date('2026-12-01T01:00:00Z');
const part = (partition: string): PartitionRow => ({
  asset: 'a',
  partition,
  dataVersion: `v-${partition}`,
  runId: `r-${partition}`,
  metadata: {},
  materializedAt: at,
  position: 1,
  materializations: 1,
});
const check = (partition: string, severity: 'warn' | 'error', passed: boolean): CheckRow => ({
  asset: 'a',
  partition,
  check: `${severity}_check`,
  severity,
  passed,
  runId: 'r',
  description: `${severity} said so`,
  metadata: {},
  evaluatedAt: at,
});
const run = (partition: string, status: RunRow['status'], step: LastRun['step'] = null): LastRun => ({
  run: {
    runId: `run-${partition}`,
    assets: ['a', 'b'],
    partition,
    reason: 'manual',
    origin: 'cli:x',
    backfillId: null,
    status,
    attempt: 1,
    maxAttempts: 3,
    notBefore: null,
    cancelRequested: false,
    executor: null,
    failure: status === 'failed' ? { code: 'error', message: 'boom' } : null,
    createdAt: at,
    startedAt: null,
    finishedAt: null,
    durationMs: null,
  },
  step,
});

describe('partition status', () => {
  it('one state per partition, the most urgent first', () => {
    const keys = ['d1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7', 'd8'];
    const statuses = partitionStatuses(
      keys,
      [part('d1'), part('d2'), part('d3'), part('d5'), part('d7'), part('d8')],
      [check('d2', 'error', false), check('d2', 'warn', false), check('d3', 'warn', false), check('d1', 'error', true)],
      [
        run('d4', 'failed', { status: 'failed', skipReason: null }),
        run('d5', 'running'),
        // The run failed in another asset; this one's step succeeded or was unchanged.
        run('d7', 'failed', { status: 'succeeded', skipReason: null }),
        run('d8', 'failed', { status: 'skipped', skipReason: 'unchanged' }),
      ],
    );
    expect(statuses.map((s) => [s.partition, s.state])).toEqual([
      ['d1', 'ok'],
      ['d2', 'error'],
      ['d3', 'warn'],
      ['d4', 'failed'],
      ['d5', 'in-progress'],
      ['d6', 'missing'],
      ['d7', 'ok'],
      ['d8', 'ok'],
    ]);
    expect(statuses[1]!.failingChecks.map((c) => c.check)).toEqual(['error_check', 'warn_check']);
    expect(statuses[0]).toMatchObject({ materialized: { dataVersion: 'v-d1', runId: 'r-d1', count: 1 }, failingChecks: [], lastRun: null });
    expect(statuses[3]!.lastRun).toMatchObject({ status: 'failed', failure: 'boom' });
    const summary = summarize(statuses);
    expect(summary).toEqual({ partitions: 8, materialized: 6, missing: 2, failing: 2, warnings: 2, inProgress: 1 });
    expect(summaryLine(summary)).toBe('8 partitions: 6 materialized, 2 missing, 2 failing, 2 with warnings, 1 in progress');
  });

  it('an unpartitioned asset has the one partition null', () => {
    const statuses = partitionStatuses([null], [{ ...part('x'), partition: null }], [], []);
    expect(statuses).toMatchObject([{ partition: null, state: 'ok' }]);
    expect(summaryLine(summarize(statuses))).toBe('1 partition: 1 materialized, 0 missing, 0 failing');
  });
});
