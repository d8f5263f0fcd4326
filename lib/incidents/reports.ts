import { CSV_BOM, csvRow } from "@/lib/checklists/csv";
import { isStorableDay } from "@/lib/db/dates";
import { BadRequestError } from "@/lib/http/errors";
import { resolveDeps, type IncidentDeps } from "./deps";
import { responseTarget } from "./targets";

// MTTA (opened → first acknowledgement) and MTTR (opened → resolved) by severity and by runbook,
// over the incidents opened in a range of days (UTC dates, inclusive). Averages in minutes over
// the incidents that reached that point; counts say how many that was. An incident counts under
// its current severity; its severity changes are listed beside it ("INC-7 P2→P1").

export interface RangeQuery {
  from: string;
  to: string;
}

export interface StatsRow {
  key: string;
  count: number;
  acknowledged: number;
  resolved: number;
  breached: number;
  mttaMinutes: number | null;
  mttrMinutes: number | null;
  /** The incidents of this row whose severity changed, e.g. "INC-7 P2→P1". */
  changes: string[];
}

export interface IncidentStats {
  from: string;
  to: string;
  total: StatsRow;
  bySeverity: StatsRow[];
  byRunbook: StatsRow[];
}

/** The by-runbook key of incidents no runbook matched. */
export const NO_RUNBOOK = "(sem runbook)";

export function parseRange(params: URLSearchParams, now: Date): RangeQuery {
  const to = params.get("to") || now.toISOString().slice(0, 10);
  // `to` is checked before the default `from` is computed from it.
  if (!isStorableDay(to)) throw new BadRequestError({ code: "reports.badTo" });
  const from =
    params.get("from") || new Date(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
  if (!isStorableDay(from)) throw new BadRequestError({ code: "reports.badFrom" });
  if (from > to) throw new BadRequestError({ code: "reports.rangeOrder" });
  return { from, to };
}

function bounds(range: RangeQuery) {
  return { gte: new Date(`${range.from}T00:00:00Z`), lt: new Date(Date.parse(`${range.to}T00:00:00Z`) + 86_400_000) };
}

async function incidentsIn(range: RangeQuery, deps: IncidentDeps) {
  return deps.prisma.incident.findMany({
    where: { openedAt: bounds(range) },
    orderBy: { openedAt: "asc" },
    include: {
      commander: { select: { name: true } },
      timeline: { where: { kind: "severity" }, orderBy: { createdAt: "asc" }, select: { data: true } },
    },
  });
}

type Row = Awaited<ReturnType<typeof incidentsIn>>[number];

/** "P3→P2→P1" from the incident's severity entries; null when it never changed. */
export function severityPath(rows: Array<{ data: unknown }>): string | null {
  const steps = rows.map((r) => r.data as { from?: string; to?: string }).filter((d) => d.from && d.to);
  return steps.length ? [steps[0]!.from, ...steps.map((d) => d.to)].join("→") : null;
}

const minutesBetween = (a: Date, b: Date) => (b.getTime() - a.getTime()) / 60_000;
const avg = (values: number[]) =>
  values.length ? Math.round((values.reduce((s, v) => s + v, 0) / values.length) * 10) / 10 : null;

function summarise(key: string, rows: Row[], now: Date): StatsRow {
  const ack = rows.filter((r) => r.acknowledgedAt).map((r) => minutesBetween(r.openedAt, r.acknowledgedAt!));
  const res = rows.filter((r) => r.resolvedAt).map((r) => minutesBetween(r.openedAt, r.resolvedAt!));
  return {
    key,
    count: rows.length,
    acknowledged: ack.length,
    resolved: res.length,
    breached: rows.filter((r) => responseTarget(r, now).breached).length,
    mttaMinutes: avg(ack),
    mttrMinutes: avg(res),
    changes: rows.flatMap((r) => {
      const path = severityPath(r.timeline);
      return path ? [`INC-${r.number} ${path}`] : [];
    }),
  };
}

function groupBy(rows: Row[], keyOf: (r: Row) => string, now: Date): StatsRow[] {
  const groups = new Map<string, Row[]>();
  for (const row of rows) groups.set(keyOf(row), [...(groups.get(keyOf(row)) ?? []), row]);
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, list]) => summarise(key, list, now));
}

export async function incidentStats(range: RangeQuery, overrides: Partial<IncidentDeps> = {}): Promise<IncidentStats> {
  const deps = resolveDeps(overrides);
  const rows = await incidentsIn(range, deps);
  const now = deps.now();
  return {
    ...range,
    total: summarise("total", rows, now),
    bySeverity: groupBy(rows, (r) => r.severity, now),
    byRunbook: groupBy(rows, (r) => r.runbookSlug ?? NO_RUNBOOK, now),
  };
}

const HEADER = [
  "number",
  "title",
  "severity",
  "status",
  "source",
  "runbook",
  "runbook_version",
  "commander",
  "opened_at",
  "acknowledged_at",
  "mitigated_at",
  "resolved_at",
  "tta_minutes",
  "ttr_minutes",
  "response_target_minutes",
  "breached",
  "severity_changes",
];

/** One CSV line per incident opened in the range (UTF-8 with BOM, for spreadsheets). */
export async function incidentsCsv(range: RangeQuery, overrides: Partial<IncidentDeps> = {}): Promise<string> {
  const deps = resolveDeps(overrides);
  const now = deps.now();
  const lines = (await incidentsIn(range, deps)).map((r) => {
    const target = responseTarget(r, now);
    return csvRow([
      `INC-${r.number}`,
      r.title,
      r.severity,
      r.status,
      r.source,
      r.runbookSlug,
      r.runbookVersion,
      r.commander?.name ?? null,
      r.openedAt,
      r.acknowledgedAt,
      r.mitigatedAt,
      r.resolvedAt,
      r.acknowledgedAt ? Math.round(minutesBetween(r.openedAt, r.acknowledgedAt) * 10) / 10 : null,
      r.resolvedAt ? Math.round(minutesBetween(r.openedAt, r.resolvedAt) * 10) / 10 : null,
      target.targetMinutes,
      target.breached,
      severityPath(r.timeline),
    ]);
  });
  return CSV_BOM + [csvRow(HEADER), ...lines].join("");
}
