import { describe, expect, it } from 'vitest';
import { renderTable, type Column } from './table';

interface Row {
  id: string;
  n: number;
  note: string;
}
const cols: Array<Column<Row>> = [
  { header: 'ID', cell: (r) => r.id },
  { header: 'N', align: 'right', cell: (r) => String(r.n) },
  { header: 'NOTE', max: 10, cell: (r) => ({ text: r.note, style: 'red' }) },
];

describe('renderTable', () => {
  it('aligns columns under the header, right-aligns numbers, leaves the last column unpadded', () => {
    const lines = renderTable(
      cols,
      [
        { id: 'a', n: 5, note: 'ok' },
        { id: 'longer', n: 123, note: '' },
      ],
      { color: false },
    );
    expect(lines).toEqual(['ID        N  NOTE', 'a         5  ok', 'longer  123']);
  });

  it('cleans control characters out of cells and cuts long ones', () => {
    const lines = renderTable(cols, [{ id: 'x\u001b[31my', n: 1, note: 'line one\nline two' }], { color: false });
    expect(lines[1]).toBe('x[31my  1  line one …');
    expect(lines.join('')).not.toContain('\u001b');
  });

  it('colours cells, never the padding', () => {
    const lines = renderTable(
      [
        { header: 'S', cell: () => ({ text: 'ok', style: 'green' }) },
        { header: 'T', cell: () => 't' },
      ],
      [{}],
      { color: true },
    );
    expect(lines[1]).toBe('\u001b[32mok\u001b[39m  t');
    expect(lines[0]).toBe('\u001b[1mS\u001b[22m   \u001b[1mT\u001b[22m');
  });
});
