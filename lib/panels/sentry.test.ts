import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { createSentryClient } from "@/lib/sentry/api";
import { SentryCache } from "@/lib/sentry/cache";
import { seedDemo, startFakeSentry, type FakeSentry } from "@/tests/fake-sentry/server";
import { loadSentryIssues, loadSentryPerformance } from "./sentry";

// The Sentry panels' loaders against the local fake Sentry (the real one cannot be reached here).

let fake: FakeSentry;

before(async () => {
  fake = await startFakeSentry();
});

after(async () => {
  await fake.close();
});

beforeEach(() => {
  seedDemo(fake.state, fake.url);
  fake.state.delayMs = 0;
  fake.state.fail = null;
});

const client = (overrides: { timeoutMs?: number; cache?: SentryCache } = {}) =>
  createSentryClient({
    apiUrl: fake.url,
    org: fake.state.org,
    project: "42",
    token: fake.state.token,
    cache: overrides.cache ?? new SentryCache(),
    timeoutMs: overrides.timeoutMs,
  });

describe("sentry panels", () => {
  test("not configured: says which variables to set, without calling anything", async () => {
    const snapshot = await loadSentryIssues(null, { query: "is:unresolved" }, ["SENTRY_ORG", "SENTRY_AUTH_TOKEN"]);
    assert.equal(snapshot.status, "error");
    if (snapshot.status !== "error") return;
    assert.equal(snapshot.error.code, "not_configured");
    assert.deepEqual(snapshot.error.missing, ["SENTRY_ORG", "SENTRY_AUTH_TOKEN"]);
    assert.match(snapshot.error.message, /defina SENTRY_ORG, SENTRY_AUTH_TOKEN/);
    assert.equal(fake.state.requests.length, 0);
  });

  test("performance: every endpoint with P95 and throughput, those over the threshold flagged", async () => {
    const snapshot = await loadSentryPerformance(client(), { threshold: 750 });
    assert.equal(snapshot.status, "ok");
    if (snapshot.status !== "ok") return;
    assert.equal(snapshot.data.threshold, 750);
    const over = snapshot.data.rows.filter((row) => row.overThreshold).map((row) => row.transaction);
    assert.deepEqual(over.sort(), ["GET /api/reports/export", "POST /api/payments"]);
    const orders = snapshot.data.rows.find((row) => row.transaction === "POST /api/orders");
    assert.equal(orders?.overThreshold, false);
    assert.equal(orders?.p95Ms, 690.2);
  });

  test("performance: the directive's period is the window asked of Sentry (1h by default)", async () => {
    const week = await loadSentryPerformance(client(), { threshold: 300, period: "7d" });
    assert.equal(week.status === "ok" && week.data.period, "7d");
    const hour = await loadSentryPerformance(client(), { threshold: 300 });
    assert.equal(hour.status === "ok" && hour.data.period, "1h");
    const periods = fake.state.requests
      .filter((r) => r.path.endsWith("/events/"))
      .map((r) => r.params.get("statsPeriod"));
    assert.deepEqual(periods.slice(-2), ["7d", "1h"]);
  });

  test("issues: unresolved only, the query passed through", async () => {
    const snapshot = await loadSentryIssues(client(), { query: "is:unresolved level:fatal" });
    assert.equal(snapshot.status, "ok");
    if (snapshot.status !== "ok") return;
    assert.deepEqual(
      snapshot.data.issues.map((issue) => issue.shortId),
      ["PLATAFORMA-1A"],
    );
    assert.equal(snapshot.data.query, "is:unresolved level:fatal");
  });

  test("slow or failing Sentry: the client's Portuguese message, within its time limit", async () => {
    fake.state.delayMs = 2000;
    const started = performance.now();
    const slow = await loadSentryIssues(client({ timeoutMs: 200 }), { query: "is:unresolved" });
    assert.ok(performance.now() - started < 1000);
    assert.equal(slow.status === "error" && slow.error.message, "Sentry não respondeu em 0,2 s");
    fake.state.delayMs = 0;
    fake.state.fail = { status: 500 };
    const failing = await loadSentryPerformance(client(), { threshold: 750 });
    assert.equal(failing.status === "error" && failing.error.code, "upstream_error");
    assert.match(failing.status === "error" ? failing.error.message : "", /^Sentry com falha interna \(HTTP 500\)/);
  });

  test("a failed refresh keeps the last data, flagged as old", async () => {
    let now = 1_000_000;
    const cache = new SentryCache({ now: () => now });
    const first = await loadSentryPerformance(client({ cache }), { threshold: 750 });
    assert.equal(first.status, "ok");
    now += 60_000;
    fake.state.fail = { status: 503 };
    const second = await loadSentryPerformance(client({ cache }), { threshold: 750 });
    assert.equal(second.status, "ok");
    if (second.status !== "ok" || first.status !== "ok") return;
    assert.match(second.stale?.message ?? "", /HTTP 503/);
    assert.equal(second.fetchedAt, first.fetchedAt);
  });
});
