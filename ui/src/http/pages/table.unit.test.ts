// Called as functions, not JSX: unit tests are .ts files (vitest's include).
import { describe, expect, it } from 'vitest';
import { DataTable, type Column } from './table';

interface Row {
  id: string;
  text: string;
  n: number;
}
const columns: Array<Column<Row>> = [
  { head: 'Id', cell: (r) => r.id, rowHeader: true },
  { head: 'Text', cell: (r) => r.text, class: 'text' },
  { head: 'N', cell: (r) => r.n, class: (r) => (r.n > 1 ? 'many' : undefined), attrs: (r) => ({ 'data-n': String(r.n) }) },
];
const html = (x: unknown): string => String(x);

describe('DataTable', () => {
  it('renders caption, headings and one row per item with its attributes, escaping cell text', () => {
    const out = html(
      DataTable({
        class: 't',
        caption: 'Cap <1>',
        columns,
        rows: [
          { id: 'a', text: '<img src=x onerror=alert(1)>', n: 1 },
          { id: 'b"', text: 'ok', n: 2 },
        ],
        rowAttrs: (r) => ({ 'data-id': r.id }),
      }),
    );
    expect(out).toBe(
      '<table class="t"><caption>Cap &lt;1&gt;</caption><thead><tr><th>Id</th><th>Text</th><th>N</th></tr></thead><tbody>' +
        '<tr data-id="a"><th scope="row">a</th><td class="text">&lt;img src=x onerror=alert(1)&gt;</td><td data-n="1">1</td></tr>' +
        '<tr data-id="b&quot;"><th scope="row">b&quot;</th><td class="text">ok</td><td class="many" data-n="2">2</td></tr>' +
        '</tbody></table>',
    );
  });

  it('shows the empty text instead of a table when there are no rows, and an empty table when none is given', () => {
    expect(html(DataTable({ columns, rows: [], empty: 'nothing <here>' }))).toBe('<p>nothing &lt;here&gt;</p>');
    expect(html(DataTable({ columns, rows: [] }))).toContain('<tbody></tbody>');
  });

  it('leaves out <thead> when no column has a heading', () => {
    const out = html(DataTable<Row>({ columns: [{ cell: (r) => r.id }], rows: [{ id: 'x', text: '', n: 0 }] }));
    expect(out).toBe('<table><tbody><tr><td>x</td></tr></tbody></table>');
  });
});
