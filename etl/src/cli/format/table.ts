import { clean, cut, paint, width, type Style } from '../terminal';

/** A cell: text (cleaned of control characters here) and an optional colour. */
export type Cell = string | { text: string; style?: Style | undefined };

export interface Column<T> {
  header: string;
  align?: 'left' | 'right';
  /** Longest text shown; a longer one is cut with an ellipsis. */
  max?: number;
  cell(row: T): Cell;
}

/**
 * Rows as aligned columns under a header, two spaces apart; the last column is not padded (it
 * can be long: failure messages). Pure; colour only when asked, never over the padding.
 */
export function renderTable<T>(columns: ReadonlyArray<Column<T>>, rows: readonly T[], opts: { color: boolean }): string[] {
  const cells = rows.map((r) =>
    columns.map((c) => {
      const v = c.cell(r);
      const { text, style } = typeof v === 'string' ? { text: v, style: undefined } : v;
      const shown = clean(text);
      return { text: c.max ? cut(shown, c.max) : shown, style };
    }),
  );
  const widths = columns.map((c, i) => Math.max(width(c.header), ...cells.map((r) => width(r[i]!.text))));
  const line = (texts: ReadonlyArray<{ text: string; style?: Style | undefined }>) =>
    texts
      .map((t, i) => {
        const gap = ' '.repeat(widths[i]! - width(t.text));
        const painted = paint(t.text, t.style, opts.color);
        if (columns[i]!.align === 'right') return gap + painted;
        return i === texts.length - 1 ? painted : painted + gap;
      })
      .join('  ')
      .trimEnd();
  const header = line(columns.map((c) => ({ text: c.header, style: 'bold' as const })));
  return [header, ...cells.map(line)];
}
