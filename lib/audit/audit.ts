import type { Prisma } from "@/lib/generated/prisma/client.ts";
import { db } from "@/lib/db";
import { currentClientIp, currentCorrelationId, logger } from "@/lib/observability/log";

// The audit log is append-only: this module only ever inserts. Every change in the portal
// (ticks, incident changes, job actions, users and roles, sign-ins and their failures) calls
// recordAudit with who did it; time, IP and correlation id come from the request context.

export interface AuditActor {
  id: string | null;
  /** Kept even when there is no user row (failed sign-in, webhook, system). */
  label: string;
}

export interface AuditEntry {
  actor: AuditActor;
  action: string;
  targetType?: string;
  targetId?: string;
  data?: Prisma.InputJsonValue;
  /** Overrides the request's address (e.g. when recording from a background job). */
  ip?: string | null;
}

type Writer = Pick<Prisma.TransactionClient, "auditEvent">;

export async function recordAudit(entry: AuditEntry, tx: Writer = db()): Promise<void> {
  await tx.auditEvent.create({
    data: {
      actorId: entry.actor.id,
      actorLabel: entry.actor.label.slice(0, 320),
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      data: entry.data,
      ip: entry.ip === undefined ? currentClientIp() : entry.ip,
      correlationId: currentCorrelationId(),
    },
  });
}

/** For events that must never fail the request that caused them (e.g. a failed sign-in). */
export function recordAuditInBackground(entry: AuditEntry): void {
  recordAudit(entry).catch((err: Error) => logger("audit").error({ err: err.message, action: entry.action }, "could not write audit event"));
}
