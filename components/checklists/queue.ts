import { loadList, saveList } from "@/components/outbox/outbox";

// The checklist page's outbox (components/outbox/outbox.ts): ticks not yet confirmed by the
// server, per checklist, each with its idempotency key.

export { backoffMs, newIdempotencyKey, readDraft, writeDraft } from "@/components/outbox/outbox";

export interface PendingTick {
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

const queueKey = (slug: string) => `ops-portal:checklist-queue:${slug}`;
export const noteDraftKey = (runId: string, itemId: string) => `ops-portal:checklist-note:${runId}:${itemId}`;

function isPendingTick(p: unknown): p is PendingTick {
  const entry = p as PendingTick | null;
  return typeof entry?.key === "string" && typeof entry.itemId === "string" && typeof entry.runId === "string";
}

export function loadQueue(slug: string): PendingTick[] {
  return loadList(queueKey(slug), isPendingTick);
}

export function saveQueue(slug: string, queue: PendingTick[]): void {
  saveList(queueKey(slug), queue);
}
