import fc from "fast-check";
import type { Who } from "../client";
import type { FuzzContext } from "../context";
import { caller, request, type FuzzEndpoint } from "../endpoint";
import { acceptedText, hostileHeaderValue, hostileText, sizedText } from "../hostile";
import { jsonBody, pathSegment, queryString, spreadAddress } from "../shapes";
import { jobSearchQuery } from "./reports";

// The sign-in endpoint (the login form's POST) and the pages that read their query string — GET
// forms such as the audit and history filters, and the login page's `next`.

const day = fc.oneof(
  fc
    .date({ min: new Date("1900-01-01"), max: new Date("2200-12-31"), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  fc.constantFrom("0000-01-01", "9999-12-31", "2026-02-30", "2026-13-45", "2026-1-1", "+275760-09-13"),
);

const html = fc.oneof(
  { weight: 9, arbitrary: fc.constant({ accept: "text/html,application/xhtml+xml" }) },
  { weight: 1, arbitrary: fc.constant({}) },
);

function page(
  name: string,
  permission: Parameters<typeof caller>[0],
  path: (ctx: FuzzContext) => fc.Arbitrary<string>,
  who?: fc.Arbitrary<Who>,
  options: { fullBudget?: boolean } = {},
): FuzzEndpoint {
  return {
    name: `GET ${name}`,
    covers: `GET ${name}`,
    budget: options.fullBudget ? undefined : "page",
    htmlErrors: true,
    requests: (ctx) =>
      request({ method: "GET", path: path(ctx), who: who ?? caller(permission), headers: html, baseUrl: ctx.baseUrl }),
  };
}

const nextTarget = fc.oneof(
  fc.constantFrom(
    "/incidents",
    "/",
    "//evil.example",
    "/\\evil.example",
    "/\t/evil.example",
    "/%09/evil.example",
    "javascript:alert(1)",
    "/\u0000",
    "/é",
    "/a b",
    `/${"a".repeat(3000)}`,
  ),
  hostileText(200).map((s) => `/${s}`),
  hostileText(200),
);

export function pageEndpoints(): FuzzEndpoint[] {
  return [
    {
      name: "POST /api/auth/sign-in/email",
      covers: "POST /api/auth/sign-in/email",
      // better-auth answers its own errors as { code, message }.
      errorFields: ["message", "error"],
      requests: (ctx) =>
        request({
          method: "POST",
          path: fc.constant("/api/auth/sign-in/email"),
          who: fc.constantFrom<Who>("anonymous", "anonymous", "anonymous", "viewer", "forged-session"),
          body: jsonBody({
            // Never a demo account: failed attempts count towards its lockout (lib/auth/lockout.ts).
            email: {
              valid: fc.oneof(
                fc.constant(ctx.signInUser.email),
                fc.constant(ctx.signInUser.email.toUpperCase()),
                fc.emailAddress(),
                hostileText(320),
              ),
              maxLength: 320,
            },
            password: {
              valid: fc.oneof(
                { weight: 1, arbitrary: fc.constant(ctx.signInUser.password) },
                { weight: 6, arbitrary: fc.oneof(hostileText(200), sizedText(129), sizedText(5000)) },
              ),
              maxLength: 128,
            },
            rememberMe: { valid: fc.boolean(), optional: true },
            // Mostly the portal's own paths (better-auth logs every callback it refuses).
            callbackURL: {
              valid: fc.oneof(
                { weight: 4, arbitrary: fc.constantFrom("/", "/incidents", "/runbooks?q=dlq") },
                { weight: 1, arbitrary: nextTarget },
                { weight: 1, arbitrary: fc.constant("https://evil.example/") },
              ),
              optional: true,
            },
          }),
          // The rightmost address is always a real one (the one Express trusts), spread so 127.0.0.1 never locks.
          headers: fc
            .tuple(fc.option(hostileHeaderValue(40), { nil: undefined }), spreadAddress)
            .map(([junk, ip]) => ({ "x-forwarded-for": junk ? `${junk}, ${ip}` : ip })),
          baseUrl: ctx.baseUrl,
        }),
    },
    // Part of the login form (its `next` ends up in a redirect): the full budget, like the APIs.
    page(
      "/login",
      "public",
      () => queryString({ next: nextTarget }).map((q) => `/login${q}`),
      fc.constantFrom<Who>("anonymous", "anonymous", "anonymous", "forged-session", "viewer", "admin"),
      { fullBudget: true },
    ),
    page("/audit", "audit:read", (ctx) =>
      queryString({
        action: fc.constantFrom("auth.", "checklist.tick", "incident."),
        actor: fc.constantFrom(...Object.values(ctx.users).map((u) => u.email)),
        target: fc.uuid().map(String),
        from: day,
        to: day,
        before: fc.oneof(
          fc.nat().map(String),
          fc.constantFrom("0", "9223372036854775807", "9223372036854775808", "9".repeat(40)),
        ),
      }).map((q) => `/audit${q}`),
    ),
    page("/history/checklists", "reports:read", (ctx) =>
      queryString({
        checklist: fc.constantFrom(...ctx.checklistSlugs),
        person: fc.constantFrom(...Object.values(ctx.users).map((u) => u.id)),
        from: day,
        to: day,
      }).map((q) => `/history/checklists${q}`),
    ),
    page("/incidents", "portal:read", (ctx) =>
      queryString({
        status: fc.constantFrom("open", "acknowledged", "mitigated", "resolved"),
        severity: fc.constantFrom("P1", "P2", "P3"),
        runbook: fc.constantFrom(...ctx.alertRunbooks),
        from: day,
        to: day,
      }).map((q) => `/incidents${q}`),
    ),
    page("/incidents/reports", "reports:read", () =>
      queryString({ from: day, to: day }).map((q) => `/incidents/reports${q}`),
    ),
    page("/history/incidents", "reports:read", () =>
      queryString({ from: day, to: day }).map((q) => `/history/incidents${q}`),
    ),
    page("/incidents/new", "incidents:write", (ctx) =>
      queryString({ runbook: fc.constantFrom(...ctx.alertRunbooks, ...ctx.checklistSlugs) }).map(
        (q) => `/incidents/new${q}`,
      ),
    ),
    page("/incidents/[id]", "portal:read", (ctx) =>
      fc
        .tuple(
          pathSegment(fc.constantFrom(...ctx.quietIncidents)),
          queryString({ panels: fc.constantFrom("off", "off", "on") }),
        )
        .map(([id, q]) => `/incidents/${id}${q}`),
    ),
    page("/jobs", "portal:read", (ctx) => jobSearchQuery(ctx).map((q) => `/jobs${q}`)),
    page("/runbooks", "portal:read", (ctx) =>
      queryString({
        q: fc.oneof(acceptedText(1, 50), fc.constantFrom("dlq", "P95", "backup")),
        kind: fc.constantFrom("checklist", "alert", "procedure", "template"),
        severity: fc.constantFrom("P1", "P2", "P3"),
        tag: fc.constantFrom(...ctx.checklistSlugs),
      }).map((q) => `/runbooks${q}`),
    ),
    page("/runbooks/[slug]", "portal:read", (ctx) =>
      fc
        .tuple(
          pathSegment(fc.constantFrom(...ctx.checklistSlugs, ...ctx.alertRunbooks, ...ctx.otherRunbooks, "nao-existe")),
          queryString({ print: fc.constantFrom("1", "0"), panels: fc.constantFrom("off", "off", "on") }),
        )
        .map(([slug, q]) => `/runbooks/${slug}${q}`),
    ),
  ];
}
