import type { Cadence } from "@/lib/generated/prisma/enums.ts";
import { NotFoundError } from "@/lib/http/errors";
import type { ChecklistDefinition } from "./definitions";
import { resolveDeps, type ChecklistDeps } from "./deps";
import { formatLocalDate, periodDeadline, periodFromKey, periodKey } from "./periods";
import { buildRunState, latestRows, runNotes, runRowSelect, tickedSet, type RunRow } from "./state";
import { lockRun } from "./sql";
import { isComplete } from "./status";
import type { RunState } from "./types";

// One run per checklist and cadence period, created by whoever opens the checklist first. The
// unique (runbook_slug, period_key) makes two simultaneous first opens end up on the same run.
// Callers have checked the input and the caller's permission (lib/http/route.ts, or the page).

export async function checklistOrThrow(slug: string, deps: ChecklistDeps): Promise<ChecklistDefinition> {
  const definition = await deps.checklists.get(slug);
  if (!definition) throw new NotFoundError({ code: "checklists.notFound", params: { slug } });
  return definition;
}

export interface CurrentPeriod {
  key: string;
  start: string;
  end: string;
  deadlineAt: string | null;
}

function currentPeriod(definition: ChecklistDefinition, now: Date, timeZone: string) {
  const key = periodKey(definition.cadence, now, timeZone);
  const period = periodFromKey(definition.cadence, key)!;
  const deadlineAt = definition.deadline ? periodDeadline(period, definition.deadline, timeZone) : null;
  return {
    period,
    deadlineAt,
    view: {
      key,
      start: formatLocalDate(period.start),
      end: formatLocalDate(period.end),
      deadlineAt: deadlineAt?.toISOString() ?? null,
    },
  };
}

function itemsOf(definition: ChecklistDefinition) {
  return {
    requiredItems: definition.items.filter((i) => !i.optional).map((i) => i.id),
    optionalItems: definition.items.filter((i) => i.optional).map((i) => i.id),
  };
}

/**
 * Opens the current period's run of a checklist, creating it on first open.
 * While the period lasts, the run follows the runbook: when the runbook changed since the run was
 * opened, its items, version and deadline are brought up to date (and completion re-evaluated).
 */
export async function openCurrentRun(slug: string, overrides: Partial<ChecklistDeps> = {}): Promise<RunState> {
  const deps = resolveDeps(overrides);
  const definition = await checklistOrThrow(slug, deps);
  const now = deps.now();
  const { period, deadlineAt } = currentPeriod(definition, now, deps.timeZone);
  await deps.prisma.checklistRun.createMany({
    data: [
      {
        runbookSlug: definition.slug,
        runbookVersion: definition.version,
        cadence: definition.cadence,
        periodKey: period.key,
        ...itemsOf(definition),
        deadlineAt,
        createdAt: now,
      },
    ],
    skipDuplicates: true,
  });
  let run: RunRow = await deps.prisma.checklistRun.findUniqueOrThrow({
    where: { runbookSlug_periodKey: { runbookSlug: definition.slug, periodKey: period.key } },
    select: runRowSelect,
  });
  if (run.runbookVersion !== definition.version)
    run = await followRunbook(run.id, definition, deadlineAt, now, deps.prisma);
  return buildRunState(
    run,
    await latestRows(deps.prisma, run.id),
    definition,
    { now, timeZone: deps.timeZone },
    await runNotes(deps.prisma, run.id),
  );
}

async function followRunbook(
  runId: string,
  definition: ChecklistDefinition,
  deadlineAt: Date | null,
  now: Date,
  prisma: ChecklistDeps["prisma"],
): Promise<RunRow> {
  return prisma.$transaction(async (tx) => {
    await lockRun(tx, runId);
    const run = await tx.checklistRun.findUniqueOrThrow({ where: { id: runId }, select: runRowSelect });
    if (run.runbookVersion === definition.version) return run;
    const items = itemsOf(definition);
    const { latest } = await latestRows(tx, runId);
    const ticked = tickedSet({ ...run, ...items }, latest);
    const complete = isComplete(items.requiredItems, ticked);
    // Completed by whoever wrote the latest tick; reopened if the runbook added a required item.
    const lastTicker = [...latest.values()]
      .filter((r) => r.action === "tick")
      .sort((a, b) => b.created_at.getTime() - a.created_at.getTime())[0];
    const completion = complete
      ? run.completedAt
        ? {}
        : { completedAt: now, completedById: lastTicker?.actor_id ?? null }
      : { completedAt: null, completedById: null };
    return tx.checklistRun.update({
      where: { id: runId },
      data: { runbookVersion: definition.version, ...items, deadlineAt, ...completion },
      select: runRowSelect,
    });
  });
}

export interface CurrentRunView {
  checklist: { slug: string; title: string; cadence: Cadence; deadline: string | null };
  period: CurrentPeriod;
  /** Null until someone opens the checklist this period. */
  run: RunState | null;
}

/** The current period and its run, without creating it. */
export async function currentRun(slug: string, overrides: Partial<ChecklistDeps> = {}): Promise<CurrentRunView> {
  const deps = resolveDeps(overrides);
  const definition = await checklistOrThrow(slug, deps);
  const now = deps.now();
  const { period, view } = currentPeriod(definition, now, deps.timeZone);
  const run = await deps.prisma.checklistRun.findUnique({
    where: { runbookSlug_periodKey: { runbookSlug: definition.slug, periodKey: period.key } },
    select: runRowSelect,
  });
  const checklist = {
    slug: definition.slug,
    title: definition.title,
    cadence: definition.cadence,
    deadline: definition.deadline,
  };
  if (!run) return { checklist, period: view, run: null };
  return {
    checklist,
    period: view,
    run: buildRunState(
      run,
      await latestRows(deps.prisma, run.id),
      definition,
      { now, timeZone: deps.timeZone },
      await runNotes(deps.prisma, run.id),
    ),
  };
}

/** A run's state by id (any period). */
export async function getRun(id: string, overrides: Partial<ChecklistDeps> = {}): Promise<RunState> {
  const deps = resolveDeps(overrides);
  const run = await deps.prisma.checklistRun.findUnique({ where: { id }, select: runRowSelect });
  if (!run) throw new NotFoundError({ code: "checklists.runNotFound" });
  const definition = await deps.checklists.get(run.runbookSlug);
  return buildRunState(
    run,
    await latestRows(deps.prisma, id),
    definition,
    { now: deps.now(), timeZone: deps.timeZone },
    await runNotes(deps.prisma, id),
  );
}

/** Throws NotFoundError unless the run exists (for the SSE route, before subscribing). */
export async function assertRunExists(id: string, overrides: Partial<ChecklistDeps> = {}): Promise<string> {
  const deps = resolveDeps(overrides);
  const found = await deps.prisma.checklistRun.findUnique({ where: { id }, select: { id: true } });
  if (!found) throw new NotFoundError({ code: "checklists.runNotFound" });
  return id;
}
