import type { Prisma } from "@/lib/generated/prisma/client.ts";
import { renderNoteCached } from "./markdown";
import type { TimelineEntryView } from "./types";

// A timeline row as the domain reads it (with its author) and as the page and the API show it.

export const entryInclude = { actor: { select: { id: true, name: true } } } as const;

export type EntryRow = Prisma.TimelineEntryGetPayload<{ include: typeof entryInclude }>;

export function toEntry(row: EntryRow): TimelineEntryView {
  const html = row.kind === "note" && row.body ? renderNoteCached(row.id, row.body) : null;
  return {
    id: row.id,
    kind: row.kind,
    body: row.body,
    html,
    data: row.data ?? null,
    actor: row.actor,
    at: row.createdAt.toISOString(),
  };
}
