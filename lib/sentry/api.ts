import { createHash } from "node:crypto";
import { z } from "zod";
import { config, type Config } from "@/lib/config";
import { sharedSentryCache, type CachePolicy, type CacheResult, type SentryCache } from "./cache";
import { SentryApiError, sentryErrors } from "./errors";

// Server-side client for the two Sentry Web API reads behind the runbook panels:
//   - unresolved issues:  GET /api/0/organizations/{org}/issues/            (scope event:read)
//   - per-endpoint P95:   GET /api/0/organizations/{org}/events/?dataset=spans (scope org:read)
//
// The auth token lives only here. Panels receive parsed, validated data and Portuguese error
// messages; never the token, the request URL or Sentry's raw payload.

if (typeof window !== "undefined") {
  // A client component importing this module would ship the token-handling code to the browser.
  throw new Error("lib/sentry/api is server-only");
}

export { SentryApiError, toPanelError, type SentryErrorCode, type SentryPanelError } from "./errors";
export type { CacheResult } from "./cache";

export interface SentryClientSettings {
  /** Base URL such as https://sentry.io or https://de.sentry.io (a path prefix is kept). */
  apiUrl: string;
  /** Organization slug. */
  org: string;
  /** Project id (numeric) or slug; omitted means every project the token can see. */
  project?: string;
  /** Auth token (internal integration or user token) with event:read and org:read. */
  token: string;
  /** Whole-request deadline, headers and body included. Default 3000. */
  timeoutMs?: number;
  /** How long a result is reused. Default 30000. */
  cacheTtlMs?: number;
  /** How long past expiry an old result may be shown (flagged stale) if Sentry fails. Default 600000. */
  staleTtlMs?: number;
  /** How long a failure is reused before Sentry is tried again. Default 5000. */
  errorTtlMs?: number;
  /** Defaults to the process-wide cache; tests pass their own. */
  cache?: SentryCache;
}

export interface ListIssuesOptions {
  /** Extra Sentry search terms, e.g. "level:fatal"; `is:unresolved` is always applied. */
  query?: string;
  /** 1..100 (Sentry's page size limit). Default 25. */
  limit?: number;
  /** Window such as 24h, 14d, 30m. Default 24h. */
  statsPeriod?: string;
}

export interface EndpointPerformanceOptions {
  /** Window such as 1h, 24h. Default 1h. */
  statsPeriod?: string;
  /** 1..100 rows (Sentry's page size limit). Default 10. */
  limit?: number;
  /** Only this transaction (endpoint), e.g. "POST /api/payments". */
  transaction?: string;
  /** Extra Sentry search terms, e.g. "environment:production". */
  query?: string;
  /** Rows whose P95 is above this are flagged `overThreshold`. */
  p95ThresholdMs?: number;
}

export interface SentryIssue {
  id: string;
  shortId: string;
  title: string;
  culprit: string | null;
  /** Link to the issue in Sentry; null unless it is an http(s) URL. */
  permalink: string | null;
  level: string;
  status: string;
  /** Events in the issue (Sentry sends this as a string). */
  count: number;
  userCount: number;
  firstSeen: string | null;
  lastSeen: string | null;
  projectSlug: string | null;
}

export interface EndpointPerformance {
  transaction: string;
  /** 95th percentile duration in milliseconds; null when Sentry has no value for the window. */
  p95Ms: number | null;
  /** Transactions per minute over the window. */
  tpm: number;
  count: number;
  /** P95 above the requested threshold (false when no threshold was given). */
  overThreshold: boolean;
}

export type SentryResult<T> = CacheResult<T>;

// Results are shared by every viewer of the cached value, hence readonly (and frozen at runtime).
export interface SentryClient {
  listUnresolvedIssues(options?: ListIssuesOptions): Promise<SentryResult<readonly SentryIssue[]>>;
  endpointPerformance(options?: EndpointPerformanceOptions): Promise<SentryResult<readonly EndpointPerformance[]>>;
}

const DEFAULT_TIMEOUT_MS = 3_000;
const DEFAULT_TTL_MS = 30_000;
const DEFAULT_STALE_TTL_MS = 10 * 60_000;
const DEFAULT_ERROR_TTL_MS = 5_000;
/** Used when a 429 carries no usable Retry-After. */
const DEFAULT_RETRY_AFTER_S = 30;
/** Sentry returns at most 100 rows per page on both endpoints. */
const MAX_PAGE = 100;

