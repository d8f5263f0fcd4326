// The browser's queue of ticks not yet confirmed by the server. Kept in localStorage so a reload
// (or a closed tab) does not lose them; each entry keeps its idempotency key for every retry, so
// the server records it exactly once however many times it is sent.

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

function storage(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.localStorage;
  } catch {
    return null;
  }
}

export function loadQueue(slug: string): PendingTick[] {
  try {
    const raw = storage()?.getItem(queueKey(slug));
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(parsed) ? (parsed as PendingTick[]).filter((p) => typeof p?.key === "string" && typeof p.itemId === "string" && typeof p.runId === "string") : [];
  } catch {
    return [];
  }
}

export function saveQueue(slug: string, queue: PendingTick[]): void {
  try {
    const store = storage();
    if (!store) return;
    if (queue.length === 0) store.removeItem(queueKey(slug));
    else store.setItem(queueKey(slug), JSON.stringify(queue));
  } catch {
    // Storage full or disabled: the queue still lives in memory for this page.
  }
}

export function readDraft(key: string): string {
  try {
    return storage()?.getItem(key) ?? "";
  } catch {
    return "";
  }
}

export function writeDraft(key: string, value: string): void {
  try {
    if (value === "") storage()?.removeItem(key);
    else storage()?.setItem(key, value);
  } catch {
    // ignore: the draft stays in the field
  }
}

/** Exponential backoff, 1 s doubling to 15 s; a server's Retry-After wins when longer. */
export function backoffMs(attempts: number, retryAfterSeconds: number | null): number {
  const base = Math.min(15_000, 1000 * 2 ** Math.max(0, attempts - 1));
  return Math.max(base, (retryAfterSeconds ?? 0) * 1000);
}

export function newIdempotencyKey(): string {
  return typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : `k-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}
