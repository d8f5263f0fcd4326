import { LRUCache } from "lru-cache";
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

/** What the cache keeps per key: the last good value (if any) and the last failure (if any). */
interface Entry {
  hasValue: boolean;
  value: unknown;
  fetchedAt: number;
  expiresAt: number;
  staleUntil: number;
  error: SentryApiError | undefined;
  errorUntil: number;
}

interface Refresh {
  load: () => Promise<unknown>;
  policy: CachePolicy;
}

export class SentryCache {
  readonly now: () => number;
  // Bounding, LRU eviction and sharing one in-flight load per key come from lru-cache; what
  // stays here is what it does not do: remembering a failure (error TTL, Retry-After) and the
  // per-identity 429 cool-down.
  private readonly entries: LRUCache<string, Entry, Refresh>;
  private readonly cooldowns = new Map<string, number>();

  constructor(options: SentryCacheOptions = {}) {
    this.now = options.now ?? Date.now;
    this.entries = new LRUCache<string, Entry, Refresh>({
      max: options.maxEntries ?? 500,
      // An entry evicted while loading still hands its result to the callers waiting for it.
      ignoreFetchAbort: true,
      fetchMethod: (_key, previous, { context }) => this.refresh(previous, context),
    });
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
  async get<T>(key: string, load: () => Promise<T>, policy: CachePolicy): Promise<CacheResult<T>> {
    const now = this.now();
    const cached = this.entries.peek(key);
    // A fresh value, or a failure still remembered, is answered without asking Sentry; the
    // expiry instants are ours (lru-cache's ttl would keep a value one instant longer).
    const settled =
      cached && ((cached.hasValue && now < cached.expiresAt) || (cached.error && now < cached.errorUntil));
    const entry = await this.entries.fetch(key, { context: { load, policy }, forceRefresh: !settled });
    if (!entry) throw asSentryError(new Error("the Sentry cache lost an entry while loading it"));
    if (!entry.error) return fresh<T>(entry);
    return settleFailure<T>(entry, entry.error, this.now());
  }

  private async refresh(previous: Entry | undefined, { load, policy }: Refresh): Promise<Entry> {
    try {
      const value = await load();
      const at = this.now();
      return {
        hasValue: true,
        value,
        fetchedAt: at,
        expiresAt: at + policy.ttlMs,
        staleUntil: at + policy.ttlMs + policy.staleTtlMs,
        error: undefined,
        errorUntil: 0,
      };
    } catch (thrown) {
      const error = asSentryError(thrown);
      const at = this.now();
      // Under a 429 there is no point asking again before Retry-After.
      const holdMs = Math.max(policy.errorTtlMs, (error.retryAfterSeconds ?? 0) * 1000);
      // The older value is kept only while it may still be shown as stale, so it cannot resurface.
      const keep = previous?.hasValue && at < previous.staleUntil;
      return {
        hasValue: Boolean(keep),
        value: keep ? previous!.value : undefined,
        fetchedAt: keep ? previous!.fetchedAt : 0,
        expiresAt: keep ? previous!.expiresAt : 0,
        staleUntil: keep ? previous!.staleUntil : 0,
        error,
        errorUntil: at + holdMs,
      };
    }
  }
}

function fresh<T>(entry: Entry): CacheResult<T> {
  return { data: entry.value as T, fetchedAt: new Date(entry.fetchedAt).toISOString(), stale: false };
}

function settleFailure<T>(entry: Entry, error: SentryApiError, now: number): CacheResult<T> {
  if (entry.hasValue && now < entry.staleUntil) {
    return { data: entry.value as T, fetchedAt: new Date(entry.fetchedAt).toISOString(), stale: true, error };
  }
  throw error;
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