// The span-based (EAP) dataset replaced `transactions`: `dataset` is required and must be one of
// errors|logs|profile_functions|spans|tracemetrics|uptime_results. A transaction is a segment
// span, selected with `is_transaction:true`; its duration is `span.duration` (milliseconds).
// `epm()` is events per minute of the rows that match the query, so with `is_transaction:true`
// it is transactions per minute. (`tpm()` exists only in newer Sentry versions; epm() works on
// both, which matters for self-hosted installs.)
export const PERFORMANCE_DATASET = "spans";
export const P95_FIELD = "p95(span.duration)";
export const THROUGHPUT_FIELD = "epm()";
export const COUNT_FIELD = "count()";
export const TRANSACTION_FIELD = "transaction";

// ---------------------------------------------------------------------------------------------
// Response schemas. z.object() drops unknown keys, so new Sentry fields do not break parsing;
// only what the panels use is required.

const optionalText = z
  .string()
  .nullish()
  .transform((v) => v ?? null);

const issueSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  shortId: z.string(),
  title: z.string(),
  culprit: optionalText,
  permalink: optionalText,
  level: z
    .string()
    .nullish()
    .transform((v) => v ?? "error"),
  status: z
    .string()
    .nullish()
    .transform((v) => v ?? "unresolved"),
  // A string in Sentry's API (it can exceed 2^53 in theory); a number here for display.
  count: z
    .union([z.string().regex(/^\d+$/, "a decimal count"), z.number().int().nonnegative()])
    .nullish()
    .transform((v) => (v === null || v === undefined ? 0 : Number(v))),
  userCount: z
    .number()
    .nullish()
    .transform((v) => v ?? 0),
  firstSeen: optionalText,
  lastSeen: optionalText,
  project: z.object({ slug: z.string() }).nullish(),
});

const issuesResponseSchema = z.array(issueSchema);

const nullableNumber = z
  .number()
  .nullish()
  .transform((v) => v ?? null);

const performanceRowSchema = z.object({
  [TRANSACTION_FIELD]: z.string(),
  [P95_FIELD]: nullableNumber,
  [THROUGHPUT_FIELD]: nullableNumber,
  [COUNT_FIELD]: nullableNumber,
});

const performanceResponseSchema = z.object({
  data: z.array(performanceRowSchema),
  meta: z
    .object({
      fields: z.record(z.string(), z.string()).optional(),
      units: z.record(z.string(), z.string().nullable()).optional(),
    })
    .optional(),
});

const errorBodySchema = z.object({
  detail: z.union([z.string(), z.object({ message: z.string() }).transform((d) => d.message)]),
});

// ---------------------------------------------------------------------------------------------

