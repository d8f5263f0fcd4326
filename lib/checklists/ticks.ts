import { randomUUID } from "node:crypto";
import type { Prisma } from "@/lib/generated/prisma/client.ts";
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from "@/lib/http/errors";
import { publishLive } from "@/lib/live/hub";
import { auditRow } from "@/lib/audit/audit";
import type { ChecklistDefinition } from "./definitions";
import { resolveDeps, type ChecklistDeps } from "./deps";
import { runChannel, TICK_EVENT } from "./events";
import { periodKey } from "./periods";
import {
  insertTick,
  lockRunForTick,
  selectTickPreCheck,
  type LockedRunRow,
  type TickPreCheckRow,
  type TickRow,
} from "./sql";
import { itemState, latestRows, runProgress, runRowSelect, tickedSet, tickView, type RunRow } from "./state";
import { isComplete } from "./status";
import type { Actor, TickResult } from "./types";
import type { TickBody } from "./validation";

// Ticking and unticking. The route has parsed the input and checked the permission (checklists:tick).
// Everything that can be decided without a lock is decided first (replay of a known idempotency key, past period, unknown item, unknown user). Then
// one short transaction holds the run's row lock for three statements — lock, read the items'
// latest rows, write (tick row + completion + audit event in one statement) — so ticks of a run
// are serialised: completion is decided on a consistent state and an item's history has a strict
// order. The lock is held for as few round trips as possible because a busy process adds its
// event-loop delay to each of them.

export class TickConflictError extends ConflictError {}

function runRow(r: LockedRunRow): RunRow {
  return {
    id: r.id,
    runbookSlug: r.runbook_slug,
    runbookVersion: r.runbook_version,
    cadence: r.cadence,
    periodKey: r.period_key,
    requiredItems: r.required_items,
    optionalItems: r.optional_items ?? [],
    deadlineAt: r.deadline_at,
    completedAt: r.completed_at,
    completedById: r.completed_by_id,
    createdAt: r.created_at,
    completedBy: r.completed_by_id ? { id: r.completed_by_id, name: r.completed_by_name ?? "" } : null,
  };
}

/** A unique-index violation, as Prisma reports it for model and for raw queries. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as {
    code?: string;
    meta?: { code?: string; driverAdapterError?: { cause?: { kind?: string } } };
  } | null;
  return (
    e?.code === "P2002" ||
    e?.meta?.code === "23505" ||
    e?.meta?.driverAdapterError?.cause?.kind === "UniqueConstraintViolation"
  );
}

/**
 * Records a tick or an untick of one item of a run, as `actor` (needs checklists:tick).
 * Idempotent twice over: the same idempotency key returns the first call's row ("replayed"), and
 * ticking an item that is already ticked (or unticking one that is not) writes nothing
 * ("unchanged"). Past periods are read-only. Completion is kept in step: ticking the last
 * required item completes the run (by this actor, at this time); unticking a required item of a
 * completed run reopens it, and completing it again later records the new time (which may be late).
 */
export async function recordTick(
  id: string,
  input: TickBody,
  actor: Actor,
  overrides: Partial<ChecklistDeps> = {},
): Promise<TickResult> {
  const deps = resolveDeps(overrides);
  const now = deps.now();

  for (let attempt = 0; ; attempt++) {
    const check = await preCheck(deps, id, input, actor);
    if (check.prev_id) return replay(deps, check, id, input, actor, now);
    if (!check.run_id) throw new NotFoundError({ code: "checklists.runNotFound" });
    if (check.actor_name === null || check.actor_disabled)
      throw new ForbiddenError({ code: "checklists.unknownActor" });
    if (check.period_key !== periodKey(check.cadence!, now, deps.timeZone)) {
      throw new TickConflictError({ code: "checklists.periodClosed", params: { period: check.period_key! } });
    }
    if (!check.items!.includes(input.itemId)) throw unknownItem(input.itemId);
    const definition = await deps.checklists.get(check.runbook_slug!);
    try {
      const result = await deps.prisma.$transaction(
        (tx) => tickUnderLock(tx, id, input, actor, check, definition, now),
        { maxWait: 10_000, timeout: 15_000 },
      );
      if (result.outcome === "created" && deps.live)
        await publishLive(runChannel(id), { type: TICK_EVENT, data: result }, deps.live);
      return result;
    } catch (err) {
      // The same key sent twice at once: the loser's insert hits the unique index; look again.
      if (isUniqueViolation(err) && attempt === 0) continue;
      throw err;
    }
  }
}

function unknownItem(itemId: string): BadRequestError {
  return new BadRequestError({ code: "checklists.unknownItem", params: { itemId } }, [
    { path: "itemId", message: "item desconhecido" },
  ]);
}

