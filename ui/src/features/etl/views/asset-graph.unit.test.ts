import { describe, expect, it } from 'vitest';
import { nodeStatuses } from './asset-graph';

describe('nodeStatuses', () => {
  it('takes the latest partition, counts by state (urgent first), names states it does not know', () => {
    const s = nodeStatuses({
      assets: [
        {
          asset: 'a',
          partitions: [
            { partition: '2026-10-01', state: 'ok' },
            { partition: '2026-10-02', state: 'failed' },
            { partition: '2026-10-03', state: 'ok' },
          ],
        },
        { asset: 'b', partitions: [] },
        { asset: 'c', partitions: [{ partition: null, state: 'stale' }] },
      ],
    });
    expect(s.get('a')).toEqual({
      latest: { partition: '2026-10-03', state: 'ok' },
      state: 'ok',
      counts: [
        { state: 'failed', n: 1 },
        { state: 'ok', n: 2 },
      ],
    });
    expect(s.get('b')).toMatchObject({ latest: null, state: 'none', counts: [] });
    expect(s.get('c')).toMatchObject({ state: 'unknown', counts: [{ state: 'stale', n: 1 }] });
  });
});
