import type { PartitionState } from '../status-model';
import { clean, padEnd, paint, width, type Style } from '../terminal';

/** How each partition state is drawn: one character, a colour, a legend word. */
export const CELLS: Record<PartitionState, { symbol: string; style: Style; label: string }> = {
  ok: { symbol: '■', style: 'green', label: 'materialized' },
  warn: { symbol: '!', style: 'yellow', label: 'warn check failing' },
  error: { symbol: '✗', style: 'red', label: 'error check failing' },
  failed: { symbol: '×', style: 'red', label: 'last run failed' },
  'in-progress': { symbol: '▶', style: 'cyan', label: 'queued or running' },
  missing: { symbol: '·', style: 'dim', label: 'missing' },
};

const DAY = /^(\d{4}-\d{2})-(\d{2})$/;
const MONTH_WIDTH = 31;

/**
 * The compact grid: daily partitions as one row per month, a column per day of the month;
 * other partitions (static keys, the unpartitioned one) one per line. Days outside the
 * selection are blank. Ends with the legend of the states shown.
 */
export function renderGrid(cells: ReadonlyArray<{ partition: string | null; state: PartitionState }>, opts: { color: boolean }): string[] {
  const cell = (s: PartitionState) => paint(CELLS[s].symbol, CELLS[s].style, opts.color);
  const daily = cells.length > 0 && cells.every((c) => c.partition !== null && DAY.test(c.partition));
  const lines: string[] = [];
  if (daily) {
    const months = new Map<string, Array<PartitionState | null>>();
    for (const c of cells) {
      const [, month, day] = DAY.exec(c.partition!)!;
      const row = months.get(month!) ?? Array<PartitionState | null>(MONTH_WIDTH).fill(null);
      row[Number(day) - 1] = c.state;
      months.set(month!, row);
    }
    lines.push(paint(`${' '.repeat(9)}${dayRuler()}`, 'dim', opts.color));
    for (const [month, row] of months)
      lines.push(
        `${month}  ${row
          .map((s) => (s ? cell(s) : ' '))
          .join('')
          .trimEnd()}`,
      );
  } else {
    const names = cells.map((c) => (c.partition === null ? '(unpartitioned)' : clean(c.partition)));
    const w = Math.max(...names.map(width));
    cells.forEach((c, i) => lines.push(`${padEnd(names[i]!, w)}  ${cell(c.state)}`));
  }
  const shown = (Object.keys(CELLS) as PartitionState[]).filter((s) => cells.some((c) => c.state === s));
  lines.push('', shown.map((s) => `${cell(s)} ${CELLS[s].label}`).join('   '));
  return lines;
}

/** Day numbers over the columns they head: 1, 5, 10, … 30. */
function dayRuler(): string {
  const ruler = Array<string>(MONTH_WIDTH).fill(' ');
  for (const d of [1, 5, 10, 15, 20, 25, 30]) [...String(d)].forEach((ch, i) => (ruler[d - 1 + i] = ch));
  return ruler.join('').trimEnd();
}
