import type { ReactNode } from 'react';

/** A column: its heading (also each cell's label when the table becomes cards on a phone) and how a row shows in it. */
export interface Column<T> {
  label: string;
  cell: (row: T) => ReactNode;
  className?: string;
  /** The heading is for screen readers only (an actions column). */
  hideLabel?: boolean;
}

/**
 * Every table of the console: striped, scrolling inside itself if it must, and one card per
 * row under 640 px, each value under its column's name (console.css, `table.cards`).
 */
export function DataTable<T>({
  rows,
  columns,
  rowKey,
  rowTestId,
  className,
  testId,
}: {
  rows: T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  rowTestId?: (row: T) => string;
  className?: string;
  testId?: string;
}) {
  return (
    <div className="overflow-auto">
      <table className={className ? `striped cards ${className}` : 'striped cards'} data-testid={testId}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col" key={column.label}>
                {column.hideLabel ? <span className="visually-hidden">{column.label}</span> : column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} data-testid={rowTestId?.(row)}>
              {columns.map((column) => (
                <td key={column.label} data-label={column.hideLabel ? undefined : column.label} className={column.className}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
