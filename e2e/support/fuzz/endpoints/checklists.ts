import fc from "fast-check";
import type { FuzzContext } from "../context";
import { NOTE_MAX_CHARS } from "@/lib/checklists/validation";
import { api } from "@/lib/http/contracts";
import { bodyFields, covers } from "../contract";
import { caller, request, type FuzzEndpoint } from "../endpoint";
import { acceptedText, hostileText, sizedText } from "../hostile";
import { hostileJson, obj, Pairs } from "../json";
import { ignoredBody, jsonBody, pathSegment } from "../shapes";

// Checklist runs, ticks and notes; fields and limits come from the routes' contracts.

const slug = (ctx: FuzzContext) =>
  pathSegment(fc.constantFrom(...ctx.checklistSlugs, ...ctx.alertRunbooks.slice(0, 1), "nao-existe"));
const runId = (ctx: FuzzContext) => pathSegment(fc.constantFrom(...ctx.currentRuns.map((r) => r.id), ...ctx.pastRuns));

/** Evidence as the panels send it — an object of panel snapshots — with hostile values inside. */
const evidence = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.dictionary(hostileText(30), hostileJson, { maxKeys: 4 }).map((d) => new Pairs(Object.entries(d))),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(acceptedText(1, 200), fc.nat(1000))
      .map(([sample, size]) => obj({ dlq: obj({ queue: "payments", size, sample }) })),
  },
);

const idempotencyKey = fc.stringMatching(/^[A-Za-z0-9._:-]{8,128}$/);

export function checklistEndpoints(): FuzzEndpoint[] {
  return [
    {
      name: "GET /api/checklists/[slug]/current",
      covers: covers(api.currentChecklist),
      requests: (ctx) =>
        request({
          method: "GET",
          path: slug(ctx).map((s) => `/api/checklists/${s}/current`),
          who: caller("portal:read"),
          baseUrl: ctx.baseUrl,
        }),
    },
    {
      name: "POST /api/checklists/[slug]/current",
      covers: covers(api.openChecklist),
      requests: (ctx) =>
        request({
          method: "POST",
          path: slug(ctx).map((s) => `/api/checklists/${s}/current`),
          who: caller("portal:read"),
          body: ignoredBody,
          baseUrl: ctx.baseUrl,
        }),
    },
    {
      name: "GET /api/checklists/runs/[runId]",
      covers: covers(api.checklistRun),
      requests: (ctx) =>
        request({
          method: "GET",
          path: runId(ctx).map((id) => `/api/checklists/runs/${id}`),
          who: caller("portal:read"),
          baseUrl: ctx.baseUrl,
        }),
    },
    {
      name: "GET /api/checklists/runs/[runId]/events",
      covers: covers(api.checklistEvents),
      requests: (ctx) =>
        request({
          method: "GET",
          path: runId(ctx).map((id) => `/api/checklists/runs/${id}/events`),
          who: caller("portal:read"),
          headers: fc.constant({ accept: "text/event-stream" }),
          baseUrl: ctx.baseUrl,
        }),
    },
    {
      name: "POST /api/checklists/runs/[runId]/ticks",
      covers: covers(api.tick),
      // The item is one of the chosen run's, so a valid body really ticks (and stores its note).
      requests: (ctx) =>
        fc
          .constantFrom(
            ...ctx.currentRuns,
            ...ctx.pastRuns.map((id) => ({ id, slug: "", items: ctx.currentRuns[0]!.items })),
          )
          .chain((run) =>
            request({
              method: "POST",
              path: pathSegment(fc.constant(run.id), 14).map((id) => `/api/checklists/runs/${id}/ticks`),
              who: caller(api.tick.permission),
              body: jsonBody(
                bodyFields(api.tick, {
                  itemId: fc.oneof(
                    { weight: 9, arbitrary: fc.constantFrom(...run.items) },
                    { weight: 1, arbitrary: fc.constant("nao-existe") },
                  ),
                  action: fc.constantFrom("tick", "untick"),
                  note: fc.oneof(
                    { weight: 5, arbitrary: acceptedText(1, NOTE_MAX_CHARS) },
                    { weight: 2, arbitrary: hostileText(NOTE_MAX_CHARS) },
                    { weight: 1, arbitrary: fc.oneof(sizedText(NOTE_MAX_CHARS), fc.constant(null)) },
                  ),
                  evidence: fc.oneof(evidence, fc.constant(null)),
                  idempotencyKey,
                }),
              ),
              baseUrl: ctx.baseUrl,
            }),
          ),
    },
    {
      name: "POST /api/checklists/runs/[runId]/notes",
      covers: "POST /api/checklists/runs/[runId]/notes",
      // A fresh note id creates a note; one the fuzz used before edits it (same caller) or is refused.
      requests: (ctx) =>
        fc
          .constantFrom(
            ...ctx.currentRuns,
            ...ctx.pastRuns.map((id) => ({ id, slug: "", items: ctx.currentRuns[0]!.items })),
          )
          .chain((run) =>
            request({
              method: "POST",
              path: pathSegment(fc.constant(run.id), 14).map((id) => `/api/checklists/runs/${id}/notes`),
              who: caller("checklists:tick"),
              body: jsonBody({
                noteId: { valid: fc.uuid(), maxLength: 36 },
                itemId: {
                  valid: fc.oneof(
                    { weight: 9, arbitrary: fc.constantFrom(...run.items) },
                    { weight: 1, arbitrary: fc.constant("nao-existe") },
                  ),
                  maxLength: 100,
                },
                text: {
                  valid: fc.oneof(
                    { weight: 5, arbitrary: acceptedText(1, 2000) },
                    { weight: 2, arbitrary: hostileText(2000) },
                    { weight: 1, arbitrary: sizedText(2000) },
                  ),
                  maxLength: 2000,
                },
                idempotencyKey: { valid: idempotencyKey, maxLength: 128 },
              }),
              baseUrl: ctx.baseUrl,
            }),
          ),
    },
  ];
}
