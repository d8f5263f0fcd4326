import fc from "fast-check";
import type { RouteContract } from "@/lib/http/contract";
import { api } from "@/lib/http/contracts";
import { NOTE_MAX } from "@/lib/incidents/validation";
import type { FuzzContext } from "../context";
import { bodyFields, covers, queryParams } from "../contract";
import { caller, request, type FuzzEndpoint } from "../endpoint";
import { acceptedText, hostileText, sizedText } from "../hostile";
import { jsonBody, pathSegment, queryString } from "../shapes";

// Incidents, their timelines and DLQ actions; fields and limits come from the routes' contracts.

const STATUSES = ["open", "acknowledged", "mitigated", "resolved"];
/** Task items of runbook 03, the runbook of the fuzz incidents, and some that are not. */
const STEP_IDS = [
  "assumir",
  "inspecionar",
  "classificar",
  "decidir",
  "reprocessar",
  "descartar",
  "registrar",
  "nao-existe",
  "ASSUMIR",
  "assumir-",
];
/** Timeline cursors: real-looking ones (ISO instant + "_" + uuid), and broken ones. */
const cursor = fc.oneof(
  fc
    .tuple(fc.date({ min: new Date("1970-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }), fc.uuid())
    .map(([d, id]) => `${d.toISOString()}_${id}`),
  fc.constantFrom(
    "0000-01-01T00:00:00.000Z_00000000-0000-4000-8000-000000000000",
    "2026-02-30T00:00:00.000Z_00000000-0000-4000-8000-000000000000",
    "x_y",
    "_",
  ),
);
const SEVERITIES = ["P1", "P2", "P3"];

const key = fc.oneof(fc.uuid().map(String), fc.string({ minLength: 8, maxLength: 200 }), hostileText(60));
const day = fc
  .date({ min: new Date("1990-01-01"), max: new Date("2100-12-31"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const incidentId = (ctx: FuzzContext) => pathSegment(fc.constantFrom(...ctx.incidents));
const userId = (ctx: FuzzContext) =>
  fc.constantFrom(...ctx.targets.map((u) => u.id), ...Object.values(ctx.users).map((u) => u.id), ctx.disabledUser.id);

/** A POST to /api/incidents/<id>/<suffix>, its body built from the contract's fields. */
function write(
  ctx: FuzzContext,
  contract: RouteContract & { permission: "incidents:write" | "jobs:act" },
  valid: Parameters<typeof bodyFields>[1],
) {
  const suffix = contract.path.split("/").pop()!;
  return request({
    method: "POST",
    path: incidentId(ctx).map((id) => `/api/incidents/${id}/${suffix}`),
    who: caller(contract.permission),
    body: jsonBody(bodyFields(contract, valid)),
    baseUrl: ctx.baseUrl,
  });
}

export function incidentEndpoints(): FuzzEndpoint[] {
  return [
    {
      name: "GET /api/incidents",
      covers: covers(api.incidents),
      requests: (ctx) =>
        request({
          method: "GET",
          path: queryString(
            queryParams(api.incidents, {
              status: fc.constantFrom(...STATUSES),
              severity: fc.constantFrom(...SEVERITIES),
              runbook: fc.constantFrom(...ctx.alertRunbooks),
              from: day,
              to: day,
            }),
          ).map((q) => `/api/incidents${q}`),
          who: caller("portal:read"),
          baseUrl: ctx.baseUrl,
        }),
    },
    {
      name: "POST /api/incidents",
      covers: covers(api.openIncident),
      requests: (ctx) =>
        request({
          method: "POST",
          path: fc.constant("/api/incidents"),
          who: caller(api.openIncident.permission),
          body: jsonBody(
            bodyFields(api.openIncident, {
              runbookSlug: fc.constantFrom(...ctx.alertRunbooks, ...ctx.checklistSlugs.slice(0, 1), "nao-existe"),
              title: fc.oneof(acceptedText(3, 200), hostileText(200), sizedText(200)),
              severity: fc.constantFrom(...SEVERITIES),
              commanderId: userId(ctx),
              idempotencyKey: key,
            }),
          ),
          baseUrl: ctx.baseUrl,
        }),
    },
    {
      name: "GET /api/incidents/[id]",
      covers: covers(api.incident),
      requests: (ctx) =>
        request({
          method: "GET",
          path: incidentId(ctx).map((id) => `/api/incidents/${id}`),
          who: caller("portal:read"),
          baseUrl: ctx.baseUrl,
        }),
    },
    {
      name: "GET /api/incidents/[id]/events",
      covers: covers(api.incidentEvents),
      requests: (ctx) =>
        request({
          method: "GET",
          path: incidentId(ctx).map((id) => `/api/incidents/${id}/events`),
          who: caller("portal:read"),
          headers: fc.constant({ accept: "text/event-stream" }),
          baseUrl: ctx.baseUrl,
        }),
    },
    {
      name: "POST /api/incidents/[id]/notes",
      covers: covers(api.incidentNote),
      requests: (ctx) =>
        write(ctx, api.incidentNote, {
          body: fc.oneof(acceptedText(1, NOTE_MAX), hostileText(NOTE_MAX), sizedText(NOTE_MAX)),
          idempotencyKey: key,
        }),
    },
    {
      name: "POST /api/incidents/[id]/status",
      covers: covers(api.incidentStatus),
      requests: (ctx) =>
        write(ctx, api.incidentStatus, {
          to: fc.constantFrom(...STATUSES),
          note: fc.oneof(acceptedText(1, 2000), hostileText(2000)),
          idempotencyKey: key,
        }),
    },
    {
      name: "POST /api/incidents/[id]/commander",
      covers: covers(api.incidentCommander),
      requests: (ctx) => write(ctx, api.incidentCommander, { commanderId: userId(ctx), idempotencyKey: key }),
    },
    {
      name: "POST /api/incidents/[id]/severity",
      covers: covers(api.incidentSeverity),
      requests: (ctx) =>
        write(ctx, api.incidentSeverity, {
          to: fc.constantFrom(...SEVERITIES),
          reason: fc.oneof(acceptedText(1, 500), hostileText(500)),
          idempotencyKey: key,
        }),
    },
    {
      name: "POST /api/incidents/[id]/runbook",
      covers: covers(api.incidentRunbook),
      requests: (ctx) =>
        write(ctx, api.incidentRunbook, {
          runbookSlug: fc.constantFrom(...ctx.alertRunbooks, ...ctx.checklistSlugs.slice(0, 1), "nao-existe"),
          idempotencyKey: key,
        }),
    },
    {
      name: "POST /api/incidents/[id]/steps",
      covers: covers(api.incidentStep),
      requests: (ctx) =>
        write(ctx, api.incidentStep, {
          itemId: fc.constantFrom(...STEP_IDS),
          action: fc.constantFrom("tick", "untick"),
          idempotencyKey: key,
        }),
    },
    {
      name: "GET /api/incidents/[id]/timeline",
      covers: covers(api.timeline),
      requests: (ctx) =>
        request({
          method: "GET",
          path: fc
            .tuple(
              incidentId(ctx),
              queryString(
                queryParams(api.timeline, {
                  before: cursor,
                  limit: fc.oneof(fc.nat(300).map(String), fc.constantFrom("-1", "1.5", "1e3", "100")),
                }),
              ),
            )
            .map(([id, q]) => `/api/incidents/${id}/timeline${q}`),
          who: caller("portal:read"),
          baseUrl: ctx.baseUrl,
        }),
    },
    {
      name: "POST /api/incidents/[id]/jobs",
      covers: covers(api.incidentJob),
      requests: (ctx) =>
        write(ctx, api.incidentJob, {
          action: fc.constantFrom("retry", "discard"),
          queue: fc.constantFrom(
            ...ctx.queues.map((q) => q.name),
            ...ctx.queues.flatMap((q) => (q.dlq ? [q.dlq] : [])),
          ),
          jobId: fc.constantFrom(...ctx.deadLetters.map((d) => d.jobId), "1", "nao-existe"),
          reason: fc.oneof(acceptedText(3, 1000), hostileText(1000)),
          idempotencyKey: key,
        }),
    },
  ];
}
