import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { test } from "node:test";
import { ConfigError, allQueueNames, parseConfig } from "@/lib/config";

const root = path.resolve(import.meta.dirname, "..");

test("defaults work on this machine", () => {
  const cfg = parseConfig({});
  assert.equal(cfg.PORT, 3000);
  assert.equal(cfg.TIMEZONE, "America/Sao_Paulo");
  assert.equal(cfg.DATABASE_URL, "postgresql://postgres@127.0.0.1:5432/ops_portal");
  assert.deepEqual(allQueueNames(cfg), [
    "payments",
    "payments-dlq",
    "notifications",
    "notifications-dlq",
    "reports",
    "reports-dlq",
  ]);
});

test("monitored queues parse name, DLQ and display name", () => {
  const cfg = parseConfig({ MONITORED_QUEUES: "emails, billing:billing-dead:Cobrança" });
  assert.deepEqual(cfg.queues, [
    { name: "emails", dlq: null, displayName: "emails" },
    { name: "billing", dlq: "billing-dead", displayName: "Cobrança" },
  ]);
});

test("the Sentry panels' time limit: 3 s by default, bounded below the page's own 10 s", () => {
  assert.equal(parseConfig({}).SENTRY_TIMEOUT_MS, 3000);
  assert.equal(parseConfig({ SENTRY_TIMEOUT_MS: "1500" }).SENTRY_TIMEOUT_MS, 1500);
  assert.throws(() => parseConfig({ SENTRY_TIMEOUT_MS: "20000" }), /SENTRY_TIMEOUT_MS: expected .*100 to 8000/);
});

test("every bad variable gets its own line saying what is expected", () => {
  try {
    parseConfig({
      DATABASE_URL: "nonsense",
      PORT: "70000",
      TIMEZONE: "Mars/Olympus",
      REDIS_URL: "http://x",
      MONITORED_QUEUES: "a b",
    });
    assert.fail("should have thrown");
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    const byVar = Object.fromEntries(err.problems.map((p) => [p.split(":")[0], p]));
    assert.deepEqual(Object.keys(byVar).sort(), ["DATABASE_URL", "MONITORED_QUEUES", "PORT", "REDIS_URL", "TIMEZONE"]);
    assert.match(byVar.DATABASE_URL!, /postgresql:\/\/.*\(got "nonsense"\)/);
    assert.match(byVar.TIMEZONE!, /IANA time zone/);
    assert.match(byVar.REDIS_URL!, /redis:\/\//);
  }
});

test("the server refuses to start on invalid configuration: one line per variable, no stack trace", () => {
  const result = spawnSync(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: "nonsense", PORT: "abc" },
    encoding: "utf8",
    timeout: 30_000,
  });
  assert.equal(result.status, 1);
  const lines = result.stderr.trim().split("\n");
  assert.equal(lines[0], "Invalid configuration:");
  assert.ok(
    lines.some((l) => l.trim().startsWith("DATABASE_URL: expected")),
    result.stderr,
  );
  assert.ok(
    lines.some((l) => l.trim().startsWith("PORT: expected")),
    result.stderr,
  );
  assert.equal(lines.length, 3, result.stderr);
  assert.doesNotMatch(result.stderr, /\bat .*\.(ts|js):\d+/);
});

test("TRUST_PROXY takes a hop count or proxy addresses, never a bare true", () => {
  assert.equal(parseConfig({}).TRUST_PROXY.toString(), "loopback");
  assert.equal(parseConfig({ TRUST_PROXY: "false" }).TRUST_PROXY, false);
  assert.equal(parseConfig({ TRUST_PROXY: "1" }).TRUST_PROXY, 1);
  assert.deepEqual(parseConfig({ TRUST_PROXY: "10.0.0.0/8, loopback,fd00::/8,192.0.2.7" }).TRUST_PROXY, [
    "10.0.0.0/8",
    "loopback",
    "fd00::/8",
    "192.0.2.7",
  ]);
  assert.throws(() => parseConfig({ TRUST_PROXY: "true" }), /TRUST_PROXY: expected a hop count .*never true/);
  for (const bad of ["10.0.0.0/33", "proxy.internal", "1.2.3.4/8/1", "yes"]) {
    assert.throws(() => parseConfig({ TRUST_PROXY: bad }), /TRUST_PROXY: expected/, bad);
  }
});

test("a bad secret is never repeated in the error, nor the password in a URL", () => {
  const secret = "short-but-secret";
  try {
    parseConfig({
      AUTH_SECRET: secret,
      DATABASE_URL: "mysql://app:hunter2-password@db/portal",
      SENTRY_WEBHOOK_SECRET: "",
      OIDC_CLIENT_SECRET: "only-this",
    });
    assert.fail("should have thrown");
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    assert.doesNotMatch(err.message, /short-but-secret|hunter2|only-this/);
    assert.match(err.message, /AUTH_SECRET: expected at least 32 .*\(got 16 characters, not shown\)/);
    assert.match(err.message, /DATABASE_URL: .*mysql:\/\/\*\*\*@db\/portal/);
  }
});

test("the test-only routes cannot be switched on in production", () => {
  assert.equal(parseConfig({ NODE_ENV: "test", ENABLE_TEST_ROUTES: "1" }).ENABLE_TEST_ROUTES, true);
  assert.throws(
    () => parseConfig({ NODE_ENV: "production", ENABLE_TEST_ROUTES: "1" }),
    /ENABLE_TEST_ROUTES: expected 0 with NODE_ENV=production/,
  );
  assert.equal(parseConfig({ NODE_ENV: "production", ENABLE_TEST_ROUTES: "0" }).ENABLE_TEST_ROUTES, false);
});