export function createSentryClient(settings: SentryClientSettings): SentryClient {
  const missing: string[] = [];
  if (!settings.org?.trim()) missing.push("SENTRY_ORG");
  if (!settings.token?.trim()) missing.push("SENTRY_AUTH_TOKEN");
  if (missing.length > 0) throw sentryErrors.notConfigured(missing);

  let base: URL;
  try {
    base = new URL(settings.apiUrl);
  } catch {
    throw sentryErrors.notConfigured(["SENTRY_API_URL"]);
  }
  if (base.protocol !== "https:" && base.protocol !== "http:") throw sentryErrors.notConfigured(["SENTRY_API_URL"]);
  const apiRoot = `${base.origin}${base.pathname.replace(/\/+$/, "")}/api/0`;

  const org = settings.org.trim();
  const token = settings.token.trim();
  const project = settings.project?.trim() || undefined;
  const timeoutMs = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const cache = settings.cache ?? sharedSentryCache();
  const policy: CachePolicy = {
    ttlMs: settings.cacheTtlMs ?? DEFAULT_TTL_MS,
    staleTtlMs: settings.staleTtlMs ?? DEFAULT_STALE_TTL_MS,
    errorTtlMs: settings.errorTtlMs ?? DEFAULT_ERROR_TTL_MS,
  };
  // Cache keys must separate tokens (two tokens may see different projects) without holding the
  // token itself in a long-lived structure.
  const identity = `${apiRoot}|${org}|${createHash("sha256").update(token).digest("hex").slice(0, 16)}`;
  const orgPath = `/organizations/${encodeURIComponent(org)}`;

  function addProject(params: URLSearchParams): void {
    if (!project) return;
    // Organization endpoints take project ids in `project` and slugs in `projectSlug`.
    if (/^-?\d+$/.test(project)) params.append("project", project);
    else params.append("projectSlug", project);
  }

  async function getJson(path: string, params: URLSearchParams, scope: string): Promise<unknown> {
    const waitMs = cache.cooldownRemainingMs(identity);
    if (waitMs > 0) throw sentryErrors.rateLimited(Math.ceil(waitMs / 1000));

    const url = `${apiRoot}${path}?${params.toString()}`;
    let response: Response;
    let body: string;
    try {
      // One signal for headers and body: a server that sends headers and then stalls still
      // counts against the same deadline.
      response = await fetch(url, {
        headers: { Authorization: `Bearer ${token}`, Accept: "application/json" },
        signal: AbortSignal.timeout(timeoutMs),
        // Our own cache decides freshness; keep Next.js's fetch cache out of it.
        cache: "no-store",
      });
      body = await response.text();
    } catch (error) {
      throw fetchFailure(error, timeoutMs);
    }

    if (response.ok) {
      try {
        return JSON.parse(body) as unknown;
      } catch (error) {
        throw sentryErrors.badResponse("JSON inválido", error);
      }
    }

    const detail = errorDetail(body);
    if (response.status === 401 || response.status === 403) {
      throw sentryErrors.unauthorized(response.status, detail, scope);
    }
    if (response.status === 429) {
      const retryAfter = retryAfterSeconds(response.headers, cache.now());
      cache.startCooldown(identity, retryAfter * 1000);
      throw sentryErrors.rateLimited(retryAfter, detail);
    }
    throw sentryErrors.upstream(response.status, detail);
  }

  function cached<T>(path: string, params: URLSearchParams, load: () => Promise<T>): Promise<SentryResult<T>> {
    return cache.get(`${identity}|${path}?${params.toString()}`, load, policy);
  }

  return {
    async listUnresolvedIssues(options: ListIssuesOptions = {}): Promise<SentryResult<readonly SentryIssue[]>> {
      const params = new URLSearchParams();
      params.set("query", withUnresolved(options.query));
      addProject(params);
      params.set("statsPeriod", checkPeriod(options.statsPeriod ?? "24h"));
      params.set("sort", "date");
      params.set("limit", String(checkLimit(options.limit ?? 25)));
      const path = `${orgPath}/issues/`;

      return cached(path, params, async () => {
        const json = await getJson(path, params, "event:read");
        const parsed = issuesResponseSchema.safeParse(json);
        if (!parsed.success) throw sentryErrors.badResponse(describeIssue(parsed.error), parsed.error);
        return Object.freeze(parsed.data.map((raw) => Object.freeze(toIssue(raw))));
      });
    },

    async endpointPerformance(
      options: EndpointPerformanceOptions = {},
    ): Promise<SentryResult<readonly EndpointPerformance[]>> {
      const terms = ["is_transaction:true"];
      const transaction = options.transaction?.trim();
      if (transaction) terms.push(`transaction:${quoteSearchValue(transaction)}`);
      if (options.query?.trim()) terms.push(options.query.trim());

      const params = new URLSearchParams();
      params.set("dataset", PERFORMANCE_DATASET);
      for (const field of [TRANSACTION_FIELD, P95_FIELD, THROUGHPUT_FIELD, COUNT_FIELD]) params.append("field", field);
      params.set("query", terms.join(" "));
      addProject(params);
      params.set("sort", `-${P95_FIELD}`);
      params.set("statsPeriod", checkPeriod(options.statsPeriod ?? "1h"));
      params.set("per_page", String(checkLimit(options.limit ?? 10)));
      const path = `${orgPath}/events/`;
      const threshold = options.p95ThresholdMs;

      const result = await cached(path, params, async () => {
        const json = await getJson(path, params, "org:read");
        const parsed = performanceResponseSchema.safeParse(json);
        if (!parsed.success) throw sentryErrors.badResponse(describeIssue(parsed.error), parsed.error);
        const toMs = unitToMs(parsed.data.meta?.units?.[P95_FIELD]);
        return Object.freeze(
          parsed.data.data.map((row) =>
            Object.freeze({
              transaction: row[TRANSACTION_FIELD],
              // Rounded to the microsecond so a unit conversion does not show 812.3000000000001.
              p95Ms: row[P95_FIELD] === null ? null : Math.round(row[P95_FIELD] * toMs * 1000) / 1000,
              tpm: row[THROUGHPUT_FIELD] ?? 0,
              count: row[COUNT_FIELD] ?? 0,
            }),
          ),
        );
      });

      // The threshold is applied after the cache: viewers with different thresholds share one call.
      return {
        ...result,
        data: Object.freeze(
          result.data.map((row) =>
            Object.freeze({
              ...row,
              overThreshold: threshold !== undefined && row.p95Ms !== null && row.p95Ms > threshold,
            }),
          ),
        ),
      };
    },
  };
}

/**
 * The client built from the environment (lib/config.ts), or null when Sentry is not configured,
 * so a panel can render "not configured" instead of failing. Cheap to call per request: all
 * clients share the process-wide cache.
 */
