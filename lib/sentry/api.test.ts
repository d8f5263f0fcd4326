import assert from "node:assert/strict";
import { createServer } from "node:net";
import { after, before, beforeEach, describe, test } from "node:test";
import { fakeIssue, startFakeSentry, type FakeSentry } from "@/tests/fake-sentry/server";
import { parseConfig } from "@/lib/config";
import {
  createSentryClient,
  sentryClientFromConfig,
  sentryNotConfiguredError,
  SentryApiError,
  toPanelError,
  type SentryClientSettings,
} from "./api";
import { SentryCache } from "./cache";

let fake: FakeSentry;

before(async () => {
  fake = await startFakeSentry();
});

after(async () => {
  await fake.close();
});

beforeEach(() => {
  fake.state.issues = [];
  fake.state.transactions = [];
  fake.state.requests = [];
  fake.state.delayMs = 0;
  fake.state.fail = null;
});

/** A client with its own cache, so tests never see each other's results. */
function client(overrides: Partial<SentryClientSettings> = {}, cache = new SentryCache()) {
  return createSentryClient({
    apiUrl: fake.url,
    org: fake.state.org,
    project: "42",
    token: fake.state.token,
    timeoutMs: 1_000,
    cache,
    ...overrides,
  });
}

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<SentryApiError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof SentryApiError, `expected SentryApiError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return error;
  }
  assert.fail(`expected a ${code} error`);
}

describe("listUnresolvedIssues", () => {
  test("sends the documented request and parses Sentry's issue shape", async () => {
    fake.state.issues = [
      fakeIssue({ id: "1", title: "Error: old", count: "12", userCount: 3, lastSeen: "2026-01-01T10:00:00Z" }),
      fakeIssue({ id: "2", title: "Error: newest", level: "fatal", count: "9007", lastSeen: "2026-01-01T12:00:00Z" }),
      fakeIssue({ id: "3", title: "Error: fixed", status: "resolved" }),
    ];
    const result = await client().listUnresolvedIssues({ limit: 10 });

    assert.equal(result.stale, false);
    assert.ok(!Number.isNaN(Date.parse(result.fetchedAt)));
    assert.deepEqual(
      result.data.map((i) => i.title),
      ["Error: newest", "Error: old"],
    );
    const [newest] = result.data;
    assert.equal(newest?.count, 9007, "count arrives as a string and becomes a number");
    assert.equal(newest?.level, "fatal");
    assert.equal(newest?.shortId, "PLATAFORMA-2");
    assert.equal(newest?.projectSlug, "plataforma");
    assert.match(newest?.permalink ?? "", /^https:\/\//);

    const [request] = fake.requestsTo("/issues/");
    assert.equal(request?.path, "/api/0/organizations/acme/issues/");
    assert.equal(request?.authorization, `Bearer ${fake.state.token}`);
    assert.equal(request?.params.get("query"), "is:unresolved");
    assert.equal(request?.params.get("project"), "42");
    assert.equal(request?.params.get("statsPeriod"), "24h");
    assert.equal(request?.params.get("sort"), "date");
    assert.equal(request?.params.get("limit"), "10");
  });

  test("adds the caller's query to is:unresolved and filters by level", async () => {
    fake.state.issues = [
      fakeIssue({ id: "1", level: "fatal", title: "Fatal one" }),
      fakeIssue({ id: "2", level: "error", title: "Error one" }),
    ];
    const result = await client().listUnresolvedIssues({ query: "level:fatal" });
    assert.deepEqual(
      result.data.map((i) => i.title),
      ["Fatal one"],
    );
    assert.equal(fake.requestsTo("/issues/")[0]?.params.get("query"), "is:unresolved level:fatal");
  });

  test("tolerates extra fields and missing optional ones; rejects unsafe permalinks", async () => {
    fake.state.issues = [
      {
        id: "77",
        shortId: "X-77",
        title: "Minimal",
        permalink: "javascript:alert(1)",
        somethingNew: { nested: true },
      },
    ];
    // No project filter: this issue has no project at all.
    const [issue] = (await client({ project: undefined }).listUnresolvedIssues()).data;
    assert.deepEqual(issue, {
      id: "77",
      shortId: "X-77",
      title: "Minimal",
      culprit: null,
      permalink: null,
      level: "error",
      status: "unresolved",
      count: 0,
      userCount: 0,
      firstSeen: null,
      lastSeen: null,
      projectSlug: null,
    });
  });

  test("uses projectSlug when the configured project is a slug", async () => {
    fake.state.issues = [fakeIssue({ id: "1" })];
    const result = await client({ project: "plataforma" }).listUnresolvedIssues();
    assert.equal(result.data.length, 1);
    const [request] = fake.requestsTo("/issues/");
    assert.equal(request?.params.get("projectSlug"), "plataforma");
    assert.equal(request?.params.has("project"), false);
  });

  test("a response of the wrong shape is a bad_response error", async () => {
    fake.state.fail = { status: 200, body: { unexpected: true } };
    const error = await rejectsWith(client().listUnresolvedIssues(), "bad_response");
    assert.match(error.message, /^Resposta inesperada do Sentry/);

    fake.state.fail = { status: 200, body: [{ id: "1", shortId: "A-1", title: "x", count: "many" }] };
    await rejectsWith(client().listUnresolvedIssues(), "bad_response");

    fake.state.fail = { status: 200, body: "<html>proxy error</html>" };
    await rejectsWith(client().listUnresolvedIssues(), "bad_response");
  });
});

describe("endpointPerformance", () => {
  beforeEach(() => {
    fake.state.transactions = [
      { transaction: "GET /api/orders/:id", p95Ms: 240.1, tpm: 120, count: 7200 },
      { transaction: "POST /api/payments", p95Ms: 812.3, tpm: 42.5, count: 2550 },
      { transaction: "GET /api/idle", p95Ms: null, tpm: 0, count: 0 },
    ];
  });

  test("queries the spans dataset and returns P95 (ms), throughput and count per endpoint", async () => {
    const result = await client().endpointPerformance({ statsPeriod: "1h", limit: 5, p95ThresholdMs: 750 });
    assert.deepEqual(result.data, [
      { transaction: "POST /api/payments", p95Ms: 812.3, tpm: 42.5, count: 2550, overThreshold: true },
      { transaction: "GET /api/orders/:id", p95Ms: 240.1, tpm: 120, count: 7200, overThreshold: false },
      { transaction: "GET /api/idle", p95Ms: null, tpm: 0, count: 0, overThreshold: false },
    ]);

    const [request] = fake.requestsTo("/events/");
    assert.equal(request?.path, "/api/0/organizations/acme/events/");
    assert.equal(request?.params.get("dataset"), "spans");
    assert.deepEqual(request?.params.getAll("field"), ["transaction", "p95(span.duration)", "epm()", "count()"]);
    assert.equal(request?.params.get("query"), "is_transaction:true");
    assert.equal(request?.params.get("sort"), "-p95(span.duration)");
    assert.equal(request?.params.get("statsPeriod"), "1h");
    assert.equal(request?.params.get("per_page"), "5");
    assert.equal(request?.params.get("project"), "42");
  });

  test("filters one transaction, quoting names with spaces", async () => {
    const result = await client().endpointPerformance({ transaction: "POST /api/payments" });
    assert.deepEqual(
      result.data.map((r) => r.transaction),
      ["POST /api/payments"],
    );
    assert.equal(
      fake.requestsTo("/events/")[0]?.params.get("query"),
      'is_transaction:true transaction:"POST /api/payments"',
    );
  });

  test("converts P95 to milliseconds when Sentry reports seconds", async () => {
    fake.state.fail = {
      status: 200,
      body: {
        data: [{ transaction: "GET /x", "p95(span.duration)": 0.8123, "epm()": 1, "count()": 60, extra: "ok" }],
        meta: { fields: { "p95(span.duration)": "duration" }, units: { "p95(span.duration)": "second" } },
      },
    };
    const [row] = (await client().endpointPerformance()).data;
    assert.equal(row?.p95Ms, 812.3);
  });

  test("a threshold does not split the cache", async () => {
    const shared = new SentryCache();
    const a = await client({}, shared).endpointPerformance({ p95ThresholdMs: 100 });
    const b = await client({}, shared).endpointPerformance({ p95ThresholdMs: 1000 });
    assert.equal(fake.requestsTo("/events/").length, 1);
    assert.equal(a.data.filter((r) => r.overThreshold).length, 2);
    assert.equal(b.data.filter((r) => r.overThreshold).length, 0);
  });

  test("rejects a malformed period before calling Sentry", async () => {
    const error = await rejectsWith(client().endpointPerformance({ statsPeriod: "1 hora" }), "invalid_request");
    assert.match(error.message, /Período inválido/);
    assert.equal(fake.state.requests.length, 0);
  });
});

describe("errors", () => {
  test("401 → unauthorized with Sentry's detail, and the token never appears", async () => {
    const token = "wrong-secret-token-123";
    const error = await rejectsWith(client({ token }).listUnresolvedIssues(), "unauthorized");
    assert.equal(error.status, 401);
    assert.equal(error.detail, "Invalid token");
    assert.equal(error.message, "Token do Sentry inválido ou expirado: Invalid token");
    assert.ok(!JSON.stringify(toPanelError(error)).includes(token));
    assert.ok(!error.message.includes(token));
  });

  test("403 → unauthorized naming the scope the call needs", async () => {
    fake.state.fail = { status: 403, body: { detail: "You do not have permission to perform this action." } };
    const issues = await rejectsWith(client().listUnresolvedIssues(), "unauthorized");
    assert.match(issues.message, /^Token do Sentry sem permissão \(event:read\)/);
    fake.state.fail = { status: 403, body: { detail: "You do not have permission to perform this action." } };
    const perf = await rejectsWith(client().endpointPerformance(), "unauthorized");
    assert.match(perf.message, /^Token do Sentry sem permissão \(org:read\)/);
  });

  test("slow server → timeout error within the limit", async () => {
    fake.state.delayMs = 5_000;
    const started = performance.now();
    const error = await rejectsWith(client({ timeoutMs: 200 }).listUnresolvedIssues(), "timeout");
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 1_000, `gave up after ${Math.round(elapsed)} ms`);
    assert.equal(error.message, "Sentry não respondeu em 0,2 s");
  });

  test("the default timeout is 3 s and says so", async () => {
    fake.state.delayMs = 10_000;
    const c = createSentryClient({ apiUrl: fake.url, org: "acme", token: fake.state.token, cache: new SentryCache() });
    const started = performance.now();
    const error = await rejectsWith(c.listUnresolvedIssues(), "timeout");
    const elapsed = performance.now() - started;
    assert.ok(elapsed >= 2_900 && elapsed < 4_000, `gave up after ${Math.round(elapsed)} ms`);
    assert.equal(error.message, "Sentry não respondeu em 3 s");
  });

  test("nothing listening → unreachable", async () => {
    const port = await closedPort();
    const error = await rejectsWith(
      client({ apiUrl: `http://127.0.0.1:${port}` }).listUnresolvedIssues(),
      "unreachable",
    );
    assert.match(error.message, /^Sentry inacessível \(ECONNREFUSED\)/);
  });

  test("500 → upstream_error", async () => {
    fake.state.fail = { status: 500 };
    const error = await rejectsWith(client().listUnresolvedIssues(), "upstream_error");
    assert.equal(error.status, 500);
    assert.match(error.message, /^Sentry com falha interna \(HTTP 500\)/);
  });

  test("429 → rate_limited honouring Retry-After, without calling Sentry again meanwhile", async () => {
    let now = 1_000_000;
    const cache = new SentryCache({ now: () => now });
    fake.state.fail = {
      status: 429,
      headers: { "Retry-After": "7" },
      body: { detail: "Rate limit exceeded" },
      times: 1,
    };
    const error = await rejectsWith(client({}, cache).listUnresolvedIssues(), "rate_limited");
    assert.equal(error.retryAfterSeconds, 7);
    assert.equal(error.message, "Sentry limitou as consultas; nova tentativa em 7 s");
    assert.equal(fake.state.requests.length, 1);

    // Another endpoint of the same token is held back too: the limit is per token.
    now += 3_000;
    const held = await rejectsWith(client({}, cache).endpointPerformance(), "rate_limited");
    assert.equal(held.retryAfterSeconds, 4);
    assert.equal(fake.state.requests.length, 1);

    now += 5_000;
    const result = await client({}, cache).listUnresolvedIssues();
    assert.equal(result.stale, false);
    assert.equal(fake.state.requests.length, 2);
  });

  test("not configured", async () => {
    assert.throws(
      () => createSentryClient({ apiUrl: fake.url, org: "acme", token: " " }),
      (error: unknown) =>
        error instanceof SentryApiError && error.code === "not_configured" && /SENTRY_AUTH_TOKEN/.test(error.message),
    );
    const cfg = parseConfig({});
    assert.equal(sentryClientFromConfig(cfg), null);
    assert.equal(
      sentryNotConfiguredError(cfg).message,
      "Sentry não configurado (defina SENTRY_ORG, SENTRY_AUTH_TOKEN)",
    );

    const configured = sentryClientFromConfig(
      parseConfig({
        SENTRY_API_URL: fake.url,
        SENTRY_ORG: "acme",
        SENTRY_PROJECT: "42",
        SENTRY_AUTH_TOKEN: fake.state.token,
      }),
    );
    assert.ok(configured);
    fake.state.issues = [fakeIssue({ id: "1" })];
    const result = await configured.listUnresolvedIssues({ query: `nocache-${Date.now()}` });
    assert.equal(fake.state.requests.length, 1);
    assert.equal(result.data.length, 0, "free text that matches nothing");
  });
});

