import { z } from "zod";
import { roleChangeSchema } from "@/lib/auth/users";
import {
  noteBodySchema as checklistNoteBodySchema,
  runIdSchema,
  slugSchema,
  tickBodySchema,
} from "@/lib/checklists/validation";
import { contract, type RouteContract } from "@/lib/http/contract";
import {
  commanderBodySchema,
  jobActionBodySchema,
  listQuerySchema,
  NOTE_MAX,
  noteBodySchema,
  openBodySchema,
  runbookBodySchema,
  severityBodySchema,
  statusBodySchema,
  stepBodySchema,
  timelineQuerySchema,
} from "@/lib/incidents/validation";
import { WEBHOOK_MAX_BYTES } from "@/lib/incidents/webhooks";
import { MAX_BATCH } from "@/lib/panels/limits";

// Every route under app/api, as data: each route.ts is `route({ ...api.<name>, handle })`. The
// README's API table (scripts/api-table.ts) and the fuzz (e2e/support/fuzz) read this registry;
// lib/http/contracts.test.ts fails when a route file, the registry or the README disagree.

const slugParams = z.object({ slug: slugSchema });
const runParams = z.object({ runId: runIdSchema });
const historyKeys = ["checklist", "person", "from", "to"] as const;

export const api = {
  panel: contract({
    method: "GET",
    path: "/api/panels",
    permission: "portal:read",
    queryKeys: ["panel", "queue", "page"],
    summary: "one live panel's data",
  }),
  panelBatch: contract({
    method: "GET",
    path: "/api/panels/batch",
    permission: "portal:read",
    queryKeys: ["p"],
    summary: `several panels at once (each \`p\` is one panel's query, URL-encoded; at most ${MAX_BATCH}) — what a page's periodic refresh uses`,
  }),
  currentChecklist: contract({
    method: "GET",
    path: "/api/checklists/[slug]/current",
    permission: "portal:read",
    params: slugParams,
    summary: "the current period and its run (null until opened)",
  }),
  openChecklist: contract({
    method: "POST",
    path: "/api/checklists/[slug]/current",
    permission: "portal:read",
    params: slugParams,
    summary: "opens the current period's run (created on first open)",
  }),
  checklistRun: contract({
    method: "GET",
    path: "/api/checklists/runs/[runId]",
    permission: "portal:read",
    params: runParams,
    summary: "a run with each item's latest state",
  }),
  tick: contract({
    method: "POST",
    path: "/api/checklists/runs/[runId]/ticks",
    permission: "checklists:tick",
    params: runParams,
    body: tickBodySchema,
    summary:
      "ticks or unticks an item; answers created / replayed / unchanged; 503 + `Retry-After` when PostgreSQL is down (retry with the same key)",
  }),
  checklistNote: contract({
    method: "POST",
    path: "/api/checklists/runs/[runId]/notes",
    permission: "checklists:tick",
    params: runParams,
    body: checklistNoteBodySchema,
    summary:
      "a note on an item saved on its own — an unknown `noteId` (a UUID the client chooses) creates it, the author's own changes its text (each save recorded with before → after), someone else's is a 403; 409 for an ended period; retry with the same key",
  }),
  checklistEvents: contract({
    method: "GET",
    path: "/api/checklists/runs/[runId]/events",
    permission: "portal:read",
    params: runParams,
    summary: "Server-Sent Events: `snapshot`, then `tick` and `note`",
  }),
  checklistHistory: contract({
    method: "GET",
    path: "/api/history/checklists",
    permission: "reports:read",
    queryKeys: historyKeys,
    summary: "calendar, completion, skip rates, people",
  }),
  checklistRunDetail: contract({
    method: "GET",
    path: "/api/history/checklists/runs/[runId]",
    permission: "reports:read",
    params: runParams,
    summary: "every tick of a run with note and evidence",
  }),
  checklistExport: contract({
    method: "GET",
    path: "/api/history/checklists/export",
    permission: "reports:read",
    queryKeys: ["kind", ...historyKeys],
    summary: "streamed CSV (`kind=ticks|runs`)",
  }),
  incidents: contract({
    method: "GET",
    path: "/api/incidents",
    permission: "portal:read",
    query: listQuerySchema,
    summary: "the newest 200 matching incidents",
  }),
  openIncident: contract({
    method: "POST",
    path: "/api/incidents",
    permission: "incidents:write",
    body: openBodySchema,
    status: 201,
    summary: "opens an incident from an `alert` or `procedure` runbook, or with none (201)",
  }),
  incident: contract({
    method: "GET",
    path: "/api/incidents/[id]",
    permission: "portal:read",
    summary:
      "the incident, its response target, the newest 100 timeline entries (`olderCursor`, `timelineCount`) and its steps' state",
  }),
  timeline: contract({
    method: "GET",
    path: "/api/incidents/[id]/timeline",
    permission: "portal:read",
    query: timelineQuerySchema,
    summary: "older timeline entries, oldest first, and the next `olderCursor` (null at the start)",
  }),
  incidentStatus: contract({
    method: "POST",
    path: "/api/incidents/[id]/status",
    permission: "incidents:write",
    body: statusBodySchema,
    summary:
      "changes the status; `note` (1..500 characters) is required when `to` is `resolved` (400 otherwise); 409 for a transition the order does not allow",
  }),
  incidentSeverity: contract({
    method: "POST",
    path: "/api/incidents/[id]/severity",
    permission: "incidents:write",
    body: severityBodySchema,
    summary:
      "raises or lowers the severity with a reason; the response target is recomputed (see above); 409 when it is the same or the incident is resolved",
  }),
  incidentRunbook: contract({
    method: "POST",
    path: "/api/incidents/[id]/runbook",
    permission: "incidents:write",
    body: runbookBodySchema,
    summary: "attaches an `alert` or `procedure` runbook to an incident declared without one; 409 when one is attached",
  }),
  incidentNote: contract({
    method: "POST",
    path: "/api/incidents/[id]/notes",
    permission: "incidents:write",
    body: noteBodySchema,
    summary: `adds a Markdown note (up to ${NOTE_MAX} characters)`,
  }),
  incidentCommander: contract({
    method: "POST",
    path: "/api/incidents/[id]/commander",
    permission: "incidents:write",
    body: commanderBodySchema,
    summary: "hands command over",
  }),
  incidentStep: contract({
    method: "POST",
    path: "/api/incidents/[id]/steps",
    permission: "incidents:write",
    body: stepBodySchema,
    summary: "a runbook step for this incident; `unchanged` when it already was so",
  }),
  incidentJob: contract({
    method: "POST",
    path: "/api/incidents/[id]/jobs",
    permission: "jobs:act",
    body: jobActionBodySchema,
    summary: "retries or discards a DLQ job; 409 when it is no longer in the DLQ",
  }),
  incidentEvents: contract({
    method: "GET",
    path: "/api/incidents/[id]/events",
    permission: "portal:read",
    summary: "Server-Sent Events: `snapshot`, then `entry`",
  }),
  jobSearch: contract({
    method: "GET",
    path: "/api/jobs/search",
    permission: "portal:read",
    queryKeys: ["q", "field", "queues", "limit"],
    summary:
      "jobs of the monitored queues and DLQs matching `q` (`field=any|id|name|data|error`, `queues=a,b`, `limit=1..100`; exact id first, then newest), each with its state, error, Bull Board link and the incidents that acted on it; 400 for an empty, over-200-character or too broad `q`, an unknown field or queue",
  }),
  incidentStats: contract({
    method: "GET",
    path: "/api/history/incidents",
    permission: "reports:read",
    queryKeys: ["from", "to"],
    summary: "MTTA / MTTR by severity and by runbook (default: the last 30 days)",
  }),
  incidentExport: contract({
    method: "GET",
    path: "/api/history/incidents/export",
    permission: "reports:read",
    queryKeys: ["from", "to"],
    summary: "CSV, one line per incident",
  }),
  userRole: contract({
    method: "PUT",
    path: "/api/admin/users/[id]/role",
    permission: "users:manage",
    body: roleChangeSchema,
    summary:
      "answers `{ user, previousRole, changed, message }`; 409 when an admin would demote themself, 404 for an unknown user",
  }),
  sentryWebhook: contract({
    method: "POST",
    path: "/api/webhooks/sentry",
    permission: "sender",
    rawBody: { maxBytes: WEBHOOK_MAX_BYTES },
    retryAfterSeconds: 30,
    webhookSource: "sentry",
    summary:
      "Sentry internal integration (metric and issue alerts), signed with `Sentry-Hook-Signature`: 201 opened, 200 appended/recorded, 202 not an alert",
  }),
  alertmanagerWebhook: contract({
    method: "POST",
    path: "/api/webhooks/alertmanager",
    permission: "sender",
    rawBody: { maxBytes: WEBHOOK_MAX_BYTES },
    retryAfterSeconds: 30,
    webhookSource: "alertmanager",
    summary: "Alertmanager `webhook_config` with `ALERTMANAGER_TOKEN` as bearer: one result per alert",
  }),
  health: contract({
    method: "GET",
    path: "/api/health",
    permission: "public",
    summary: "liveness: answers while the process serves requests",
  }),
  ready: contract({
    method: "GET",
    path: "/api/health/ready",
    permission: "public",
    queryKeys: ["require"],
    summary:
      "readiness of PostgreSQL and Redis with latencies; 503 naming what is down (`require=postgres` limits which decide)",
  }),
  metrics: contract({
    method: "GET",
    path: "/api/metrics",
    permission: "sender",
    summary: "Prometheus metrics (`Authorization: Bearer <METRICS_TOKEN>` when it is set)",
  }),
  debugError: contract({
    method: "GET",
    path: "/api/debug/error",
    permission: "public",
    rethrowUnexpected: true,
    summary: "test-only (`ENABLE_TEST_ROUTES=1`): throws, to check error reporting",
  }),
  debugErrorReporting: contract({
    method: "GET",
    path: "/api/debug/error-reporting",
    permission: "public",
    summary: "test-only (`ENABLE_TEST_ROUTES=1`): whether error reporting is on",
  }),
} satisfies Record<string, RouteContract>;

export type ApiName = keyof typeof api;

export const CONTRACTS: ReadonlyArray<RouteContract & { name: ApiName }> = (
  Object.entries(api) as Array<[ApiName, RouteContract]>
).map(([name, c]) => ({ name, ...c }));
