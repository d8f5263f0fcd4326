import { Prisma } from "@/lib/generated/prisma/client.ts";
import { db } from "@/lib/db/client";
import { toStorableJson, toStorableText } from "@/lib/db/text";
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

/** One audit_events row as both writers below store it. */
export interface AuditRow {
  actorId: string | null;
  actorLabel: string;
  action: string;
  targetType: string | undefined;
  targetId: string | undefined;
  data: Prisma.InputJsonValue | undefined;
  ip: string | null | undefined;
  correlationId: string | undefined;
}

/**
 * The row an entry becomes. Labels, targets and data often quote what a client sent (a failed
 * sign-in's e-mail, a Bull Board path): they are made storable first, so no odd character loses
 * an event.
 */
export function auditRow(entry: AuditEntry): AuditRow {
  const text = (value: string | undefined) => (value === undefined ? undefined : toStorableText(value));
  return {
    actorId: entry.actor.id,
    actorLabel: toStorableText(entry.actor.label.slice(0, 320)),
    action: toStorableText(entry.action),
    targetType: text(entry.targetType),
    targetId: text(entry.targetId),
    data: entry.data === undefined ? undefined : (toStorableJson(entry.data) as Prisma.InputJsonValue),
    ip: entry.ip === undefined ? currentClientIp() : entry.ip,
    correlationId: currentCorrelationId(),
  };
}

/** Appends one event. */
export async function recordAudit(entry: AuditEntry, tx: Writer = db()): Promise<void> {
  await tx.auditEvent.create({ data: auditRow(entry) });
}

/**
 * `INSERT INTO audit_events ... SELECT ... FROM <source>`: the same row as recordAudit, written by
 * a statement that also writes other rows (the tick path's single round trip under its lock). One
 * row per row of `source`, so a CTE that inserted nothing writes no event.
 */
export function auditInsertFrom(row: AuditRow, source: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO audit_events (actor_id, actor_label, action, target_type, target_id, ip, correlation_id, data)
    SELECT ${row.actorId}::uuid, ${row.actorLabel}, ${row.action}, ${row.targetType ?? null}, ${row.targetId ?? null},
           ${row.ip ?? null}, ${row.correlationId ?? null}, ${row.data === undefined ? null : JSON.stringify(row.data)}::jsonb
      FROM ${source}`;
}

/** For events that must never fail the request that caused them (e.g. a failed sign-in). */
export function recordAuditInBackground(entry: AuditEntry): void {
  recordAudit(entry).catch((err: Error) =>
    logger("audit").error({ err: err.message, action: entry.action }, "could not write audit event"),
  );
}