export function sentryClientFromConfig(cfg: Config = config()): SentryClient | null {
  if (!cfg.SENTRY_ORG || !cfg.SENTRY_AUTH_TOKEN) return null;
  return createSentryClient({
    apiUrl: cfg.SENTRY_API_URL,
    org: cfg.SENTRY_ORG,
    project: cfg.SENTRY_PROJECT,
    token: cfg.SENTRY_AUTH_TOKEN,
    timeoutMs: cfg.SENTRY_TIMEOUT_MS,
  });
}

/** The error a panel shows when sentryClientFromConfig() returned null. */
export function sentryNotConfiguredError(cfg: Config = config()): SentryApiError {
  const missing: string[] = [];
  if (!cfg.SENTRY_ORG) missing.push("SENTRY_ORG");
  if (!cfg.SENTRY_AUTH_TOKEN) missing.push("SENTRY_AUTH_TOKEN");
  return sentryErrors.notConfigured(missing);
}

// ---------------------------------------------------------------------------------------------

function toIssue(raw: z.infer<typeof issueSchema>): SentryIssue {
  return {
    id: raw.id,
    shortId: raw.shortId,
    title: raw.title,
    culprit: raw.culprit,
    permalink: safeHttpUrl(raw.permalink),
    level: raw.level,
    status: raw.status,
    count: raw.count,
    userCount: raw.userCount,
    firstSeen: raw.firstSeen,
    lastSeen: raw.lastSeen,
    projectSlug: raw.project?.slug ?? null,
  };
}

/** The permalink ends up in an href: only http(s) may pass, never javascript: or data:. */
function safeHttpUrl(value: string | null): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}

function withUnresolved(query: string | undefined): string {
  const extra = query?.trim() ?? "";
  if (/(^|\s)is:unresolved(\s|$)/.test(extra)) return extra;
  return extra ? `is:unresolved ${extra}` : "is:unresolved";
}

/** Sentry search syntax: a value with spaces or quotes must be double-quoted, inner quotes escaped. */
export function quoteSearchValue(value: string): string {
  return /^[^\s"()]+$/.test(value) && value.length > 0 ? value : `"${value.replace(/"/g, '\\"')}"`;
}

function checkPeriod(period: string): string {
  // Runbook authors write these; a typo should read as a clear panel message, not a Sentry 400.
  if (!/^\d{1,4}[smhdw]$/.test(period)) {
    throw new SentryApiError({
      code: "invalid_request",
      message: `Período inválido para o painel do Sentry: "${period.slice(0, 20)}" (use, por exemplo, 1h, 24h ou 14d)`,
    });
  }
  return period;
}

function checkLimit(limit: number): number {
  if (!Number.isFinite(limit) || limit < 1) {
    throw new SentryApiError({
      code: "invalid_request",
      message: `Limite inválido para o painel do Sentry: ${String(limit)} (use de 1 a ${MAX_PAGE})`,
    });
  }
  return Math.min(MAX_PAGE, Math.floor(limit));
}

function unitToMs(unit: string | null | undefined): number {
  switch (unit) {
    case "second":
      return 1000;
    case "microsecond":
      return 1 / 1000;
    case "nanosecond":
      return 1 / 1_000_000;
    default:
      // "millisecond", or no unit: span.duration is documented in milliseconds.
      return 1;
  }
}

function errorDetail(body: string): string | undefined {
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data.detail : undefined;
  } catch {
    return undefined;
  }
}

/** Retry-After is seconds or an HTTP date; Sentry also sends X-Sentry-Rate-Limit-Reset (epoch s). */
function retryAfterSeconds(headers: Headers, nowMs: number): number {
  const retryAfter = headers.get("retry-after");
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.max(1, Math.ceil(seconds));
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(1, Math.ceil((date - nowMs) / 1000));
  }
  const reset = Number(headers.get("x-sentry-rate-limit-reset"));
  if (Number.isFinite(reset) && reset > 0) return Math.max(1, Math.ceil(reset - nowMs / 1000));
  return DEFAULT_RETRY_AFTER_S;
}

function fetchFailure(error: unknown, timeoutMs: number): SentryApiError {
  // AbortSignal.timeout() aborts with a DOMException named TimeoutError (during fetch or body read).
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return sentryErrors.timeout(timeoutMs, error);
  }
  // undici reports network failures as TypeError("fetch failed") with the system error as cause.
  const cause = error instanceof Error ? error.cause : undefined;
  const code =
    typeof cause === "object" && cause !== null && "code" in cause && typeof cause.code === "string"
      ? cause.code
      : undefined;
  return sentryErrors.unreachable(code, error);
}

function describeIssue(error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return "formato desconhecido";
  const where = first.path.length > 0 ? first.path.join(".") : "raiz";
  return `campo ${where}: ${first.message}`;
}
