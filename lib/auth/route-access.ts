import type { Permission } from "@/lib/auth/permissions";

// Who may call each route: the table e2e/access-matrix.spec.ts walks for every role. A route
// under app/ without an entry here fails that test, so no route is added without deciding.

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface RouteRule {
  /** Next-style pattern, e.g. /api/checklists/runs/[runId]. */
  pattern: string;
  method: HttpMethod;
  /** "public": no sign-in. Otherwise the permission a signed-in user needs. */
  access: "public" | Permission;
  /** A concrete path for the test (parameters filled in with plausible values). */
  sample?: string;
  /** Public routes that authenticate the caller themselves (webhooks): 401 without their credential, session or not. */
  ownCredentials?: boolean;
}

const SAMPLE_UUID = "00000000-0000-4000-8000-000000000000";

export const ROUTE_ACCESS: RouteRule[] = [
  { pattern: "/", method: "GET", access: "portal:read" },
  { pattern: "/login", method: "GET", access: "public" },
  { pattern: "/locale/[locale]", method: "GET", access: "public", sample: "/locale/en" },
  { pattern: "/runbooks", method: "GET", access: "portal:read" },
  { pattern: "/runbooks/[slug]", method: "GET", access: "portal:read", sample: "/runbooks/03-alerta-job-na-dlq" },
  { pattern: "/audit", method: "GET", access: "audit:read" },
  { pattern: "/history", method: "GET", access: "reports:read" },
  { pattern: "/history/checklists", method: "GET", access: "reports:read" },
  {
    pattern: "/history/checklists/runs/[runId]",
    method: "GET",
    access: "reports:read",
    sample: `/history/checklists/runs/${SAMPLE_UUID}`,
  },
  { pattern: "/history/incidents", method: "GET", access: "reports:read" },
  { pattern: "/admin/users", method: "GET", access: "users:manage" },
  {
    pattern: "/api/admin/users/[id]/role",
    method: "PUT",
    access: "users:manage",
    sample: `/api/admin/users/${SAMPLE_UUID}/role`,
  },
  { pattern: "/api/health", method: "GET", access: "public" },
  { pattern: "/api/health/ready", method: "GET", access: "public" },
  { pattern: "/api/metrics", method: "GET", access: "public" },
  // Answer 404 unless ENABLE_TEST_ROUTES=1 (the Sentry e2e test); signed-in users only.
  { pattern: "/api/debug/error", method: "GET", access: "portal:read" },
  { pattern: "/api/debug/error-reporting", method: "GET", access: "portal:read" },
  { pattern: "/api/panels", method: "GET", access: "portal:read", sample: "/api/panels?panel=health" },
  { pattern: "/api/panels/batch", method: "GET", access: "portal:read", sample: "/api/panels/batch?p=panel%3Dhealth" },
  {
    pattern: "/api/checklists/[slug]/current",
    method: "GET",
    access: "portal:read",
    sample: "/api/checklists/01-monitoramento-diario/current",
  },
  {
    pattern: "/api/checklists/[slug]/current",
    method: "POST",
    access: "portal:read",
    sample: "/api/checklists/01-monitoramento-diario/current",
  },
  {
    pattern: "/api/checklists/runs/[runId]",
    method: "GET",
    access: "portal:read",
    sample: `/api/checklists/runs/${SAMPLE_UUID}`,
  },
  {
    pattern: "/api/checklists/runs/[runId]/ticks",
    method: "POST",
    access: "checklists:tick",
    sample: `/api/checklists/runs/${SAMPLE_UUID}/ticks`,
  },
  {
    pattern: "/api/checklists/runs/[runId]/notes",
    method: "POST",
    access: "checklists:tick",
    sample: `/api/checklists/runs/${SAMPLE_UUID}/notes`,
  },
  {
    pattern: "/api/checklists/runs/[runId]/events",
    method: "GET",
    access: "portal:read",
    sample: `/api/checklists/runs/${SAMPLE_UUID}/events`,
  },
  { pattern: "/api/history/checklists", method: "GET", access: "reports:read" },
  { pattern: "/api/history/checklists/export", method: "GET", access: "reports:read" },
  {
    pattern: "/api/history/checklists/runs/[runId]",
    method: "GET",
    access: "reports:read",
    sample: `/api/history/checklists/runs/${SAMPLE_UUID}`,
  },
  { pattern: "/incidents", method: "GET", access: "portal:read" },
  {
    pattern: "/incidents/new",
    method: "GET",
    access: "incidents:write",
    sample: "/incidents/new?runbook=03-alerta-job-na-dlq",
  },
  // Moved to /history/incidents; redirects there (from/to kept).
  { pattern: "/incidents/reports", method: "GET", access: "reports:read" },
  { pattern: "/incidents/[id]", method: "GET", access: "portal:read", sample: `/incidents/${SAMPLE_UUID}` },
  { pattern: "/api/incidents", method: "GET", access: "portal:read" },
  { pattern: "/api/incidents", method: "POST", access: "incidents:write" },
  { pattern: "/api/incidents/[id]", method: "GET", access: "portal:read", sample: `/api/incidents/${SAMPLE_UUID}` },
  {
    pattern: "/api/incidents/[id]/status",
    method: "POST",
    access: "incidents:write",
    sample: `/api/incidents/${SAMPLE_UUID}/status`,
  },
  {
    pattern: "/api/incidents/[id]/notes",
    method: "POST",
    access: "incidents:write",
    sample: `/api/incidents/${SAMPLE_UUID}/notes`,
  },
  {
    pattern: "/api/incidents/[id]/commander",
    method: "POST",
    access: "incidents:write",
    sample: `/api/incidents/${SAMPLE_UUID}/commander`,
  },
  {
    pattern: "/api/incidents/[id]/severity",
    method: "POST",
    access: "incidents:write",
    sample: `/api/incidents/${SAMPLE_UUID}/severity`,
  },
  {
    pattern: "/api/incidents/[id]/runbook",
    method: "POST",
    access: "incidents:write",
    sample: `/api/incidents/${SAMPLE_UUID}/runbook`,
  },
  {
    pattern: "/api/incidents/[id]/jobs",
    method: "POST",
    access: "jobs:act",
    sample: `/api/incidents/${SAMPLE_UUID}/jobs`,
  },
  {
    pattern: "/api/incidents/[id]/steps",
    method: "POST",
    access: "incidents:write",
    sample: `/api/incidents/${SAMPLE_UUID}/steps`,
  },
  {
    pattern: "/api/incidents/[id]/timeline",
    method: "GET",
    access: "portal:read",
    sample: `/api/incidents/${SAMPLE_UUID}/timeline`,
  },
  {
    pattern: "/api/incidents/[id]/events",
    method: "GET",
    access: "portal:read",
    sample: `/api/incidents/${SAMPLE_UUID}/events`,
  },
  // Job search: anyone who may read Bull Board (it shows no more than Bull Board does).
  { pattern: "/jobs", method: "GET", access: "portal:read", sample: "/jobs?q=pay_1" },
  { pattern: "/api/jobs/search", method: "GET", access: "portal:read", sample: "/api/jobs/search?q=pay_1" },
  { pattern: "/api/history/incidents", method: "GET", access: "reports:read" },
  { pattern: "/api/history/incidents/export", method: "GET", access: "reports:read" },
  { pattern: "/api/webhooks/sentry", method: "POST", access: "public", ownCredentials: true },
  { pattern: "/api/webhooks/alertmanager", method: "POST", access: "public", ownCredentials: true },
];

/** Served by Express, not by app/: Bull Board's page, its read API and a write action. */
export const BOARD_ACCESS: RouteRule[] = [
  { pattern: "/admin/queues", method: "GET", access: "portal:read" },
  { pattern: "/admin/queues/api/queues", method: "GET", access: "portal:read" },
  {
    pattern: "/admin/queues/api/queues/[queue]/retry/failed",
    method: "PUT",
    access: "jobs:act",
    sample: "/admin/queues/api/queues/no-such-queue/retry/failed",
  },
];
