import type { Cadence, TickAction } from "@/lib/generated/prisma/enums.ts";
import { logger } from "@/lib/observability/log";
import { CADENCES } from "@/lib/runbooks/schema";
import { csvStream, type CsvValue } from "./csv";
import { resolveDeps, type ChecklistDeps } from "./deps";
import type { ExportFilter } from "./history-filter";
import { formatLocalDateTime, parseLocalDate, periodFromKey, periodKey, periodsOverlapping, formatLocalDate } from "./periods";
import { TICKED_AGGREGATE } from "./state";
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

interface ExportRun {
  id: string;
  runbook_slug: string;
  runbook_version: string;
  cadence: Cadence;
  period_key: string;
  required_items: string[];
  optional_items: string[] | null;
  deadline_at: Date | null;
  completed_at: Date | null;
  completed_by_name: string | null;
  completed_by_email: string | null;
}

export const TICK_COLUMNS = [
  "checklist", "period", "run_id", "tick_id", "item_id", "item_required", "action",
  "at_utc", "at_local", "actor_name", "actor_email", "note", "evidence",
] as const;

export const RUN_COLUMNS = [
  "checklist", "period", "period_start", "period_end", "run_id", "runbook_version", "status",
  "deadline_local", "started_local", "completed_local", "completed_by_name", "completed_by_email",
  "required_total", "required_ticked", "optional_total", "optional_ticked", "rows", "duration_minutes", "late_by_minutes",
] as const;

/** Every period key of every cadence that overlaps the range. */
function keysOverlapping(from: string, to: string): string[] {
  const start = parseLocalDate(from)!;
  const end = parseLocalDate(to)!;
  return CADENCES.flatMap((cadence) => periodsOverlapping(cadence, start, end).map((p) => p.key));
}

const minutes = (ms: number) => Math.round(ms / 6000) / 10;

