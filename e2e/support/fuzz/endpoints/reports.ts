import fc from "fast-check";
import { config } from "@/lib/config";
import { PANEL_TYPES } from "@/lib/runbooks/panels";
import type { RouteContract } from "@/lib/http/contract";
import { api } from "@/lib/http/contracts";
import type { FuzzContext } from "../context";
import { covers, queryParams } from "../contract";
import { caller, request, type FuzzEndpoint } from "../endpoint";
import { hostileHeaderValue, hostileText } from "../hostile";
import { pathSegment, percentEncode, queryString } from "../shapes";

// Read-only JSON, CSV and text endpoints: history, reports, panels, health, metrics, test routes.

const day = fc.oneof(
  fc
    .date({ min: new Date("1900-01-01"), max: new Date("2200-12-31"), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  fc.constantFrom(
    "0000-01-01",
    "9999-12-31",
    "2026-02-30",
    "2026-13-01",
    "2026-1-1",
    "20261201",
    "-2026-01-01",
    "+275760-09-13",
  ),
);

const historyQuery = (ctx: FuzzContext, contract: RouteContract, extra: Record<string, fc.Arbitrary<string>> = {}) =>
  queryString(
    queryParams(contract, {
      checklist: fc.constantFrom(...ctx.checklistSlugs),
      person: fc.constantFrom(...Object.values(ctx.users).map((u) => u.id)),
      from: day,
      to: day,
      ...extra,
    }),
  );

/** Job search: known ids and values, hostile text, wildcards, unknown queues, limits out of range. */
export const jobSearchQuery = (ctx: FuzzContext) =>
  queryString({
    q: fc.oneof(
      fc.constantFrom(
        ...ctx.deadLetters.map((d) => d.jobId),
        "pay_",
        "capture-payment",
        "ETIMEDOUT",
        "%%%",
        "___",
        "a",
        "\\%",
      ),
      hostileText(250),
    ),
    field: fc.constantFrom("any", "id", "name", "data", "error", "stack"),
    queues: fc.oneof(
      fc.constantFrom(...ctx.queues.map((q) => q.name), ...ctx.queues.flatMap((q) => (q.dlq ? [q.dlq] : []))),
      hostileText(40),
    ),
    limit: fc.constantFrom("1", "50", "100", "0", "101", "-1", "1.5", "1e3"),
  });

export function reportEndpoints(): FuzzEndpoint[] {
  return [
    {
      name: "GET /api/history/checklists",
      covers: covers(api.checklistHistory),
      requests: (ctx) =>
        request({
          method: "GET",
          path: historyQuery(ctx, api.checklistHistory).map((q) => `/api/history/checklists${q}`),
          who: caller("reports:read"),
          baseUrl: ctx.baseUrl,
        }),
    },
    {
      name: "GET /api/history/checklists/export",
      covers: covers(api.checklistExport),
      requests: (ctx) =>
        request({
          method: "GET",
          path: historyQuery(ctx, api.checklistExport, { kind: fc.constantFrom("ticks", "runs") }).map(
            (q) => `/api/history/checklists/export${q}`,
          ),
          who: caller("reports:read"),
          baseUrl: ctx.baseUrl,
        }),
    },
    {
      name: "GET /api/history/checklists/runs/[runId]",
      covers: covers(api.checklistRunDetail),
      requests: (ctx) =>
        request({
          method: "GET",
          path: pathSegment(fc.constantFrom(...ctx.currentRuns.map((r) => r.id), ...ctx.pastRuns)).map(
            (id) => `/api/history/checklists/runs/${id}`,
          ),
          who: caller("reports:read"),
          baseUrl: ctx.baseUrl,
        }),
    },
    {
      name: "GET /api/history/incidents",
      covers: covers(api.incidentStats),
      requests: (ctx) =>
        request({
          method: "GET",
          path: queryString(queryParams(api.incidentStats, { from: day, to: day })).map(
            (q) => `/api/history/incidents${q}`,
          ),
          who: caller("reports:read"),
          baseUrl: ctx.baseUrl,
        }),
    },
    {
      name: "GET /api/history/incidents/export",
      covers: covers(api.incidentExport),
      requests: (ctx) =>
        request({
          method: "GET",
          path: queryString(queryParams(api.incidentExport, { from: day, to: day })).map(
            (q) => `/api/history/incidents/export${q}`,
          ),
          who: caller("reports:read"),
          baseUrl: ctx.baseUrl,
        }),
    },
    {
      name: "GET /api/panels",
      covers: covers(api.panel),
      requests: (ctx) =>
        request({
          method: "GET",
          path: queryString({
            panel: fc.constantFrom(...PANEL_TYPES),
            queue: fc.constantFrom(...ctx.queues.map((q) => q.name)),
            page: fc.oneof(fc.nat(200).map(String), fc.constantFrom("100000", "100001", "999999", "-1", "1.5", "1e3")),
            query: fc.constantFrom("is:unresolved", "level:fatal"),
            threshold: fc.constantFrom("750", "0", "-1", "1e309"),
          }).map((q) => `/api/panels${q}`),
          who: caller("portal:read"),
          baseUrl: ctx.baseUrl,
        }),
    },
    {
      name: "GET /api/panels/batch",
      covers: covers(api.panelBatch),
      requests: (ctx) => {
        // Each p= is one panel's own query, itself valid, hostile or mis-encoded.
        const panelQuery = queryString({
          panel: fc.constantFrom(...PANEL_TYPES),
          queue: fc.constantFrom(...ctx.queues.map((q) => q.name)),
          page: fc.oneof(fc.nat(200).map(String), fc.constantFrom("100000", "-1")),
          threshold: fc.constantFrom("750", "-1"),
        }).map((q) => q.replace(/^\?/, ""));
        const entries = fc.array(
          fc.oneof({ weight: 4, arbitrary: panelQuery }, { weight: 1, arbitrary: hostileText(200) }),
          { maxLength: 35 },
        );
        return request({
          method: "GET",
          path: fc
            .tuple(entries, fc.option(hostileText(30), { nil: undefined }))
            .map(
              ([ps, extra]) =>
                `/api/panels/batch?${[...ps.map((p) => `p=${percentEncode(p)}`), ...(extra === undefined ? [] : [`${percentEncode(extra)}=1`])].join("&")}`,
            ),
          who: caller("portal:read"),
          baseUrl: ctx.baseUrl,
        });
      },
    },
    {
      name: "GET /api/jobs/search",
      covers: "GET /api/jobs/search",
      requests: (ctx) =>
        request({
          method: "GET",
          path: jobSearchQuery(ctx).map((q) => `/api/jobs/search${q}`),
          who: caller("portal:read"),
          baseUrl: ctx.baseUrl,
        }),
    },
    {
      name: "GET /api/health",
      covers: covers(api.health),
      requests: (ctx) =>
        request({
          method: "GET",
          path: queryString({}).map((q) => `/api/health${q}`),
          who: caller("public"),
          baseUrl: ctx.baseUrl,
        }),
    },
    {
      name: "GET /api/health/ready",
      covers: covers(api.ready),
      requests: (ctx) =>
        request({
          method: "GET",
          path: queryString(
            queryParams(api.ready, {
              require: fc.constantFrom("postgres", "redis", "postgres,redis", " redis , postgres ", ","),
            }),
          ).map((q) => `/api/health/ready${q}`),
          who: caller("public"),
          baseUrl: ctx.baseUrl,
        }),
    },
    {
      name: "GET /api/metrics",
      covers: covers(api.metrics),
      requests: (ctx) =>
        request({
          method: "GET",
          path: queryString({}).map((q) => `/api/metrics${q}`),
          who: caller("public"),
          headers: fc.option(
            hostileHeaderValue(80).map((v) => ({ authorization: `Bearer ${v}` })),
            { nil: {} },
          ),
          baseUrl: ctx.baseUrl,
        }),
    },
    // Test-only routes: 404 in this portal (ENABLE_TEST_ROUTES is off); with it on, one throws by design.
    {
      name: "GET /api/debug/error",
      covers: covers(api.debugError),
      requests: (ctx) =>
        request({
          method: "GET",
          path: queryString({}).map((q) => `/api/debug/error${q}`),
          who: caller("portal:read"),
          baseUrl: ctx.baseUrl,
        }),
      tolerated5xx: () =>
        config().ENABLE_TEST_ROUTES ? "test-only route that throws on purpose (ENABLE_TEST_ROUTES=1)" : null,
    },
    {
      name: "GET /api/debug/error-reporting",
      covers: covers(api.debugErrorReporting),
      requests: (ctx) =>
        request({
          method: "GET",
          path: queryString({}).map((q) => `/api/debug/error-reporting${q}`),
          who: caller("portal:read"),
          baseUrl: ctx.baseUrl,
        }),
    },
    {
      name: "GET /locale/[locale]",
      covers: "GET /locale/[locale]",
      requests: (ctx) =>
        request({
          method: "GET",
          path: pathSegment(fc.constantFrom("en", "pt-BR", "EN", "pt")).map((l) => `/locale/${l}`),
          who: caller("public"),
          headers: fc.option(
            fc
              .oneof(
                fc.constantFrom(
                  `${ctx.baseUrl}/incidents?x=1`,
                  "http://evil.example/",
                  "not a url",
                  "/relative",
                  "javascript:alert(1)",
                  "http://[::1",
                ),
                hostileHeaderValue(100),
              )
              .map((referer) => ({ referer })),
            { nil: {} },
          ),
          baseUrl: ctx.baseUrl,
        }),
    },
  ];
}
