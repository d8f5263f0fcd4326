import { loadList, saveList } from "@/components/outbox/outbox";

// The checklist page's outbox (components/outbox/outbox.ts): ticks and notes not yet confirmed by
// the server, per checklist, each with its idempotency key, sent in order per item.

export { backoffMs, newIdempotencyKey, newUuid, readDraft, writeDraft } from "@/components/outbox/outbox";

export interface PendingTick {
  /** Absent in entries stored before notes were saved on their own. */
  kind?: "tick";
  key: string;
  runId: string;
  itemId: string;
  action: "tick" | "untick";
  note: string | null;
  evidence: Record<string, unknown> | null;
  attempts: number;
  /** Epoch ms before which it is not sent again. */
  nextAt: number;
}

/** A save of the viewer's own note on an item: creates the note `noteId` or changes its text. */
export interface PendingNote {
  kind: "note";
  key: string;
  runId: string;
  itemId: string;
  noteId: string;
  text: string;
  attempts: number;
  nextAt: number;
}

export type PendingEntry = PendingTick | PendingNote;

export const isNote = (entry: PendingEntry): entry is PendingNote => entry.kind === "note";

const queueKey = (slug: string) => `ops-portal:checklist-queue:${slug}`;
export const noteDraftKey = (runId: string, itemId: string) => `ops-portal:checklist-note:${runId}:${itemId}`;

function isPendingEntry(p: unknown): p is PendingEntry {
  const entry = p as PendingEntry | null;
  if (typeof entry?.key !== "string" || typeof entry.itemId !== "string" || typeof entry.runId !== "string") return false;
  return entry.kind !== "note" || (typeof entry.noteId === "string" && typeof entry.text === "string");
}

export function loadQueue(slug: string): PendingEntry[] {
  return loadList(queueKey(slug), isPendingEntry);
}

export function saveQueue(slug: string, queue: PendingEntry[]): void {
  saveList(queueKey(slug), queue);
}
