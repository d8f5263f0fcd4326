import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { startFakeSentry, type FakeSentry } from "../tests/fake-sentry/server";
import { ensureUser, signInRequest } from "./support/auth";
import { startPortal } from "./support/processes";

// The portal's own errors go to Sentry through @sentry/nextjs (instrumentation.ts). Each test
// starts its own portal process (the production build) against the local Sentry stand-in, with
// ENABLE_TEST_ROUTES=1 (and NODE_ENV=test, which still serves the build) so that /api/debug/error exists and throws. Like every non-public path,
// the debug routes need a session.

interface StreamedSpan {
  name: string;
  is_segment?: boolean;
  attributes?: Record<string, { value: unknown }>;
}

/** Spans arrive as `span` envelope items ({ version: 2, items: [...] }), not as transactions. */
function receivedSpans(fake: FakeSentry): StreamedSpan[] {
  return fake.state.envelopes.flatMap((received) =>
    received.envelope.items
      .filter((item) => item.header.type === "span")
      .flatMap((item) => (JSON.parse(item.payload.toString("utf8")) as { items?: StreamedSpan[] }).items ?? []),
  );
}

test("a route handler error reaches Sentry tagged with its request's correlation id", async ({ request }) => {
  test.setTimeout(120_000);
  const fake = await startFakeSentry();
  const portal = await startPortal({
    SENTRY_DSN: fake.dsn(42),
    SENTRY_ENVIRONMENT: "e2e",
    SENTRY_RELEASE: "ops-portal@e2e",
    SENTRY_TRACES_SAMPLE_RATE: "1",
    ENABLE_TEST_ROUTES: "1",
    // The configuration refuses the test routes under NODE_ENV=production; test serves the same build.
    NODE_ENV: "test",
  });
  try {
    const viewer = await ensureUser("viewer");
    await signInRequest(request, viewer, portal.url);
    // Two requests at once: each event must carry its own request's id, never the other's.
    const ids = [`e2e-${randomUUID()}`, `e2e-${randomUUID()}`];
    const responses = await Promise.all(
      ids.map((id) => request.get(`${portal.url}/api/debug/error`, { headers: { "x-request-id": id } })),
    );
    responses.forEach((response, i) => {
      expect(response.status()).toBe(500);
      expect(response.headers()["x-request-id"]).toBe(ids[i]);
    });

    for (const id of ids) {
      // The route puts the request's id in the error message, so this finds that request's event.
      const event = await fake.waitForEvent((e) => e.exception?.value?.includes(id) ?? false, 20_000);
      expect(event.tags.correlation_id).toBe(id);
      expect(event.exception?.type).toBe("Error");
      expect(event.projectId).toBe("42");
      expect(event.environment).toBe("e2e");
      expect(event.release).toBe("ops-portal@e2e");
      expect(event.transaction).toBe("GET /api/debug/error");
    }

    // Who the user is and where they are stay in the portal: no envelope carries the internal
    // user header, the client-address header, the session cookie or the user's e-mail.
    const sent = fake.state.envelopes
      .map((received) => received.envelope.items.map((item) => item.payload.toString("utf8")).join("\n"))
      .join("\n");
    for (const secret of ["x-portal-user", "x-portal-client-ip", "session_token", viewer.email])
      expect(sent, secret).not.toContain(secret);

    // The request's trace carries the id too (an attribute on its spans).
    await expect
      .poll(
        () =>
          receivedSpans(fake)
            .filter((s) => s.is_segment && s.attributes?.correlation_id?.value === ids[0])
            .map((s) => s.name),
        {
          timeout: 20_000,
        },
      )
      .toContain("GET /api/debug/error");
  } finally {
    await portal.stop();
    await fake.close();
  }
});

test("without SENTRY_DSN the SDK is not initialised: nothing is sent, nothing is logged about it", async ({
  request,
}) => {
  test.setTimeout(120_000);
  const fake = await startFakeSentry();
  // Every other Sentry variable is set (and points at the stand-in); only the DSN is empty.
  const portal = await startPortal({
    SENTRY_DSN: "",
    SENTRY_ENVIRONMENT: "e2e",
    SENTRY_RELEASE: "ops-portal@e2e",
    SENTRY_TRACES_SAMPLE_RATE: "1",
    SENTRY_API_URL: fake.url,
    ENABLE_TEST_ROUTES: "1",
    // The configuration refuses the test routes under NODE_ENV=production; test serves the same build.
    NODE_ENV: "test",
  });
  try {
    await signInRequest(request, await ensureUser("viewer"), portal.url);
    const reporting = await request.get(`${portal.url}/api/debug/error-reporting`);
    expect(await reporting.json()).toEqual({ enabled: false });

    const id = `e2e-off-${randomUUID()}`;
    const response = await request.get(`${portal.url}/api/debug/error`, { headers: { "x-request-id": id } });
    expect(response.status()).toBe(500);
    expect(response.headers()["x-request-id"]).toBe(id);

    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(fake.state.envelopes).toHaveLength(0);
    expect(fake.state.requests).toHaveLength(0);
    // The error itself is still logged by Next and by the access log, with its id.
    expect(portal.output()).toContain(id);
    // Nothing from the SDK ("[Sentry] …", "Sentry Logger …", "@sentry/…" warnings).
    expect(portal.output()).not.toMatch(/\[sentry\]|sentry logger|@sentry\//i);
  } finally {
    await portal.stop();
    await fake.close();
  }
});

test("the test-only routes answer 404 unless ENABLE_TEST_ROUTES=1", async ({ request }) => {
  // The shared e2e portal runs without ENABLE_TEST_ROUTES.
  await signInRequest(request, await ensureUser("viewer"));
  for (const path of ["/api/debug/error", "/api/debug/error-reporting"]) {
    const response = await request.get(path);
    expect(response.status()).toBe(404);
    // Like every other API error: a JSON message (the fuzz checks every 4xx for one).
    expect(await response.json()).toEqual({ error: "Not Found" });
  }
});
