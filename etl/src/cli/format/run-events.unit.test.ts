import { describe, expect, it } from 'vitest';
import { describeRunEvent } from './run-events';

const runId = '01a23582-8a79-750e-9973-ccaa758f9b22';

describe('run events in words', () => {
  it('says what each event of a run records', () => {
    expect(
      describeRunEvent(
        {
          type: 'EtlRunRequested',
          data: { runId, assets: ['a', 'b'], partition: '2026-11-30', reason: 'manual', origin: 'cli:ops', maxAttempts: 3, force: true },
        },
        'UTC',
      ),
    ).toBe('requested (manual) by cli:ops: a, b @ 2026-11-30, at most 3 attempts, forced');
    expect(describeRunEvent({ type: 'EtlStepSucceeded', data: { runId, attempt: 1, asset: 'a', durationMs: 1234 } }, 'UTC')).toBe('a succeeded in 1.2 s');
    expect(
      describeRunEvent(
        { type: 'EtlStepSkipped', data: { runId, attempt: 1, asset: 'a', reason: 'unchanged', detail: 'data version x already materialized' } },
        'UTC',
      ),
    ).toBe('a skipped (unchanged): data version x already materialized');
    expect(
      describeRunEvent(
        { type: 'EtlRunRetryScheduled', data: { runId, nextAttempt: 2, notBefore: '2026-12-02T06:00:10.000Z', failure: { code: 'timeout', message: 'slow' } } },
        'UTC',
      ),
    ).toBe('attempt 2 scheduled for 2026-12-02 06:00:10.000 +00:00 after timeout: slow');
    expect(describeRunEvent({ type: 'EtlRunLogged', data: { runId, attempt: 1, asset: 'a', level: 'warn', message: 'hm' } }, 'UTC')).toBe('warn a: hm');
    expect(describeRunEvent({ type: 'EtlRunCancelRequested', data: { runId, by: 'cli:ops' } }, 'UTC')).toBe('cancel requested by cli:ops');
  });
});
