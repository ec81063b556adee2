import type { Key, ReactNode } from 'react';

/** One column of a {@link DataTable}. */
export interface Column<T> {
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** Right-aligned figures: the `num` class on the header and on every cell. */
  num?: boolean;
  /** Classes for the cells (not the header), e.g. `mono`. */
  cellClass?: string;
  /** Leave the column out (for columns shown only in some places). */
  hidden?: boolean;
}

/**
 * The catalogue's and registry's lists: a labelled table in a scrolling wrapper, one row per item,
 * column headers scoped for screen readers.
 */
export function DataTable<T>({ label, columns, rows, rowKey }: { label: string; columns: readonly Column<T>[]; rows: readonly T[]; rowKey: (row: T, index: number) => Key }) {
  const shown = columns.filter((c) => !c.hidden);
  return (
    <div className="table-wrap">
      <table aria-label={label}>
        <thead>
          <tr>
            {shown.map((c, i) => (
              <th key={i} scope="col" className={c.num ? 'num' : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => (
            <tr key={rowKey(row, r)}>
              {shown.map((c, i) => (
                <td key={i} className={[c.num ? 'num' : '', c.cellClass ?? ''].filter(Boolean).join(' ') || undefined}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
