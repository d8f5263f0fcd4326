import fc from "fast-check";
import type { FuzzContext } from "../context";
import { caller, request, type FuzzEndpoint } from "../endpoint";
import { acceptedText, hostileText, sizedText } from "../hostile";
import { jsonBody, pathSegment, queryString } from "../shapes";

// Incidents, their timelines and DLQ actions (limits as in lib/incidents/validation.ts).

const STATUSES = ["open", "acknowledged", "mitigated", "resolved"];
/** Task items of runbook 03, the runbook of the fuzz incidents, and some that are not. */
const STEP_IDS = ["assumir", "inspecionar", "classificar", "decidir", "reprocessar", "descartar", "registrar", "nao-existe", "ASSUMIR", "assumir-"];
/** Timeline cursors: real-looking ones (ISO instant + "_" + uuid), and broken ones. */
const cursor = fc.oneof(
  fc.tuple(fc.date({ min: new Date("1970-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }), fc.uuid()).map(([d, id]) => `${d.toISOString()}_${id}`),
  fc.constantFrom("0000-01-01T00:00:00.000Z_00000000-0000-4000-8000-000000000000", "2026-02-30T00:00:00.000Z_00000000-0000-4000-8000-000000000000", "x_y", "_"),
);
const SEVERITIES = ["P1", "P2", "P3"];

const key = fc.oneof(fc.uuid().map(String), fc.string({ minLength: 8, maxLength: 200 }), hostileText(60));
const day = fc.date({ min: new Date("1990-01-01"), max: new Date("2100-12-31"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const incidentId = (ctx: FuzzContext) => pathSegment(fc.constantFrom(...ctx.incidents));
const userId = (ctx: FuzzContext) => fc.constantFrom(...ctx.targets.map((u) => u.id), ...Object.values(ctx.users).map((u) => u.id), ctx.disabledUser.id);

function write(ctx: FuzzContext, suffix: string, fields: Parameters<typeof jsonBody>[0], permission: "incidents:write" | "jobs:act" = "incidents:write") {
  return request({ method: "POST", path: incidentId(ctx).map((id) => `/api/incidents/${id}/${suffix}`), who: caller(permission), body: jsonBody(fields), baseUrl: ctx.baseUrl });
}

export function incidentEndpoints(): FuzzEndpoint[] {
  return [
    {
      name: "GET /api/incidents",
      covers: "GET /api/incidents",
      requests: (ctx) =>
        request({
          method: "GET",
          path: queryString({ status: fc.constantFrom(...STATUSES), severity: fc.constantFrom(...SEVERITIES), runbook: fc.constantFrom(...ctx.alertRunbooks), from: day, to: day }).map((q) => `/api/incidents${q}`),
          who: caller("portal:read"),
          baseUrl: ctx.baseUrl,
        }),
    },
    {
      name: "POST /api/incidents",
      covers: "POST /api/incidents",
      requests: (ctx) =>
        request({
          method: "POST",
          path: fc.constant("/api/incidents"),
          who: caller("incidents:write"),
          body: jsonBody({
            runbookSlug: { valid: fc.constantFrom(...ctx.alertRunbooks, ...ctx.checklistSlugs.slice(0, 1), "nao-existe"), maxLength: 200 },
            title: { valid: fc.oneof(acceptedText(3, 200), hostileText(200), sizedText(200)), maxLength: 200 },
            severity: { valid: fc.constantFrom(...SEVERITIES), optional: true },
            commanderId: { valid: userId(ctx), optional: true },
            idempotencyKey: { valid: key, maxLength: 200 },
          }),
          baseUrl: ctx.baseUrl,
        }),
    },
    {
      name: "GET /api/incidents/[id]",
      covers: "GET /api/incidents/[id]",
      requests: (ctx) => request({ method: "GET", path: incidentId(ctx).map((id) => `/api/incidents/${id}`), who: caller("portal:read"), baseUrl: ctx.baseUrl }),
    },
    {
      name: "GET /api/incidents/[id]/events",
      covers: "GET /api/incidents/[id]/events",
      requests: (ctx) =>
        request({ method: "GET", path: incidentId(ctx).map((id) => `/api/incidents/${id}/events`), who: caller("portal:read"), headers: fc.constant({ accept: "text/event-stream" }), baseUrl: ctx.baseUrl }),
    },
    {
      name: "POST /api/incidents/[id]/notes",
      covers: "POST /api/incidents/[id]/notes",
      requests: (ctx) => write(ctx, "notes", { body: { valid: fc.oneof(acceptedText(1, 20_000), hostileText(20_000), sizedText(20_000)), maxLength: 20_000 }, idempotencyKey: { valid: key, maxLength: 200 } }),
    },
    {
      name: "POST /api/incidents/[id]/status",
      covers: "POST /api/incidents/[id]/status",
      requests: (ctx) =>
        write(ctx, "status", {
          to: { valid: fc.constantFrom(...STATUSES) },
          note: { valid: fc.oneof(acceptedText(1, 2000), hostileText(2000)), optional: true, maxLength: 2000 },
          idempotencyKey: { valid: key, maxLength: 200 },
        }),
    },
    {
      name: "POST /api/incidents/[id]/commander",
      covers: "POST /api/incidents/[id]/commander",
      requests: (ctx) => write(ctx, "commander", { commanderId: { valid: userId(ctx) }, idempotencyKey: { valid: key, maxLength: 200 } }),
    },
    {
      name: "POST /api/incidents/[id]/severity",
      covers: "POST /api/incidents/[id]/severity",
      requests: (ctx) =>
        write(ctx, "severity", {
          to: { valid: fc.constantFrom(...SEVERITIES) },
          reason: { valid: fc.oneof(acceptedText(1, 500), hostileText(500)), maxLength: 500 },
          idempotencyKey: { valid: key, maxLength: 200 },
        }),
    },
    {
      name: "POST /api/incidents/[id]/runbook",
      covers: "POST /api/incidents/[id]/runbook",
      requests: (ctx) =>
        write(ctx, "runbook", {
          runbookSlug: { valid: fc.constantFrom(...ctx.alertRunbooks, ...ctx.checklistSlugs.slice(0, 1), "nao-existe"), maxLength: 200 },
          idempotencyKey: { valid: key, maxLength: 200 },
        }),
    },
    {
      name: "POST /api/incidents/[id]/steps",
      covers: "POST /api/incidents/[id]/steps",
      requests: (ctx) =>
        write(ctx, "steps", {
          itemId: { valid: fc.constantFrom(...STEP_IDS), maxLength: 100 },
          action: { valid: fc.constantFrom("tick", "untick") },
          idempotencyKey: { valid: key, maxLength: 200 },
        }),
    },
    {
      name: "GET /api/incidents/[id]/timeline",
      covers: "GET /api/incidents/[id]/timeline",
      requests: (ctx) =>
        request({
          method: "GET",
          path: fc
            .tuple(incidentId(ctx), queryString({ before: cursor, limit: fc.oneof(fc.nat(300).map(String), fc.constantFrom("-1", "1.5", "1e3", "100")) }))
            .map(([id, q]) => `/api/incidents/${id}/timeline${q}`),
          who: caller("portal:read"),
          baseUrl: ctx.baseUrl,
        }),
    },
    {
      name: "POST /api/incidents/[id]/jobs",
      covers: "POST /api/incidents/[id]/jobs",
      requests: (ctx) =>
        write(
          ctx,
          "jobs",
          {
            action: { valid: fc.constantFrom("retry", "discard") },
            queue: { valid: fc.constantFrom(...ctx.queues.map((q) => q.name), ...ctx.queues.flatMap((q) => (q.dlq ? [q.dlq] : []))), maxLength: 100 },
            jobId: { valid: fc.constantFrom(...ctx.deadLetters.map((d) => d.jobId), "1", "nao-existe"), maxLength: 200 },
            reason: { valid: fc.oneof(acceptedText(3, 1000), hostileText(1000)), maxLength: 1000 },
            idempotencyKey: { valid: key, maxLength: 200 },
          },
          "jobs:act",
        ),
    },
  ];
}
