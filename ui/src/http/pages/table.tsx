import type { Child } from 'hono/jsx';

/** One column: its heading and how a row fills its cell. */
export interface Column<R> {
  /** The <th> in <thead>; a table none of whose columns has one gets no <thead>. */
  head?: Child;
  cell: (r: R) => Child;
  /** The row's own heading: <th scope="row"> instead of <td>. */
  rowHeader?: boolean;
  /** The cell's class, fixed or per row (undefined: no class attribute). */
  class?: string | ((r: R) => string | undefined);
  /** Further attributes of the cell, e.g. data-status for tests and CSS. */
  attrs?: (r: R) => Record<string, string>;
}

export interface DataTableProps<R> {
  class?: string;
  caption?: Child;
  columns: Array<Column<R>>;
  rows: R[];
  /** Attributes of each <tr>, e.g. data-figure or data-event-id. */
  rowAttrs?: (r: R) => Record<string, string>;
  /** Given: no rows shows this in a <p> instead of an empty table. */
  empty?: Child;
}

function Cell<R>({ col, row }: { col: Column<R>; row: R }) {
  const cls = typeof col.class === 'function' ? col.class(row) : col.class;
  const attrs = { ...(cls === undefined ? {} : { class: cls }), ...col.attrs?.(row) };
  return col.rowHeader ? (
    <th scope="row" {...attrs}>
      {col.cell(row)}
    </th>
  ) : (
    <td {...attrs}>{col.cell(row)}</td>
  );
}

/** A table of rows under column headings; cell text is escaped like any JSX text. */
export function DataTable<R>(p: DataTableProps<R>): Child {
  if (p.rows.length === 0 && p.empty !== undefined) return <p>{p.empty}</p>;
  const headed = p.columns.some((c) => c.head !== undefined);
  return (
    <table class={p.class}>
      {p.caption === undefined ? null : <caption>{p.caption}</caption>}
      {headed ? (
        <thead>
          <tr>
            {p.columns.map((c) => (
              <th>{c.head}</th>
            ))}
          </tr>
        </thead>
      ) : null}
      <tbody>
        {p.rows.map((r) => (
          <tr {...p.rowAttrs?.(r)}>
            {p.columns.map((c) => (
              <Cell col={c} row={r} />
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
