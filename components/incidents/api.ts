// Browser side of the incident API: one POST with the caller's idempotency key (or a GET), and errors
// turned into one line of text. A network failure or a 5xx is "not saved yet" (retry with the
// same key is safe); a 4xx is a real refusal.

export interface PostResult<T> {
  ok: boolean;
  /** True when retrying may help (network, 5xx). */
  retryable: boolean;
  data?: T;
  message?: string;
}

export function newKey(): string {
  return typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

const OFFLINE = "Sem conexão com o portal.";

/** A JSON request with a body (POST, PUT); `offline` is the message for a network failure. */
export async function sendJson<T>(method: "POST" | "PUT", url: string, body: unknown, offline = OFFLINE): Promise<PostResult<T>> {
  let response: Response;
  try {
    response = await fetch(url, { method, headers: { "content-type": "application/json", accept: "application/json" }, body: JSON.stringify(body) });
  } catch {
    return { ok: false, retryable: true, message: offline };
  }
  const payload = (await response.json().catch(() => null)) as (T & { error?: string }) | null;
  if (response.ok) return { ok: true, retryable: false, data: payload as T };
  return { ok: false, retryable: response.status >= 500, message: payload?.error ?? `HTTP ${response.status}` };
}

export function postJson<T>(url: string, body: unknown): Promise<PostResult<T>> {
  return sendJson<T>("POST", url, body);
}

export async function getJson<T>(url: string): Promise<PostResult<T>> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: "application/json" } });
  } catch {
    return { ok: false, retryable: true, message: OFFLINE };
  }
  const payload = (await response.json().catch(() => null)) as (T & { error?: string }) | null;
  if (response.ok && payload) return { ok: true, retryable: false, data: payload as T };
  return { ok: false, retryable: response.status >= 500, message: payload?.error ?? `HTTP ${response.status}` };
}
