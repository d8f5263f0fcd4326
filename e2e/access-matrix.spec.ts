import { expect, request as playwrightRequest, test } from "@playwright/test";
import { can, ROLES } from "@/lib/auth/permissions";
import { BOARD_ACCESS, ROUTE_ACCESS, type RouteRule } from "@/lib/auth/route-access";
import { E2E_BASE_URL, ensureUser, signInRequest } from "./support/auth";
import { discoverAppRoutes } from "./support/discover";

// Generated from the code: every page and route handler under app/, every HTTP method it
// exports, times every role and anonymous, checked against the permission matrix.

test("every route under app/ has an access rule, and every rule a route", () => {
  const discovered = discoverAppRoutes()
    .map((r) => `${r.method} ${r.pattern}`)
    .sort();
  const declared = ROUTE_ACCESS.map((r) => `${r.method} ${r.pattern}`).sort();
  expect(discovered).toEqual(declared);
});

type Who = (typeof ROLES)[number] | "anonymous";

function expectation(rule: RouteRule, who: Who): "allowed" | "unauthenticated" | "forbidden" {
  if (rule.access === "public") return rule.ownCredentials ? "unauthenticated" : "allowed";
  if (who === "anonymous") return "unauthenticated";
  return can(who, rule.access) ? "allowed" : "forbidden";
}

for (const who of ["anonymous", ...ROLES] as Who[]) {
  test(`access matrix for ${who}`, async () => {
    test.setTimeout(120_000);
    const context = await playwrightRequest.newContext({ baseURL: E2E_BASE_URL, maxRedirects: 0 });
    try {
      if (who !== "anonymous") await signInRequest(context, await ensureUser(who, `matrix-${who}`));
      const failures: string[] = [];
      for (const rule of [...ROUTE_ACCESS, ...BOARD_ACCESS]) {
        const url = rule.sample ?? rule.pattern;
        const response = await context.fetch(url, {
          method: rule.method,
          headers: { origin: E2E_BASE_URL, accept: rule.pattern.includes("/api/") ? "application/json" : "text/html" },
          data: rule.method === "GET" ? undefined : {},
          timeout: 15_000,
        });
        const status = response.status();
        const expected = expectation(rule, who);
        const redirectedToLogin = status === 303 && (response.headers().location ?? "").startsWith("/login");
        const ok =
          expected === "allowed"
            ? status !== 401 && status !== 403 && !redirectedToLogin && status < 500
            : expected === "unauthenticated"
              ? status === 401 || redirectedToLogin
              : status === 403;
        if (!ok) failures.push(`${rule.method} ${url}: expected ${expected}, got ${status}`);
        await response.dispose();
      }
      expect(failures).toEqual([]);
    } finally {
      await context.dispose();
    }
  });
}
