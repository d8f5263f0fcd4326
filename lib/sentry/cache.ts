import { asSentryError, type SentryApiError } from "./errors";

// A small in-memory cache in front of the Sentry Web API.
//
// Why: a runbook page may be open on many screens at once (the whole on-call channel during an
// incident), and each one re-renders its panels. Sentry rate-limits API tokens, and a slow Sentry
// must not make every page slow. So:
//   - a fresh value (younger than the TTL) is served without calling Sentry;
//   - concurrent requests for the same key share one in-flight call;
//   - when a refresh fails and an older value is still around, that value is served flagged
//     `stale` together with the error, so the panel keeps showing data and says why it is old;
//   - a failure is remembered briefly (errorTtlMs) so a Sentry outage costs one timeout per key
//     every few seconds instead of one per viewer;
//   - a 429 puts the whole client identity (API URL + org + token) in a cool-down until
//     Retry-After has passed, because Sentry's limit is per token/org, not per URL.

export interface CacheResult<T> {
  data: T;
  /** When `data` was fetched from Sentry (ISO 8601). */
  fetchedAt: string;
  /** True when `data` is an older value served because the refresh failed. */
  stale: boolean;
  /** Why the refresh failed; only present when `stale` is true. */
  error?: SentryApiError;
}

export interface CachePolicy {
  /** How long a value is served without asking Sentry again. */
  ttlMs: number;
  /** How long after expiry an old value may still be served when a refresh fails. */
  staleTtlMs: number;
  /** How long a failure is remembered before the next attempt. */
  errorTtlMs: number;
}

export interface SentryCacheOptions {
  /** Injectable clock so tests can move time without sleeping. */
  now?: () => number;
  /** Upper bound on remembered keys; the oldest idle ones are dropped first. */
  maxEntries?: number;
}

interface Entry {
  hasValue: boolean;
  value: unknown;
  fetchedAt: number;
  expiresAt: number;
  staleUntil: number;
  error: SentryApiError | undefined;
  errorUntil: number;
  inflight: Promise<CacheResult<unknown>> | undefined;
}

export class SentryCache {
  readonly now: () => number;
  private readonly maxEntries: number;
  private readonly entries = new Map<string, Entry>();
  private readonly cooldowns = new Map<string, number>();

  constructor(options: SentryCacheOptions = {}) {
    this.now = options.now ?? Date.now;
    this.maxEntries = options.maxEntries ?? 500;
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
    this.cooldowns.clear();
  }

  /** Milliseconds left in a 429 cool-down for this client identity (0 when none). */
  cooldownRemainingMs(scope: string): number {
    const until = this.cooldowns.get(scope);
    if (until === undefined) return 0;
    const left = until - this.now();
    if (left <= 0) this.cooldowns.delete(scope);
    return Math.max(0, left);
  }

  startCooldown(scope: string, durationMs: number): void {
    this.cooldowns.set(scope, this.now() + durationMs);
  }

  /**
   * Returns the cached value for `key`, or runs `load` (once, however many callers are waiting).
   * Throws a SentryApiError when the load fails and there is no usable older value.
   *
   * The caller must use one key per result type: values are stored untyped.
   */
  get<T>(key: string, load: () => Promise<T>, policy: CachePolicy): Promise<CacheResult<T>> {
    const now = this.now();
    let entry = this.entries.get(key);

    if (entry && entry.hasValue && now >= entry.staleUntil && !entry.inflight) {
      // Too old even to be shown as stale: forget it so it cannot resurface.
      entry.hasValue = false;
      entry.value = undefined;
    }
    if (entry?.hasValue && now < entry.expiresAt) return Promise.resolve(fresh<T>(entry));
    // The cast is sound because a key always maps to one loader, hence one type.
    if (entry?.inflight) return entry.inflight as Promise<CacheResult<T>>;
    if (entry?.error && now < entry.errorUntil) {
      return settleFailure<T>(entry, entry.error, now);
    }

    if (!entry) {
      entry = {
        hasValue: false,
        value: undefined,
        fetchedAt: 0,
        expiresAt: 0,
        staleUntil: 0,
        error: undefined,
        errorUntil: 0,
        inflight: undefined,
      };
      // Make room before inserting, so the new (still empty) entry cannot be the one evicted.
      this.evict(this.maxEntries - 1);
      this.entries.set(key, entry);
    }

    const target = entry;
    const inflight = this.refresh(target, load, policy);
    target.inflight = inflight as Promise<CacheResult<unknown>>;
    // Cleared after settling, whether it resolved or threw; the no-op catch only keeps this
    // bookkeeping chain from reporting an unhandled rejection (callers still see the error).
    inflight
      .finally(() => {
        if (target.inflight === inflight) target.inflight = undefined;
      })
      .catch(() => undefined);
    return inflight;
  }

  private async refresh<T>(entry: Entry, load: () => Promise<T>, policy: CachePolicy): Promise<CacheResult<T>> {
    try {
      const value = await load();
      const at = this.now();
      entry.hasValue = true;
      entry.value = value;
      entry.fetchedAt = at;
      entry.expiresAt = at + policy.ttlMs;
      entry.staleUntil = at + policy.ttlMs + policy.staleTtlMs;
      entry.error = undefined;
      entry.errorUntil = 0;
      return fresh<T>(entry);
    } catch (thrown) {
      const error = asSentryError(thrown);
      const at = this.now();
      // Under a 429 there is no point asking again before Retry-After.
      const holdMs = Math.max(policy.errorTtlMs, (error.retryAfterSeconds ?? 0) * 1000);
      entry.error = error;
      entry.errorUntil = at + holdMs;
      return settleFailure<T>(entry, error, at);
    }
  }

  private evict(limit: number): void {
    if (this.entries.size <= limit) return;
    const now = this.now();
    // First drop whatever can no longer be served at all, then the oldest idle entries
    // (a Map iterates in insertion order).
    for (const [key, entry] of this.entries) {
      if (!entry.inflight && now >= entry.staleUntil && now >= entry.errorUntil) this.entries.delete(key);
    }
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= limit) break;
      if (!entry.inflight) this.entries.delete(key);
    }
  }
}

function fresh<T>(entry: Entry): CacheResult<T> {
  return { data: entry.value as T, fetchedAt: new Date(entry.fetchedAt).toISOString(), stale: false };
}

function settleFailure<T>(entry: Entry, error: SentryApiError, now: number): Promise<CacheResult<T>> {
  if (entry.hasValue && now < entry.staleUntil) {
    return Promise.resolve({
      data: entry.value as T,
      fetchedAt: new Date(entry.fetchedAt).toISOString(),
      stale: true,
      error,
    });
  }
  return Promise.reject(error);
}

// One cache per process, shared by the Next.js server bundle and the custom server: both may
// load their own copy of this module, but globalThis and the Symbol.for registry are the same.
const GLOBAL_CACHE_KEY: unique symbol = Symbol.for("ops-portal.sentry.cache.v1");

type GlobalWithSentryCache = typeof globalThis & { [GLOBAL_CACHE_KEY]?: SentryCache };

export function sharedSentryCache(): SentryCache {
  const scope = globalThis as GlobalWithSentryCache;
  scope[GLOBAL_CACHE_KEY] ??= new SentryCache();
  return scope[GLOBAL_CACHE_KEY];
}