/** One read, no lock: the run, the actor, and the row of this idempotency key if it exists. */
function preCheck(deps: ChecklistDeps, runId: string, input: TickBody, actor: Actor): Promise<TickPreCheckRow> {
  return selectTickPreCheck(deps.prisma, runId, actor.id, input.idempotencyKey);
}

/** A key seen before: the first call's row, whatever happened since (even a period change). */
async function replay(
  deps: ChecklistDeps,
  check: TickPreCheckRow,
  runId: string,
  input: TickBody,
  actor: Actor,
  now: Date,
): Promise<TickResult> {
  if (
    check.prev_run_id !== runId ||
    check.prev_item_id !== input.itemId ||
    check.prev_action !== input.action ||
    check.prev_actor_id !== actor.id
  ) {
    throw new TickConflictError({ code: "checklists.keyReused" });
  }
  const run = await deps.prisma.checklistRun.findUniqueOrThrow({ where: { id: runId }, select: runRowSelect });
  const [{ latest }, definition] = await Promise.all([
    latestRows(deps.prisma, runId),
    deps.checklists.get(run.runbookSlug),
  ]);
  const first: TickRow = {
    id: check.prev_id!,
    run_id: runId,
    item_id: input.itemId,
    action: input.action,
    actor_id: actor.id,
    actor_name: check.actor_name ?? "",
    note: check.prev_note,
    evidence: check.prev_evidence,
    created_at: check.prev_created_at!,
  };
  const current = run.periodKey === periodKey(run.cadence, now, deps.timeZone);
  return {
    outcome: "replayed",
    tick: tickView(first),
    item: itemState(run, input.itemId, latest, definition),
    progress: runProgress(run, tickedSet(run, latest), current),
  };
}

async function tickUnderLock(
  tx: Prisma.TransactionClient,
  runId: string,
  input: TickBody,
  actor: Actor,
  check: TickPreCheckRow,
  definition: ChecklistDefinition | null,
  now: Date,
): Promise<TickResult> {
  // 1. The lock. Its own statement: a later statement then sees every row committed before it.
  const locked = await lockRunForTick(tx, runId);
  if (!locked) throw new NotFoundError({ code: "checklists.runNotFound" });
  const run = runRow(locked);
  // The runbook may have been updated into the run since the pre-check.
  if (![...run.requiredItems, ...run.optionalItems].includes(input.itemId)) throw unknownItem(input.itemId);

  // 2. The items' latest rows.
  const { latest } = await latestRows(tx, runId);
  const last = latest.get(input.itemId);
  if ((last?.action ?? "untick") === input.action) {
    return {
      outcome: "unchanged",
      tick: last ? tickView(last) : null,
      item: itemState(run, input.itemId, latest, definition),
      progress: runProgress(run, tickedSet(run, latest), true),
    };
  }

  // 3. One statement writes the row, the completion change and the audit event.
  // Strictly after the run's previous row, even if this process's clock is behind another's.
  const lastAt = Math.max(0, ...[...latest.values()].map((r) => r.created_at.getTime()));
  const at = lastAt >= now.getTime() ? new Date(lastAt + 1) : now;
  const written: TickRow = {
    id: randomUUID(),
    run_id: runId,
    item_id: input.itemId,
    action: input.action,
    actor_id: actor.id,
    actor_name: check.actor_name ?? "",
    note: input.note,
    evidence: input.evidence,
    created_at: at,
  };
  latest.set(input.itemId, written);
  const complete = isComplete(run.requiredItems, tickedSet(run, latest));
  const completion = complete && !run.completedAt ? "completed" : !complete && run.completedAt ? "reopened" : null;
  const updated: RunRow =
    completion === "completed"
      ? { ...run, completedAt: at, completedById: actor.id, completedBy: { id: actor.id, name: written.actor_name } }
      : completion === "reopened"
        ? { ...run, completedAt: null, completedById: null, completedBy: null }
        : run;
  // The audit event recordAudit would write, inserted by the same statement.
  const audit = auditRow({
    actor: { id: actor.id, label: check.actor_email ?? actor.id },
    action: input.action === "tick" ? "checklist.tick" : "checklist.untick",
    targetType: "checklist_run",
    targetId: runId,
    data: {
      runbookSlug: run.runbookSlug,
      periodKey: run.periodKey,
      itemId: input.itemId,
      tickId: written.id,
      ...(completion ? { completion } : {}),
    },
  });
  await insertTick(
    tx,
    {
      id: written.id,
      runId,
      itemId: input.itemId,
      action: input.action,
      actorId: actor.id,
      note: input.note,
      evidence: input.evidence,
      idempotencyKey: input.idempotencyKey,
      at,
    },
    { changed: completion !== null, completedAt: updated.completedAt, completedById: updated.completedById },
    audit,
  );

  return {
    outcome: "created",
    tick: tickView(written),
    item: itemState(updated, input.itemId, latest, definition),
    progress: runProgress(updated, tickedSet(updated, latest), true),
  };
}
