import type { JobCounts } from "@/lib/queues/counts";
import type { PanelSpec, PanelType, PerformancePeriod } from "@/lib/runbooks/panels";
import type { DependencyCheck, DependencyName } from "@/lib/observability/health";
import type { EndpointPerformance, SentryIssue } from "@/lib/sentry/api";

// What a live panel shows, as plain JSON: the page renders it on the server, the browser gets
// the same shape from GET /api/panels when it refreshes. Type-only imports, so the client
// components can use these shapes without pulling server modules into the bundle.

export type { PanelSpec, PanelType, PerformancePeriod };

/** Why a panel has no data. `message` is Portuguese and can be shown as is. */
export interface PanelFailure {
  source: "redis" | "sentry" | "portal";
  /**
   * redis: "unavailable" (no connection) | "timeout" (no answer within the limit) | "error";
   * sentry: the client's SentryErrorCode ("not_configured", "timeout", ...); portal: "internal".
   */
  code: string;
  message: string;
  /** Sentry not configured: the variables to set. */
  missing?: string[];
}

export type PanelSnapshot<T = unknown> =
  | {
      status: "ok";
      /** When the data was read from its source (ISO 8601). */
      fetchedAt: string;
      data: T;
      /** The data is an older copy because the last refresh failed (Sentry's stale cache). */
      stale?: { message: string };
    }
  | { status: "error"; fetchedAt: string; error: PanelFailure }
  /** The page stopped waiting (time budget); the browser loads it from /api/panels. */
  | { status: "loading" }
  /** Panels switched off for this view (`?panels=off`, print view). */
  | { status: "off" };

export interface QueueRow {
  name: string;
  displayName: string;
  dlq: string | null;
  counts: JobCounts;
  /** Jobs still dead in the DLQ; null when the queue has no DLQ. */
  dlqSize: number | null;
}

export interface QueuesData {
  queues: QueueRow[];
}

export interface JobEntry {
  /** Id in the listed queue (for a DLQ entry: `<queue>-<original id>`). */
  id: string;
  /** The queue the entry sits in (the source queue, or the DLQ). */
  queue: string;
  /** BullMQ state in that queue (failed, waiting...). */
  state: string;
  name: string;
  /** Pretty JSON of the job's data, cut at a size limit. */
  dataJson: string;
  dataTruncated: boolean;
  failedReason: string | null;
  /** Stack of the last attempt, cut at a size limit. */
  stack: string | null;
  /** How many stack traces the job keeps (one per failed attempt). */
  stackCount: number;
  attemptsMade: number;
  /** `attempts` option of the original job, when known. */
  attemptsAllowed: number | null;
  /** When the (last) attempt failed, ISO 8601. */
  failedAt: string | null;
  /** DLQ entries: where the original job is (it stays in its queue's failed set). */
  original?: { queue: string; jobId: string };
}

export interface JobsData {
  kind: "failed" | "dlq";
  /** The monitored queue the panel is about (for a DLQ panel, the source queue). */
  queue: string;
  displayName: string;
  /** The queue the jobs are read from: `queue` itself, or its DLQ. */
  listedQueue: string;
  total: number;
  /** 0-based page actually returned (clamped to the last page). */
  page: number;
  pageSize: number;
  jobs: JobEntry[];
}

export interface SentryIssuesData {
  query: string;
  issues: readonly SentryIssue[];
}

export interface SentryPerformanceData {
  threshold: number;
  transaction: string | null;
  /** How far back the P95 is computed (1h, 24h, 7d). */
  period: PerformancePeriod;
  rows: readonly EndpointPerformance[];
}

export interface HealthData {
  status: "ready" | "unavailable";
  checks: Record<DependencyName, DependencyCheck>;
  /** Whether the Sentry panels have what they need (no network call). */
  sentry: { configured: boolean; missing: string[] };
}

export interface PanelDataByType {
  queues: QueuesData;
  "failed-jobs": JobsData;
  dlq: JobsData;
  "sentry-issues": SentryIssuesData;
  "sentry-performance": SentryPerformanceData;
  health: HealthData;
}

/** One panel as the API returns it. */
export interface PanelResponse {
  panel: PanelSpec;
  page: number;
  snapshot: PanelSnapshot;
}

/** GET /api/panels/batch: one PanelResponse per requested panel, in the order asked. */
export interface PanelBatchResponse {
  panels: PanelResponse[];
}
