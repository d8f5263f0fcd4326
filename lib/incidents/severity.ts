import { recordAudit } from "@/lib/audit/audit";
import type { Prisma } from "@/lib/generated/prisma/client.ts";
import type { Severity } from "@/lib/generated/prisma/enums.ts";
import { ConflictError } from "@/lib/http/errors";
import { resolveDeps, type IncidentDeps } from "./deps";
import type { EntryRow } from "./entries";
import { change, insertEntry } from "./incidents";
import { isRaise, targetAfterChange, type TargetFields } from "./targets";
import type { Actor, EntryResult } from "./types";
import type { SeverityBody } from "./validation";

// Severity changes, by a person (with a reason) or by an alert carrying a higher severity. The
// incident row, a "severity" timeline entry and an audit row change together; the response
// target is recomputed by the rule in targets.ts.

type Tx = Prisma.TransactionClient;

export interface SeverityChange {
  to: Severity;
  reason: string;
  at: Date;
  actorId: string | null;
  /** The audit log's actor label: the person's name or `webhook:<source>`. */
  actorLabel: string;
  idempotencyKey?: string;
}

export async function recordSeverityChange(
  tx: Tx,
  incident: TargetFields & { id: string },
  c: SeverityChange,
): Promise<EntryRow> {
  const from = incident.severity;
  const target = targetAfterChange(incident, c.to, c.at);
  await tx.incident.update({ where: { id: incident.id }, data: { severity: c.to, ...target } });
  const data = {
    from,
    to: c.to,
    raise: isRaise(from, c.to),
    reason: c.reason,
    targetMinutes: target.targetMinutes,
    countsFrom: target.targetFrom.toISOString(),
  };
  await recordAudit(
    {
      actor: { id: c.actorId, label: c.actorLabel },
      action: "incident.severity",
      targetType: "incident",
      targetId: incident.id,
      data,
    },
    tx,
  );
  return insertEntry(tx, incident.id, {
    kind: "severity",
    actorId: c.actorId,
    body: c.reason,
    data,
    idempotencyKey: c.idempotencyKey,
    at: c.at,
  });
}

/** A person's change: refused (409) for a resolved incident or to the severity it already has. */
export async function changeSeverity(
  incidentId: string,
  body: SeverityBody,
  actor: Actor,
  overrides: Partial<IncidentDeps> = {},
): Promise<EntryResult> {
  const deps = resolveDeps(overrides);
  return change(incidentId, body.idempotencyKey, deps, async (tx, incident) => {
    if (incident.status === "resolved")
      throw new ConflictError({ code: "incidents.severityResolved" }, { status: incident.status });
    if (incident.severity === body.to)
      throw new ConflictError(
        { code: "incidents.severityUnchanged", params: { severity: body.to } },
        { severity: body.to },
      );
    return recordSeverityChange(tx, incident, {
      to: body.to,
      reason: body.reason,
      at: deps.now(),
      actorId: actor.id,
      actorLabel: actor.email,
      idempotencyKey: body.idempotencyKey,
    });
  });
}