/** A CSV export of ticks or runs for a filter. */
export async function exportChecklistCsv(filter: ExportFilter, overrides: Partial<ChecklistDeps> = {}, options: ExportOptions = {}): Promise<CsvExport> {
  const deps = resolveDeps(overrides);
  const batchSize = options.batchSize ?? EXPORT_BATCH_RUNS;
  const keys = keysOverlapping(filter.from, filter.to);
  const tz = deps.timeZone;
  const now = deps.now();
  const prisma = deps.prisma;
  const onlyCompletedBy = filter.kind === "runs" ? filter.person : null;
  let after = { slug: "", key: "" };
  let finished = false;

  const nextRuns = async (): Promise<ExportRun[] | null> => {
    if (finished) return null;
    const runs = await prisma.$queryRaw<ExportRun[]>`
      SELECT r.id, r.runbook_slug, r.runbook_version, r.cadence::text AS cadence, r.period_key, r.required_items, r.optional_items,
             r.deadline_at, r.completed_at, c.name AS completed_by_name, c.email AS completed_by_email
        FROM checklist_runs r
        LEFT JOIN users c ON c.id = r.completed_by_id
       WHERE r.period_key = ANY(${keys}::text[])
         AND (${filter.checklist}::text IS NULL OR r.runbook_slug = ${filter.checklist}::text)
         AND (${onlyCompletedBy}::uuid IS NULL OR r.completed_by_id = ${onlyCompletedBy}::uuid)
         AND (r.runbook_slug, r.period_key) > (${after.slug}::text, ${after.key}::text)
       ORDER BY r.runbook_slug, r.period_key
       LIMIT ${batchSize}`;
    if (runs.length < batchSize) finished = true;
    const last = runs.at(-1);
    if (last) after = { slug: last.runbook_slug, key: last.period_key };
    return runs.length ? runs : null;
  };

  const tickRows = async (): Promise<CsvValue[][] | null> => {
    const runs = await nextRuns();
    if (!runs) return null;
    const byId = new Map(runs.map((r) => [r.id, r]));
    const ticks = await prisma.$queryRaw<Array<{ id: string; run_id: string; item_id: string; action: TickAction; created_at: Date; note: string | null; evidence: string | null; name: string; email: string }>>`
      SELECT t.id, t.run_id, t.item_id, t.action::text AS action, t.created_at, t.note, t.evidence::text AS evidence, u.name, u.email
        FROM unnest(${runs.map((r) => r.id)}::uuid[]) WITH ORDINALITY AS b(id, ord)
        JOIN checklist_ticks t ON t.run_id = b.id
        JOIN users u ON u.id = t.actor_id
       WHERE (${filter.person}::uuid IS NULL OR t.actor_id = ${filter.person}::uuid)
       ORDER BY b.ord, t.created_at, t.id`;
    options.onBatch?.({ runs: runs.length, rows: ticks.length });
    return ticks.map((t) => {
      const run = byId.get(t.run_id)!;
      return [
        run.runbook_slug, run.period_key, run.id, t.id, t.item_id, run.required_items.includes(t.item_id), t.action,
        t.created_at, formatLocalDateTime(t.created_at, tz), t.name, t.email, t.note, t.evidence,
      ];
    });
  };

  const runRows = async (): Promise<CsvValue[][] | null> => {
    const runs = await nextRuns();
    if (!runs) return null;
    const facts = await prisma.$queryRaw<Array<{ run_id: string; ticked: string[] | null; started_at: Date; rows: number }>>`
      WITH items AS (
        SELECT t.run_id, t.item_id, min(t.created_at) AS first_at, count(*) AS rows, ${TICKED_AGGREGATE} AS ticked
          FROM checklist_ticks t
         WHERE t.run_id = ANY(${runs.map((r) => r.id)}::uuid[])
         GROUP BY t.run_id, t.item_id
      )
      SELECT run_id, array_agg(item_id) FILTER (WHERE ticked) AS ticked, min(first_at) AS started_at, sum(rows)::int AS rows
        FROM items GROUP BY run_id`;
    options.onBatch?.({ runs: runs.length, rows: runs.length });
    const byRun = new Map(facts.map((f) => [f.run_id, f]));
    return runs.map((run) => {
      const fact = byRun.get(run.id);
      const ticked = new Set(fact?.ticked ?? []);
      const optional = run.optional_items ?? [];
      const inRun = [...run.required_items, ...optional];
      const period = periodFromKey(run.cadence, run.period_key);
      const current = run.period_key === periodKey(run.cadence, now, tz);
      const status = runStatus({ completedAt: run.completed_at, deadlineAt: run.deadline_at, tickedCount: inRun.filter((id) => ticked.has(id)).length, current });
      const local = (d: Date | null | undefined) => (d ? formatLocalDateTime(d, tz) : null);
      return [
        run.runbook_slug, run.period_key, period ? formatLocalDate(period.start) : null, period ? formatLocalDate(period.end) : null, run.id, run.runbook_version, status,
        local(run.deadline_at), local(fact?.started_at), local(run.completed_at), run.completed_by_name, run.completed_by_email,
        run.required_items.length, run.required_items.filter((id) => ticked.has(id)).length, optional.length, optional.filter((id) => ticked.has(id)).length,
        fact?.rows ?? 0,
        run.completed_at && fact?.started_at ? minutes(run.completed_at.getTime() - fact.started_at.getTime()) : null,
        status === "late" && run.completed_at && run.deadline_at ? minutes(run.completed_at.getTime() - run.deadline_at.getTime()) : null,
      ];
    });
  };

  const name = ["checklists", filter.kind, filter.checklist, `${filter.from}_${filter.to}`].filter(Boolean).join("-");
  const stream = csvStream(filter.kind === "ticks" ? TICK_COLUMNS : RUN_COLUMNS, filter.kind === "ticks" ? tickRows : runRows, {
    onError: (err) => logger("checklists").error({ err: (err as Error).message, filter }, "CSV export failed mid-stream"),
  });
  return { filename: `${name}.csv`, stream };
}
