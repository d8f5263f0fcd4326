import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client.ts";
import { entryInclude, toEntry } from "./entries";
import { deriveSteps } from "./step-state";
import type { StepState, TimelinePage } from "./types";

// Reading a timeline a page at a time: the incident page shows the newest entries and fetches
// older ones on demand, so a 2 000-entry incident costs what a 100-entry one does. Pages are cut
// by keyset on (created_at, id) — the order the timeline is shown in — with an opaque cursor
// naming the oldest entry already shown, so entries arriving meanwhile never shift a page.

type Db = PrismaClient | Prisma.TransactionClient;

export const TIMELINE_PAGE = 100;
export const TIMELINE_PAGE_MAX = 200;

export interface Cursor {
  at: Date;
  id: string;
}

/** `<created_at ISO>_<entry id>`: readable in a URL, and checked on the way in (validation.ts). */
export function encodeCursor(entry: { at: string; id: string }): string {
  return `${entry.at}_${entry.id}`;
}

export const CURSOR_PATTERN =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** The cursor's parts, or null when it is not one this module wrote. */
export function decodeCursor(cursor: string): Cursor | null {
  const match = CURSOR_PATTERN.exec(cursor);
  if (!match) return null;
  const at = new Date(match[1]!);
  // A real date, written back the same way; entries are never older than 1970 (and PostgreSQL
  // refuses year 0, which would turn a forged cursor into a 500).
  if (Number.isNaN(at.getTime()) || at.toISOString() !== match[1] || at.getUTCFullYear() < 1970) return null;
  return { at, id: match[2]!.toLowerCase() };
}

/** The `limit` entries just before `before` (or the newest ones), oldest first. */
export async function timelinePage(
  db: Db,
  incidentId: string,
  options: { before?: Cursor; limit?: number } = {},
): Promise<TimelinePage> {
  const limit = Math.min(Math.max(1, options.limit ?? TIMELINE_PAGE), TIMELINE_PAGE_MAX);
  const { before } = options;
  const rows = await db.timelineEntry.findMany({
    where: {
      incidentId,
      ...(before ? { OR: [{ createdAt: { lt: before.at } }, { createdAt: before.at, id: { lt: before.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    include: entryInclude,
  });
  const more = rows.length > limit;
  const entries = rows.slice(0, limit).reverse().map(toEntry);
  return { entries, olderCursor: more && entries[0] ? encodeCursor(entries[0]) : null };
}

export async function timelineCount(db: Db, incidentId: string): Promise<number> {
  return db.timelineEntry.count({ where: { incidentId } });
}

/** Every step's current state, from the step entries alone (a few per item, never the whole timeline). */
export async function stepStates(db: Db, incidentId: string): Promise<Record<string, StepState>> {
  const rows = await db.timelineEntry.findMany({
    where: { incidentId, kind: "step" },
    select: { id: true, kind: true, data: true, createdAt: true, actor: { select: { id: true, name: true } } },
  });
  return deriveSteps(
    rows.map((r) => ({ id: r.id, kind: r.kind, data: r.data, actor: r.actor, at: r.createdAt.toISOString() })),
  );
}
