import { describe, expect, it } from 'vitest';
import type { PartitionState } from '../status-model';
import { renderGrid } from './grid';

const days = (from: number, to: number, month: string, state: (d: number) => PartitionState) =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ partition: `${month}-${String(from + i).padStart(2, '0')}`, state: state(from + i) }));

describe('renderGrid', () => {
  it('daily partitions: a row per month, a column per day, blanks outside the selection, a legend', () => {
    const cells = [...days(28, 30, '2026-11', (d) => (d === 29 ? 'error' : 'ok')), ...days(1, 2, '2026-12', (d) => (d === 1 ? 'warn' : 'missing'))];
    const lines = renderGrid(cells, { color: false });
    expect(lines).toEqual([
      '         1   5    10   15   20   25   30',
      `2026-11  ${' '.repeat(27)}■✗■`,
      '2026-12  !·',
      '',
      '■ materialized   ! warn check failing   ✗ error check failing   · missing',
    ]);
  });

  it('static and unpartitioned: one line each', () => {
    expect(
      renderGrid(
        [
          { partition: 'ru', state: 'ok' },
          { partition: 'en', state: 'failed' },
        ],
        { color: false },
      ).slice(0, 2),
    ).toEqual(['ru  ■', 'en  ×']);
    expect(renderGrid([{ partition: null, state: 'in-progress' }], { color: false })[0]).toBe('(unpartitioned)  ▶');
  });

  it('colours each cell by its state', () => {
    const [, row] = renderGrid(
      days(1, 2, '2026-11', (d) => (d === 1 ? 'ok' : 'error')),
      { color: true },
    );
    expect(row).toBe('2026-11  \u001b[32m■\u001b[39m\u001b[31m✗\u001b[39m');
  });
});
