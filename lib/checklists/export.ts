import { logger } from "@/lib/observability/log";
import { CADENCES } from "@/lib/runbooks/schema";
import { csvStream, type CsvValue } from "./csv";
import { resolveDeps, type ChecklistDeps } from "./deps";
import type { ExportFilter } from "./history-filter";
import {
  formatLocalDateTime,
  parseLocalDate,
  periodFromKey,
  periodKey,
  periodsOverlapping,
  formatLocalDate,
} from "./periods";
import { selectExportRunFacts, selectExportRuns, selectExportTicks, type ExportRunRow } from "./sql";
import { runStatus } from "./status";

// CSV exports of checklist history for auditors, streamed: runs are read in keyset order
// (checklist, period) a batch at a time, each batch's ticks with one query, and each batch
// becomes one chunk of the response. Only one batch is ever in memory, so a ten-year export costs
// what a ten-day one does, per batch. The range selects periods that overlap [from, to], every
// cadence; runs of runbooks that no longer exist are exported too.

export const EXPORT_BATCH_RUNS = 200;

export interface ExportOptions {
  /** Runs per batch (default 200). */
  batchSize?: number;
  /** Called after each batch is read (for tests and benchmarks). */
  onBatch?: (batch: { runs: number; rows: number }) => void;
}

export interface CsvExport {
  filename: string;
  stream: ReadableStream<Uint8Array>;
}

export const TICK_COLUMNS = [
  "checklist",
  "period",
  "run_id",
  "tick_id",
  "item_id",
  "item_required",
  "action",
  "at_utc",
  "at_local",
  "actor_name",
  "actor_email",
  "note",
  "evidence",
] as const;

export const RUN_COLUMNS = [
  "checklist",
  "period",
  "period_start",
  "period_end",
  "run_id",
  "runbook_version",
  "status",
  "deadline_local",
  "started_local",
  "completed_local",
  "completed_by_name",
  "completed_by_email",
  "required_total",
  "required_ticked",
  "optional_total",
  "optional_ticked",
  "rows",
  "duration_minutes",
  "late_by_minutes",
] as const;

/** Every period key of every cadence that overlaps the range. */
function keysOverlapping(from: string, to: string): string[] {
  const start = parseLocalDate(from)!;
  const end = parseLocalDate(to)!;
  return CADENCES.flatMap((cadence) => periodsOverlapping(cadence, start, end).map((p) => p.key));
}

const minutes = (ms: number) => Math.round(ms / 6000) / 10;

/** A CSV export of ticks or runs for a filter. */
export async function exportChecklistCsv(
  filter: ExportFilter,
  overrides: Partial<ChecklistDeps> = {},
  options: ExportOptions = {},
): Promise<CsvExport> {
  const deps = resolveDeps(overrides);
  const batchSize = options.batchSize ?? EXPORT_BATCH_RUNS;
  const keys = keysOverlapping(filter.from, filter.to);
  const tz = deps.timeZone;
  const now = deps.now();
  const prisma = deps.prisma;
  const onlyCompletedBy = filter.kind === "runs" ? filter.person : null;
  let after = { slug: "", key: "" };
  let finished = false;

  const nextRuns = async (): Promise<ExportRunRow[] | null> => {
    if (finished) return null;
    const runs = await selectExportRuns(prisma, {
      keys,
      checklist: filter.checklist,
      completedBy: onlyCompletedBy,
      after,
      limit: batchSize,
    });
    if (runs.length < batchSize) finished = true;
    const last = runs.at(-1);
    if (last) after = { slug: last.runbook_slug, key: last.period_key };
    return runs.length ? runs : null;
  };

  const tickRows = async (): Promise<CsvValue[][] | null> => {
    const runs = await nextRuns();
    if (!runs) return null;
    const byId = new Map(runs.map((r) => [r.id, r]));
    const ticks = await selectExportTicks(
      prisma,
      runs.map((r) => r.id),
      filter.person,
    );
    options.onBatch?.({ runs: runs.length, rows: ticks.length });
    return ticks.map((t) => {
      const run = byId.get(t.run_id)!;
      return [
        run.runbook_slug,
        run.period_key,
        run.id,
        t.id,
        t.item_id,
        run.required_items.includes(t.item_id),
        t.action,
        t.created_at,
        formatLocalDateTime(t.created_at, tz),
        t.name,
        t.email,
        t.note,
        t.evidence,
      ];
    });
  };

  const runRows = async (): Promise<CsvValue[][] | null> => {
    const runs = await nextRuns();
    if (!runs) return null;
    const facts = await selectExportRunFacts(
      prisma,
      runs.map((r) => r.id),
    );
    options.onBatch?.({ runs: runs.length, rows: runs.length });
    const byRun = new Map(facts.map((f) => [f.run_id, f]));
    return runs.map((run) => {
      const fact = byRun.get(run.id);
      const ticked = new Set(fact?.ticked ?? []);
      const optional = run.optional_items ?? [];
      const inRun = [...run.required_items, ...optional];
      const period = periodFromKey(run.cadence, run.period_key);
      const current = run.period_key === periodKey(run.cadence, now, tz);
      const status = runStatus({
        completedAt: run.completed_at,
        deadlineAt: run.deadline_at,
        tickedCount: inRun.filter((id) => ticked.has(id)).length,
        current,
      });
      const local = (d: Date | null | undefined) => (d ? formatLocalDateTime(d, tz) : null);
      return [
        run.runbook_slug,
        run.period_key,
        period ? formatLocalDate(period.start) : null,
        period ? formatLocalDate(period.end) : null,
        run.id,
        run.runbook_version,
        status,
        local(run.deadline_at),
        local(fact?.started_at),
        local(run.completed_at),
        run.completed_by_name,
        run.completed_by_email,
        run.required_items.length,
        run.required_items.filter((id) => ticked.has(id)).length,
        optional.length,
        optional.filter((id) => ticked.has(id)).length,
        fact?.rows ?? 0,
        run.completed_at && fact?.started_at ? minutes(run.completed_at.getTime() - fact.started_at.getTime()) : null,
        status === "late" && run.completed_at && run.deadline_at
          ? minutes(run.completed_at.getTime() - run.deadline_at.getTime())
          : null,
      ];
    });
  };

  const name = ["checklists", filter.kind, filter.checklist, `${filter.from}_${filter.to}`].filter(Boolean).join("-");
  const stream = csvStream(
    filter.kind === "ticks" ? TICK_COLUMNS : RUN_COLUMNS,
    filter.kind === "ticks" ? tickRows : runRows,
    {
      onError: (err) =>
        logger("checklists").error({ err: (err as Error).message, filter }, "CSV export failed mid-stream"),
    },
  );
  return { filename: `${name}.csv`, stream };
}
