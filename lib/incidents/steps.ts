import { recordAudit } from "@/lib/audit/audit";
import { BadRequestError, ConflictError } from "@/lib/http/errors";
import { resolveDeps, type IncidentDeps } from "./deps";
import { entryInclude, toEntry } from "./entries";
import { insertEntry, loadIncident, publishEntry, replay, toSummary } from "./incidents";
import { stepData, stepFromEntry, type StepEntryData } from "./step-state";
import type { Actor, StepResult } from "./types";
import type { StepBody } from "./validation";

// Ticking a runbook step for one incident. Each tick or untick appends a `step` entry (item id,
// item text, runbook version, action) to the timeline, in the same transaction as its audit
// event, and is published live like every entry; the step's state is its latest entry
// (step-state.ts). Idempotent twice over, as checklist ticks are: the same key replays the first
// answer, and asking for the state the step is already in writes nothing ("unchanged") — two
// people ticking the same step at once leave one entry, not two.

export async function recordStep(
  incidentId: string,
  body: StepBody,
  actor: Actor,
  overrides: Partial<IncidentDeps> = {},
): Promise<StepResult> {
  const deps = resolveDeps(overrides);
  const runbooks = await deps.runbooks.list();
  const result = await deps.prisma.$transaction(async (tx): Promise<StepResult> => {
    // The row lock serialises the steps of one incident: "latest entry" is read on a stable timeline.
    const incident = await loadIncident(tx, incidentId, true);
    const previous = await replay(tx, incidentId, body.idempotencyKey);
    if (previous) {
      const data = stepData(previous.data);
      if (
        previous.kind !== "step" ||
        data?.itemId !== body.itemId ||
        data.action !== body.action ||
        previous.actorId !== actor.id
      ) {
        throw new ConflictError({ code: "incidents.keyReusedAction" });
      }
      return {
        outcome: "replayed",
        entry: toEntry(previous),
        step: stepFromEntry(toEntry(previous)),
        incident: toSummary(incident, deps.now()),
      };
    }

    const runbook = incident.runbookSlug ? runbooks.find((r) => r.slug === incident.runbookSlug) : undefined;
    if (!runbook) throw new ConflictError({ code: "incidents.noRunbook" });
    const item = runbook.items.find((i) => i.id === body.itemId);
    if (!item)
      throw new BadRequestError(
        { code: "incidents.unknownStep", params: { itemId: body.itemId, runbook: runbook.slug } },
        [{ path: "itemId", message: "passo desconhecido" }],
      );

    const last = await tx.timelineEntry.findFirst({
      where: { incidentId, kind: "step", data: { path: ["itemId"], equals: item.id } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      include: entryInclude,
    });
    const lastView = last ? toEntry(last) : null;
    const current = lastView ? stepFromEntry(lastView) : null;
    if ((current?.done ?? false) === (body.action === "tick")) {
      return { outcome: "unchanged", entry: lastView, step: current, incident: toSummary(incident, deps.now()) };
    }

    // Strictly after the item's previous entry, even if this process's clock is behind another's:
    // the latest entry must be the one written last.
    const now = deps.now();
    const at = last && last.createdAt.getTime() >= now.getTime() ? new Date(last.createdAt.getTime() + 1) : now;
    const data: StepEntryData = {
      itemId: item.id,
      itemText: item.text,
      runbookVersion: runbook.version,
      action: body.action,
    };
    await recordAudit(
      {
        actor: { id: actor.id, label: actor.email },
        action: body.action === "tick" ? "incident.step.tick" : "incident.step.untick",
        targetType: "incident",
        targetId: incident.id,
        data: { number: incident.number, itemId: item.id, runbookSlug: runbook.slug, runbookVersion: runbook.version },
      },
      tx,
    );
    const entry = await insertEntry(tx, incident.id, {
      kind: "step",
      actorId: actor.id,
      body: `${body.action === "tick" ? "Passo feito" : "Passo desmarcado"}: ${item.text}`,
      data: { ...data },
      idempotencyKey: body.idempotencyKey,
      at,
    });
    const view = toEntry(entry);
    return { outcome: "created", entry: view, step: stepFromEntry(view), incident: toSummary(incident, now) };
  });
  if (result.outcome === "created" && result.entry)
    await publishEntry({ outcome: "created", entry: result.entry, incident: result.incident }, deps);
  return result;
}
