import type { PhrasingContent, Table, TableCell, TableRow } from "mdast";
import type { RunbookLimit, RunbookMeta } from "./schema";

// The `limits` of the front-matter as the page shows them: the `::limits` directive becomes a
// Markdown table built here, so the numbers on the page are the ones the lint compares with the
// alert rules (deploy/alerting/rules/) and nobody types them twice.

/** A limit together with the runbook that declares it. */
export interface LibraryLimit {
  id: string;
  slug: string;
  title: string;
  severity?: string;
  limit: RunbookLimit;
}

export function limitsOf(
  slug: string,
  meta: Pick<RunbookMeta, "title" | "severity" | "limits"> | null,
): LibraryLimit[] {
  if (!meta) return [];
  return Object.entries(meta.limits).map(([id, limit]) => ({
    id,
    slug,
    title: meta.title,
    severity: meta.severity,
    limit,
  }));
}

/** The comparison that means "past the threshold": `>` for `above`, `<` for `below`. */
export function limitOperator(limit: Pick<RunbookLimit, "direction">): ">" | "<" {
  return limit.direction === "below" ? "<" : ">";
}

/** The value an alert on this limit fires at: `alert.at`, else the critical value. */
export function alertThreshold(limit: RunbookLimit): number {
  return limit.alert?.at ?? limit.critical;
}

const numberFormat = new Intl.NumberFormat("pt-BR", { maximumFractionDigits: 3, useGrouping: false });

/** "> 100", "> 5 %", "< 14 dias". */
export function formatThreshold(limit: Pick<RunbookLimit, "direction" | "unit">, value: number): string {
  return `${limitOperator(limit)} ${numberFormat.format(value)}${limit.unit ? ` ${limit.unit}` : ""}`;
}

const text = (value: string): PhrasingContent => ({ type: "text", value });
const cell = (children: PhrasingContent[]): TableCell => ({ type: "tableCell", children });
const row = (cells: PhrasingContent[][]): TableRow => ({ type: "tableRow", children: cells.map(cell) });

/**
 * The table for `::limits` (this runbook's limits) or `::limits{from="all"}` (every runbook's,
 * each pointing at the runbook that answers it). `own` is the slug of the page being built.
 */
export function limitsTable(limits: readonly LibraryLimit[], own: string): Table {
  const header = row([
    [text("Indicador")],
    [text("Atenção")],
    [text("Crítico")],
    [text("Alerta")],
    [text("O que fazer no crítico")],
  ]);
  const rows = limits.map(({ slug, title, severity, limit }) => {
    const alert: PhrasingContent[] = limit.alert
      ? [{ type: "inlineCode", value: limit.alert.name }, text(` (${formatThreshold(limit, alertThreshold(limit))})`)]
      : [text("—")];
    const action: PhrasingContent[] = [];
    if (slug !== own)
      action.push(
        { type: "link", url: `./${slug}.md`, children: [text(title)] },
        ...(severity ? [text(` (${severity})`)] : []),
      );
    if (limit.action) action.push(text(`${action.length > 0 ? ": " : ""}${limit.action}`));
    if (action.length === 0) action.push(text("este runbook"));
    return row([
      [text(limit.label)],
      [text(limit.warn === undefined ? "—" : formatThreshold(limit, limit.warn))],
      [text(formatThreshold(limit, limit.critical))],
      alert,
      action,
    ]);
  });
  return { type: "table", align: [null, null, null, null, null], children: [header, ...rows] };
}
