import type { OutboxEntry } from "@/components/client/useOutbox";

// What the checklist page keeps in the browser's outbox (components/client/useOutbox.ts): ticks
// and notes not yet confirmed by the server, per checklist, each with its idempotency key.

export { backoffMs } from "@/components/client/retry";

export interface PendingTick extends OutboxEntry {
  /** Absent in entries stored before notes were saved on their own. */
  kind?: "tick";
  runId: string;
  itemId: string;
  action: "tick" | "untick";
  note: string | null;
  evidence: Record<string, unknown> | null;
}

/** A save of the viewer's own note on an item: creates the note `noteId` or changes its text. */
export interface PendingNote extends OutboxEntry {
  kind: "note";
  runId: string;
  itemId: string;
  noteId: string;
  text: string;
}

export type PendingEntry = PendingTick | PendingNote;

export const isNote = (entry: PendingEntry): entry is PendingNote => entry.kind === "note";

export const queueKey = (slug: string) => `ops-portal:checklist-queue:${slug}`;
export const noteDraftKey = (runId: string, itemId: string) => `ops-portal:checklist-note:${runId}:${itemId}`;

export function isPendingEntry(p: unknown): p is PendingEntry {
  const entry = p as PendingEntry | null;
  if (typeof entry?.key !== "string" || typeof entry.itemId !== "string" || typeof entry.runId !== "string")
    return false;
  return entry.kind !== "note" || (typeof entry.noteId === "string" && typeof entry.text === "string");
}
