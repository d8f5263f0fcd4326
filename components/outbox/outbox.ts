// The browser's outbox: what an operator saved but the server has not confirmed yet (a checklist
// tick, an incident note). Entries live in localStorage, so a reload or a closed tab loses
// nothing, and each keeps the idempotency key it was created with for every retry, so the server
// records it exactly once however often it is sent. Network errors and "try again" answers
// (5xx — PostgreSQL down is a 503 with Retry-After — 408, 429, and 401 while a session is being
// renewed) are retried with backoff; any other 4xx is a refusal the user has to see.

function storage(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.localStorage;
  } catch {
    return null;
  }
}

/** The list stored under `key`, keeping only the entries `valid` accepts (old or corrupt data is dropped). */
export function loadList<T>(key: string, valid: (entry: unknown) => entry is T): T[] {
  try {
    const raw = storage()?.getItem(key);
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(parsed) ? parsed.filter(valid) : [];
  } catch {
    return [];
  }
}

export function saveList(key: string, list: readonly unknown[]): void {
  try {
    const store = storage();
    if (!store) return;
    if (list.length === 0) store.removeItem(key);
    else store.setItem(key, JSON.stringify(list));
  } catch {
    // Storage full or disabled: the list still lives in memory for this page.
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

/** A random UUID (v4) even where crypto.randomUUID is missing (a page served over plain HTTP). */
export function newUuid(): string {
  const random: Pick<Crypto, "getRandomValues"> = globalThis.crypto;
  if ("randomUUID" in random && typeof random.randomUUID === "function") return (random as Crypto).randomUUID();
  const bytes = new Uint8Array(16);
  random.getRandomValues(bytes);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** True when sending the same request again later may succeed. */
export function isRetryableStatus(status: number): boolean {
  return status === 401 || status === 408 || status === 429 || status >= 500;
}

/** The response's Retry-After in seconds, when it gives a usable one. */
export function retryAfterSeconds(response: Response): number | null {
  const value = Number(response.headers.get("retry-after"));
  return Number.isFinite(value) && value > 0 ? value : null;
}

/** The server's `{ error }` text, or the status. */
export async function errorMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: unknown };
    if (typeof body.error === "string" && body.error) return body.error;
  } catch {
    // not JSON
  }
  return `HTTP ${response.status}`;
}
