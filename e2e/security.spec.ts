import { randomBytes } from "node:crypto";
import http from "node:http";
import { expect, request as playwrightRequest, test } from "@playwright/test";
import { config } from "@/lib/config";
import { createPrismaClient } from "@/lib/db/client";
import { E2E_BASE_URL, ensureUser, signInRequest } from "./support/auth";

// The security review's findings, each against the running portal: what the unit and
// integration tests check piece by piece, here through the real server, better-auth and Next.

test("after sign-in, a next path that the URL parser turns into //host goes to / instead", async () => {
  const context = await playwrightRequest.newContext({ baseURL: E2E_BASE_URL, maxRedirects: 0 });
  try {
    await signInRequest(context, await ensureUser("viewer"));
    for (const next of ["/.//evil.example", "/..//evil.example", "/%2e//evil.example", "/a/..//evil.example"]) {
      const response = await context.get(`/login?next=${encodeURIComponent(next)}`);
      expect(response.status(), next).toBe(307);
      expect(response.headers().location, next).toBe("/");
    }
  } finally {
    await context.dispose();
  }
});

/** Streams `total` bytes without a length; resolves with the status and how much had been sent then. */
function streamTo(
  path: string,
  total: number,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; sentWhenAnswered: number }> {
  const url = new URL(E2E_BASE_URL);
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = http.request({
      host: url.hostname,
      port: url.port,
      method: "POST",
      path,
      agent: false,
      headers: { "content-type": "application/json", origin: E2E_BASE_URL, ...headers },
    });
    req.on("response", (res) => {
      answered = true;
      const at = sent;
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body, sentWhenAnswered: at });
      });
    });
    req.on("error", (err) => (answered ? undefined : reject(err)));
    const chunk = Buffer.from(`{"pad":"${"x".repeat(16 * 1024 - 10)}`.slice(0, 16 * 1024));
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", () => setTimeout(pump, 1));
      }
      if (!answered) req.end();
    };
    pump();
  });
}

test("2 MiB streamed to a public endpoint is refused with 413 at the limit, not read to the end", async () => {
  for (const path of ["/api/webhooks/sentry", "/api/auth/sign-in/email"]) {
    const answer = await streamTo(path, 2 * 1024 * 1024, { "sentry-hook-resource": "metric_alert" });
    expect(answer.status, path).toBe(413);
    expect(JSON.parse(answer.body).error, path).toMatch(/grande demais/);
    expect(answer.sentWhenAnswered, path).toBeLessThan(1024 * 1024);
  }
});

test("a malformed Origin is a 403, never a 500", async ({ request }) => {
  for (const origin of ["null", "http://", "not an origin"]) {
    const response = await request.get("/api/auth/get-session", { headers: { origin } });
    expect(response.status(), origin).toBe(403);
    expect(((await response.json()) as { error: string }).error).toMatch(/Origin/);
  }
});

test("better-auth's endpoints the portal does not use answer 404: no self-rename, no password change", async ({
  request,
}) => {
  const user = await ensureUser("operator", "rename");
  await signInRequest(request, user);
  const headers = { origin: E2E_BASE_URL };
  expect((await request.post("/api/auth/update-user", { headers, data: { name: "Bianca Ramos" } })).status()).toBe(404);
  expect((await request.post("/api/auth/update-user", { headers, data: { name: { not: "a string" } } })).status()).toBe(
    404,
  );
  expect(
    (
      await request.post("/api/auth/change-password", {
        headers,
        data: { currentPassword: "guess-1234567", newPassword: "another-password-1" },
      })
    ).status(),
  ).toBe(404);
  expect(
    (
      await request.post("/api/auth/change-email", { headers, data: { newEmail: "someone.else@exemplo.com.br" } })
    ).status(),
  ).toBe(404);
  expect((await request.get("/api/auth/get-session")).ok()).toBeTruthy();
  const prisma = createPrismaClient(config().DATABASE_URL);
  try {
    const stored = await prisma.user.findUniqueOrThrow({ where: { email: user.email } });
    expect([stored.name, stored.email]).toEqual([user.name, user.email]);
  } finally {
    await prisma.$disconnect();
  }
});

test("requests to made-up paths share one metrics label", async ({ request }) => {
  const made = `/nao-existe-${randomBytes(6).toString("hex")}`;
  await request.get(made);
  await request.get(`${made}/sub`, { headers: { accept: "application/json" } });
  const text = await (await request.get("/api/metrics")).text();
  expect(text).not.toContain(made);
  expect(text).toMatch(
    /http_request_duration_seconds_count\{method="GET",route="\/:unmatched",status="(303|401|404)"\} \d+/,
  );
});

test("Bull Board's add-job check cannot be skipped by changing the path's case", async ({ request }) => {
  // notifications: on payments the queue guard-rails refuse Add job before the check runs.
  await signInRequest(request, await ensureUser("operator"));
  for (const action of ["add", "ADD", "Add"]) {
    const response = await request.post(`/admin/queues/api/queues/notifications/${action}`, {
      headers: { origin: E2E_BASE_URL },
      data: { name: "x", data: {}, options: { repeat: { every: 1000 } } },
    });
    expect(response.status(), action).toBe(400);
  }
});
