import { recordAudit } from "@/lib/audit/audit";
import { ConflictError } from "@/lib/http/errors";
import { resolveDeps, type IncidentDeps } from "./deps";
import { change, incidentRunbook, insertEntry } from "./incidents";
import type { Actor, EntryResult } from "./types";
import type { RunbookBody } from "./validation";

// Attaching a runbook to an incident declared without one. Only once: the steps ticked on an
// incident belong to its runbook, so swapping it would leave them pointing at another text.

export async function attachRunbook(
  incidentId: string,
  body: RunbookBody,
  actor: Actor,
  overrides: Partial<IncidentDeps> = {},
): Promise<EntryResult> {
  const deps = resolveDeps(overrides);
  const runbook = await incidentRunbook(body.runbookSlug, deps);
  return change(incidentId, body.idempotencyKey, deps, async (tx, incident) => {
    if (incident.runbookSlug)
      throw new ConflictError({ code: "incidents.runbookAttached" }, { runbookSlug: incident.runbookSlug });
    await tx.incident.update({
      where: { id: incident.id },
      data: { runbookSlug: runbook.slug, runbookVersion: runbook.version },
    });
    const data = { runbookSlug: runbook.slug, runbookVersion: runbook.version, title: runbook.title };
    await recordAudit(
      {
        actor: { id: actor.id, label: actor.email },
        action: "incident.runbook",
        targetType: "incident",
        targetId: incident.id,
        data,
      },
      tx,
    );
    return insertEntry(tx, incident.id, {
      kind: "runbook",
      actorId: actor.id,
      body: `Runbook "${runbook.title}" anexado.`,
      data,
      idempotencyKey: body.idempotencyKey,
      at: deps.now(),
    });
  });
}
