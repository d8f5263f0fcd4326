// The portal's one retry policy for browser requests. A request may be sent again — with the same
// idempotency key — when the network failed or the server said "not now": 408 (timeout), 429
// (slow down) and 5xx (PostgreSQL down is a 503 with Retry-After). Any other 4xx is a refusal the
// user has to read (the server's `error` text); sending it again would only be refused again.
// docs/adr/0005-browser-outbox.md gives the reasons.

/** The longest pause between two attempts that the policy chooses by itself. */
export const MAX_BACKOFF_SECONDS = 15;
/** A server's Retry-After is honoured up to this (a typo of a day must not freeze a page). */
export const MAX_RETRY_AFTER_SECONDS = 300;

/** True when sending the same request again later may succeed. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * A Retry-After header in seconds: delta-seconds ("2") or an HTTP date, capped; null when absent
 * or unusable (negative, garbage, a date in the past).
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | null {
  const text = value?.trim();
  if (!text) return null;
  if (/^\d+$/.test(text)) {
    const seconds = Number(text);
    return seconds > 0 ? Math.min(seconds, MAX_RETRY_AFTER_SECONDS) : null;
  }
  // An HTTP date always names its day; Date.parse would also take "3" or "1.5" as a year or a date.
  if (!/[a-z]{3}/i.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at) || at <= now) return null;
  return Math.min(Math.ceil((at - now) / 1000), MAX_RETRY_AFTER_SECONDS);
}

/** Exponential backoff, 1 s doubling to 15 s; a server's Retry-After wins when longer. */
export function backoffMs(attempts: number, retryAfterSeconds: number | null): number {
  const base = Math.min(MAX_BACKOFF_SECONDS * 1000, 1000 * 2 ** Math.max(0, attempts - 1));
  return Math.max(base, (retryAfterSeconds ?? 0) * 1000);
}
