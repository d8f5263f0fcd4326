import type { ReactNode } from "react";
import { Card } from "./Card";
import { cx } from "./cx";

// A table from data: the page says which columns there are and how to show a row's cell; the
// table owns the markup (scoped headers, alignment, density, empty state) and stays readable on
// a phone: it scrolls sideways inside a focusable region whose edges shade while more columns
// are hidden (the `scroll-cue` utility in app/globals.css), instead of running off the screen.

export interface Column<Row> {
  /** Stable key of the column (React key, and `data-col` on its cells). */
  key: string;
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  align?: "left" | "right";
  /** The cell that names the row: a <th scope="row"> instead of a <td> (bold unless `className` sets a weight). */
  rowHeader?: boolean;
  /** Hidden on a phone (a secondary figure). */
  hideOnPhone?: boolean;
  /** Extra classes of the column's cells, constant or per row (a red count). */
  className?: string | ((row: Row) => string | undefined);
}

interface DataTableProps<Row> {
  columns: ReadonlyArray<Column<Row>>;
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  /** Names the scrollable region for screen readers and keyboard users. */
  label: string;
  /** `framed`: the table is the card (a page's list); `inset`: inside a card or panel. */
  frame?: "framed" | "inset";
  /** `shaded`: a grey header row; `caps`: small upper-case headers (panels, reports). */
  head?: "shaded" | "caps";
  dense?: boolean;
  /** Shown instead of the table when there is no row; without it an empty table is shown. */
  empty?: ReactNode;
  /** A minimum width (e.g. "min-w-[30rem]"): below it, the table scrolls instead of squeezing. */
  minWidth?: string;
  rowProps?: (row: Row) => { className?: string } & Record<`data-${string}`, string | undefined>;
  className?: string;
  [data: `data-${string}`]: string | undefined;
}

const HEAD = {
  shaded: "bg-slate-100 text-slate-600",
  caps: "border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500",
} as const;

function cellClass<Row>(column: Column<Row>, row: Row | null, dense: boolean): string {
  const own =
    typeof column.className === "function" ? (row === null ? undefined : column.className(row)) : column.className;
  return cx(
    dense ? "px-3 py-1.5" : "px-3 py-2",
    column.align === "right" ? "text-right tabular-nums" : "text-left",
    column.hideOnPhone && "hidden sm:table-cell",
    own,
  );
}

export function DataTable<Row>({
  columns,
  rows,
  rowKey,
  label,
  frame = "inset",
  head = "shaded",
  dense = false,
  empty,
  minWidth,
  rowProps,
  className,
  ...data
}: DataTableProps<Row>) {
  if (rows.length === 0 && empty !== undefined) {
    return frame === "framed" ? (
      <Card as="p" padding="lg" className="text-slate-600">
        {empty}
      </Card>
    ) : (
      <p className="text-sm text-slate-600">{empty}</p>
    );
  }
  const table = (
    <table className={cx("w-full text-sm", minWidth)} {...data}>
      <thead className={HEAD[head]}>
        <tr>
          {columns.map((column) => (
            <th
              key={column.key}
              scope="col"
              className={cx(cellClass({ ...column, className: undefined }, null, dense), "font-medium")}
            >
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const { className: rowClass, ...rowData } = rowProps?.(row) ?? {};
          return (
            <tr key={rowKey(row)} className={cx("border-t border-slate-100 first:border-t-0", rowClass)} {...rowData}>
              {columns.map((column) =>
                column.rowHeader ? (
                  <th key={column.key} scope="row" data-col={column.key} className={cellClass(column, row, dense)}>
                    {column.cell(row)}
                  </th>
                ) : (
                  <td key={column.key} data-col={column.key} className={cellClass(column, row, dense)}>
                    {column.cell(row)}
                  </td>
                ),
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
  // tabIndex: a region that scrolls must be reachable from the keyboard to be scrolled.
  const region = (
    <div
      role="region"
      aria-label={label}
      tabIndex={0}
      className={cx("overflow-x-auto scroll-cue", frame === "framed" ? "rounded-md" : undefined, className)}
    >
      {table}
    </div>
  );
  return frame === "framed" ? (
    <Card padding="none" className="overflow-hidden">
      {region}
    </Card>
  ) : (
    region
  );
}