describe("cache", () => {
  test("a second identical request within the TTL is served from memory", async () => {
    fake.state.issues = [fakeIssue({ id: "1" })];
    const cache = new SentryCache();
    const first = await client({}, cache).listUnresolvedIssues();
    const second = await client({}, cache).listUnresolvedIssues();
    assert.equal(fake.state.requests.length, 1);
    assert.deepEqual(second, first);
    assert.ok(
      Object.isFrozen(first.data) && Object.isFrozen(first.data[0]),
      "shared results cannot be mutated by one viewer",
    );

    await client({}, cache).listUnresolvedIssues({ query: "level:fatal" });
    assert.equal(fake.state.requests.length, 2, "a different query is a different key");
    await client({ token: "another-token" }, cache)
      .listUnresolvedIssues()
      .catch(() => undefined);
    assert.equal(fake.state.requests.length, 3, "a different token is a different key");
  });

  test("refreshes after the TTL", async () => {
    let now = 0;
    const cache = new SentryCache({ now: () => now });
    fake.state.issues = [fakeIssue({ id: "1", title: "before" })];
    await client({ cacheTtlMs: 30_000 }, cache).listUnresolvedIssues();
    fake.state.issues = [fakeIssue({ id: "1", title: "after" })];
    now = 29_999;
    assert.equal((await client({}, cache).listUnresolvedIssues()).data[0]?.title, "before");
    now = 30_000;
    assert.equal((await client({}, cache).listUnresolvedIssues()).data[0]?.title, "after");
    assert.equal(fake.state.requests.length, 2);
  });

  test("concurrent viewers share one in-flight call", async () => {
    fake.state.issues = [fakeIssue({ id: "1" })];
    fake.state.delayMs = 100;
    const cache = new SentryCache();
    const results = await Promise.all(Array.from({ length: 20 }, () => client({}, cache).listUnresolvedIssues()));
    assert.equal(fake.state.requests.length, 1);
    assert.ok(results.every((r) => r.data[0]?.id === "1" && !r.stale));
  });

  test("concurrent viewers share one failure too", async () => {
    fake.state.delayMs = 50;
    fake.state.fail = { status: 500 };
    const cache = new SentryCache();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 5 }, () => client({}, cache).listUnresolvedIssues()),
    );
    assert.equal(fake.state.requests.length, 1);
    assert.ok(outcomes.every((o) => o.status === "rejected"));
  });

  test("stale-on-error: a failed refresh serves the old value flagged stale, with the error", async () => {
    let now = 0;
    const cache = new SentryCache({ now: () => now });
    fake.state.issues = [fakeIssue({ id: "1", title: "known" })];
    const first = await client({}, cache).listUnresolvedIssues();

    now = 31_000;
    fake.state.fail = { status: 500 };
    const stale = await client({}, cache).listUnresolvedIssues();
    assert.equal(stale.stale, true);
    assert.equal(stale.error?.code, "upstream_error");
    assert.deepEqual(stale.data, first.data);
    assert.equal(stale.fetchedAt, first.fetchedAt);
    assert.equal(fake.state.requests.length, 2);

    // The failure is remembered for errorTtlMs: no new call, same stale answer.
    fake.state.fail = null;
    now = 33_000;
    assert.equal((await client({}, cache).listUnresolvedIssues()).stale, true);
    assert.equal(fake.state.requests.length, 2);

    // After that, Sentry is asked again and the value is fresh.
    now = 36_001;
    const recovered = await client({}, cache).listUnresolvedIssues();
    assert.equal(recovered.stale, false);
    assert.equal(recovered.error, undefined);
    assert.equal(fake.state.requests.length, 3);
  });

  test("stale-on-error also covers timeouts", async () => {
    let now = 0;
    const cache = new SentryCache({ now: () => now });
    fake.state.transactions = [{ transaction: "GET /a", p95Ms: 10, tpm: 1, count: 60 }];
    await client({ timeoutMs: 150 }, cache).endpointPerformance();
    now = 60_000;
    fake.state.delayMs = 2_000;
    const result = await client({ timeoutMs: 150 }, cache).endpointPerformance();
    assert.equal(result.stale, true);
    assert.equal(result.error?.code, "timeout");
    assert.equal(result.data[0]?.transaction, "GET /a");
  });

  test("without an old value, the failure is thrown; too-old values are not served", async () => {
    let now = 0;
    const cache = new SentryCache({ now: () => now });
    fake.state.fail = { status: 500 };
    await rejectsWith(client({}, cache).listUnresolvedIssues(), "upstream_error");

    fake.state.fail = null;
    now = 10_000;
    await client({ staleTtlMs: 60_000 }, cache).listUnresolvedIssues();
    now = 10_000 + 30_000 + 60_000;
    fake.state.fail = { status: 500 };
    await rejectsWith(client({ staleTtlMs: 60_000 }, cache).listUnresolvedIssues(), "upstream_error");
  });

  test("the default cache lives on globalThis under a registered symbol", async () => {
    const { sharedSentryCache } = await import("./cache");
    const key = Symbol.for("ops-portal.sentry.cache.v1");
    assert.equal((globalThis as Record<symbol, unknown>)[key], sharedSentryCache());
    assert.equal(sharedSentryCache(), sharedSentryCache());
  });

  test("bounded size", async () => {
    const cache = new SentryCache({ maxEntries: 3 });
    for (let i = 0; i < 6; i++) await client({}, cache).listUnresolvedIssues({ query: `q${i}` });
    assert.ok(cache.size <= 3);
  });
});

/** A port nothing listens on: bind one, then free it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
