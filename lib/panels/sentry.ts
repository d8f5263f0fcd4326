import { SentryApiError, toPanelError, type SentryClient } from "@/lib/sentry/api";
import { asSentryError } from "@/lib/sentry/errors";
import type { PanelFailure, PanelSnapshot, PerformancePeriod, SentryIssuesData, SentryPerformanceData } from "./types";

// `::sentry-issues` and `::sentry-performance`. The client (lib/sentry/api.ts) owns the token,
// the 3 s timeout, the cache and the Portuguese messages; this only shapes the result. A null
// client means "not configured", which names the variables to set.

function failure(error: unknown): PanelFailure {
  const sentryError = error instanceof SentryApiError ? error : asSentryError(error);
  const panel = toPanelError(sentryError);
  return { source: "sentry", code: panel.code, message: panel.message };
}

function notConfigured(missing: string[]): PanelSnapshot<never> {
  const what = missing.length > 0 ? missing.join(", ") : "SENTRY_ORG, SENTRY_AUTH_TOKEN";
  return {
    status: "error",
    fetchedAt: new Date().toISOString(),
    error: { source: "sentry", code: "not_configured", message: `Sentry não configurado (defina ${what})`, missing },
  };
}

async function load<T>(
  work: () => Promise<{ data: T; fetchedAt: string; stale: boolean; error?: SentryApiError }>,
): Promise<PanelSnapshot<T>> {
  try {
    const result = await work();
    return result.stale && result.error
      ? { status: "ok", fetchedAt: result.fetchedAt, data: result.data, stale: { message: result.error.message } }
      : { status: "ok", fetchedAt: result.fetchedAt, data: result.data };
  } catch (error) {
    return { status: "error", fetchedAt: new Date().toISOString(), error: failure(error) };
  }
}

export interface SentryIssuesArgs {
  query: string;
  limit?: number;
}

export function loadSentryIssues(
  client: SentryClient | null,
  args: SentryIssuesArgs,
  missing: string[] = [],
): Promise<PanelSnapshot<SentryIssuesData>> {
  if (!client) return Promise.resolve(notConfigured(missing));
  return load(async () => {
    const result = await client.listUnresolvedIssues({ query: args.query, limit: args.limit ?? 10 });
    return { ...result, data: { query: args.query, issues: result.data } };
  });
}

export interface SentryPerformanceArgs {
  threshold: number;
  transaction?: string;
  period?: PerformancePeriod;
}

export function loadSentryPerformance(
  client: SentryClient | null,
  args: SentryPerformanceArgs,
  missing: string[] = [],
): Promise<PanelSnapshot<SentryPerformanceData>> {
  if (!client) return Promise.resolve(notConfigured(missing));
  return load(async () => {
    const period = args.period ?? "1h";
    const result = await client.endpointPerformance({
      p95ThresholdMs: args.threshold,
      transaction: args.transaction,
      limit: 10,
      statsPeriod: period,
    });
    return {
      ...result,
      data: { threshold: args.threshold, transaction: args.transaction ?? null, period, rows: result.data },
    };
  });
}
