import { z } from "zod";
import type { Prisma } from "@/lib/generated/prisma/client.ts";
import { db } from "@/lib/db/client";
import { isStorableDay } from "@/lib/db/dates";
import { storableText } from "@/lib/db/text";

// A NUL in a LIKE pattern is a database error, not an empty result.
const optionalText = z.preprocess(
  (v) => (v === "" ? undefined : v),
  z.string().refine(storableText, "caracteres inválidos").trim().max(200).optional(),
);
const optionalDate = z.preprocess(
  (v) => (v === "" ? undefined : v),
  z.string().refine(isStorableDay, "data no formato AAAA-MM-DD").optional(),
);
/** Audit ids are PostgreSQL bigints: a larger number is not an id (and fails the query). */
const MAX_ID = 9_223_372_036_854_775_807n;

/** The audit page's filters, as they travel in the URL. */
export const auditFilterSchema = z.object({
  action: optionalText,
  actor: optionalText,
  target: optionalText,
  from: optionalDate,
  to: optionalDate,
  /** Keyset pagination: entries older than this id. */
  before: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z
      .string()
      .refine((v) => /^\d{1,19}$/.test(v) && BigInt(v) <= MAX_ID, "um número")
      .optional(),
  ),
});

export type AuditFilter = z.infer<typeof auditFilterSchema>;

export const AUDIT_PAGE_SIZE = 50;

export async function listAuditEvents(filter: AuditFilter) {
  const where: Prisma.AuditEventWhereInput = {
    ...(filter.action ? { action: { startsWith: filter.action } } : {}),
    ...(filter.actor ? { actorLabel: { contains: filter.actor, mode: "insensitive" } } : {}),
    ...(filter.target ? { targetId: { contains: filter.target } } : {}),
    ...(filter.from || filter.to
      ? {
          at: {
            ...(filter.from ? { gte: new Date(`${filter.from}T00:00:00Z`) } : {}),
            ...(filter.to ? { lt: new Date(new Date(`${filter.to}T00:00:00Z`).getTime() + 86_400_000) } : {}),
          },
        }
      : {}),
    ...(filter.before ? { id: { lt: BigInt(filter.before) } } : {}),
  };
  const rows = await db().auditEvent.findMany({ where, orderBy: { id: "desc" }, take: AUDIT_PAGE_SIZE + 1 });
  return {
    events: rows.slice(0, AUDIT_PAGE_SIZE),
    nextBefore: rows.length > AUDIT_PAGE_SIZE ? String(rows[AUDIT_PAGE_SIZE - 1]!.id) : null,
  };
}
