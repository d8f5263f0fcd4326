// The portal's own error reporting (@sentry/nextjs): the options every runtime derives from the
// validated configuration, and the correlation-id tag. Runtime-agnostic (server, edge): no SDK
// import here, only types, so the pure parts can be unit-tested without initialising anything.
import type { Event } from "@sentry/nextjs";
import type { Config } from "@/lib/config";

/** The tag carrying the request's x-request-id on every Sentry event of that request. */
export const CORRELATION_TAG = "correlation_id";

export type SentryConfig = Pick<
  Config,
  "SENTRY_DSN" | "SENTRY_ENVIRONMENT" | "SENTRY_RELEASE" | "SENTRY_TRACES_SAMPLE_RATE"
>;

export interface SentryRuntimeOptions {
  dsn: string;
  environment: string;
  /** Omitted (not undefined) when unset, so the release injected at build time still applies. */
  release?: string;
  tracesSampleRate: number;
}

/**
 * Options for `Sentry.init` on the server and edge runtimes, or `null` without a DSN: the SDK is
 * then not initialised at all — no client, no transport, no instrumentation, nothing logged.
 */
export function sentryRuntimeOptions(cfg: SentryConfig): SentryRuntimeOptions | null {
  if (!cfg.SENTRY_DSN) return null;
  return {
    dsn: cfg.SENTRY_DSN,
    environment: cfg.SENTRY_ENVIRONMENT,
    ...(cfg.SENTRY_RELEASE ? { release: cfg.SENTRY_RELEASE } : {}),
    tracesSampleRate: cfg.SENTRY_TRACES_SAMPLE_RATE,
  };
}

/** Sets tags.correlation_id to the request's id (when there is one and the tag is not set yet). */
export function tagWithCorrelationId<E extends Event>(event: E, correlationId: string | undefined): E {
  if (!correlationId || event.tags?.[CORRELATION_TAG]) return event;
  event.tags = { ...event.tags, [CORRELATION_TAG]: correlationId };
  return event;
}

/** The first value of a request header as Next passes it to onRequestError. */
export function headerValue(value: string | string[] | undefined): string | undefined {
  return (Array.isArray(value) ? value[0] : value) || undefined;
}
