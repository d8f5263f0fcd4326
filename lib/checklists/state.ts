import type { Prisma } from "@/lib/generated/prisma/client.ts";
import type { Cadence } from "@/lib/generated/prisma/enums.ts";
import type { ChecklistDefinition } from "./definitions";
import { selectLatestTicks, type Db, type TickRow } from "./sql";
import { formatLocalDate, periodFromKey, periodKey } from "./periods";
import { isComplete, isLate, runStatus } from "./status";
import type { ItemState, NoteView, PersonRef, RunProgress, RunState, TickView } from "./types";

// Reading a run's current state: the latest row of each item wins (ticks are append-only).

export type { Db, TickRow };

/** The columns of checklist_runs the domain reads, with the completer's name. */
export interface RunRow {
  id: string;
  runbookSlug: string;
  runbookVersion: string;
  cadence: Cadence;
  periodKey: string;
  requiredItems: string[];
  optionalItems: string[];
  deadlineAt: Date | null;
  completedAt: Date | null;
  completedById: string | null;
  createdAt: Date;
  completedBy: PersonRef | null;
}

export const runRowSelect = {
  id: true,
  runbookSlug: true,
  runbookVersion: true,
  cadence: true,
  periodKey: true,
  requiredItems: true,
  optionalItems: true,
  deadlineAt: true,
  completedAt: true,
  completedById: true,
  createdAt: true,
  completedBy: { select: { id: true, name: true } },
} as const satisfies Prisma.ChecklistRunSelect;

export function tickView(row: TickRow): TickView {
  return {
    id: row.id,
    runId: row.run_id,
    itemId: row.item_id,
    action: row.action,
    at: row.created_at.toISOString(),
    actor: { id: row.actor_id, name: row.actor_name },
    note: row.note,
    evidence: (row.evidence ?? null) as Record<string, unknown> | null,
  };
}

export const noteSelect = {
  id: true,
  runId: true,
  itemId: true,
  text: true,
  createdAt: true,
  updatedAt: true,
  author: { select: { id: true, name: true } },
} as const satisfies Prisma.ChecklistNoteSelect;

export type NoteRow = Prisma.ChecklistNoteGetPayload<{ select: typeof noteSelect }>;

export function noteView(row: NoteRow): NoteView {
  return {
    id: row.id,
    runId: row.runId,
    itemId: row.itemId,
    author: row.author,
    text: row.text,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The notes of a run, oldest first. */
export async function runNotes(db: Db, runId: string): Promise<NoteView[]> {
  const rows = await db.checklistNote.findMany({
    where: { runId },
    select: noteSelect,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map(noteView);
}

/** The latest row of every item of a run, and when the run's first row was written. */
export async function latestRows(
  db: Db,
  runId: string,
): Promise<{ latest: Map<string, TickRow>; startedAt: Date | null }> {
  const rows = await selectLatestTicks(db, runId);
  return { latest: new Map(rows.map((r) => [r.item_id, r])), startedAt: rows[0]?.started_at ?? null };
}

/** Item ids of the run whose latest row is a tick. */
export function tickedSet(
  run: Pick<RunRow, "requiredItems" | "optionalItems">,
  latest: Map<string, TickRow>,
): Set<string> {
  const inRun = new Set([...run.requiredItems, ...run.optionalItems]);
  return new Set([...latest.values()].filter((r) => r.action === "tick" && inRun.has(r.item_id)).map((r) => r.item_id));
}

export function isCurrentPeriod(run: Pick<RunRow, "cadence" | "periodKey">, now: Date, timeZone: string): boolean {
  return run.periodKey === periodKey(run.cadence, now, timeZone);
}

export function runProgress(run: RunRow, ticked: Set<string>, current: boolean): RunProgress {
  return {
    requiredTotal: run.requiredItems.length,
    requiredTicked: run.requiredItems.filter((id) => ticked.has(id)).length,
    complete: isComplete(run.requiredItems, ticked),
    completedAt: run.completedAt?.toISOString() ?? null,
    completedBy: run.completedBy,
    late: isLate(run.completedAt, run.deadlineAt),
    status: runStatus({ completedAt: run.completedAt, deadlineAt: run.deadlineAt, tickedCount: ticked.size, current }),
  };
}

/** Items in runbook order (the current runbook's, when it still has them), then any others. */
export function runItemIds(
  run: Pick<RunRow, "requiredItems" | "optionalItems">,
  definition: ChecklistDefinition | null,
): string[] {
  const inRun = new Set([...run.requiredItems, ...run.optionalItems]);
  const ordered = (definition?.items ?? []).map((i) => i.id).filter((id) => inRun.has(id));
  const seen = new Set(ordered);
  return [...ordered, ...[...run.requiredItems, ...run.optionalItems].filter((id) => !seen.has(id))];
}

export function itemState(
  run: RunRow,
  itemId: string,
  latest: Map<string, TickRow>,
  definition: ChecklistDefinition | null,
): ItemState {
  const last = latest.get(itemId);
  return {
    id: itemId,
    text: definition?.items.find((i) => i.id === itemId)?.text ?? null,
    required: run.requiredItems.includes(itemId),
    ticked: last?.action === "tick",
    last: last ? tickView(last) : null,
  };
}

export function buildRunState(
  run: RunRow,
  rows: { latest: Map<string, TickRow>; startedAt: Date | null },
  definition: ChecklistDefinition | null,
  clock: { now: Date; timeZone: string },
  notes: NoteView[] = [],
): RunState {
  const period = periodFromKey(run.cadence, run.periodKey);
  const current = isCurrentPeriod(run, clock.now, clock.timeZone);
  return {
    id: run.id,
    runbookSlug: run.runbookSlug,
    runbookVersion: run.runbookVersion,
    cadence: run.cadence,
    periodKey: run.periodKey,
    periodStart: period ? formatLocalDate(period.start) : run.periodKey,
    periodEnd: period ? formatLocalDate(period.end) : run.periodKey,
    deadlineAt: run.deadlineAt?.toISOString() ?? null,
    readOnly: !current,
    createdAt: run.createdAt.toISOString(),
    startedAt: rows.startedAt?.toISOString() ?? null,
    progress: runProgress(run, tickedSet(run, rows.latest), current),
    items: runItemIds(run, definition).map((id) => itemState(run, id, rows.latest, definition)),
    notes,
  };
}
