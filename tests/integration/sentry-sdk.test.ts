import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import type { ErrorEvent } from "@sentry/nextjs";
import { ConfigError, parseConfig } from "@/lib/config";
import { CORRELATION_TAG, headerValue, sentryRuntimeOptions, tagWithCorrelationId } from "@/lib/observability/sentry";

// The SDK wiring end to end (a thrown route error reaching the local Sentry stand-in with its
// correlation id) is e2e/sentry.spec.ts; these are the pure parts and the build-time guarantees.

const root = path.resolve(import.meta.dirname, "../..");

function event(tags?: Record<string, string>): ErrorEvent {
  return { type: undefined, message: "boom", ...(tags ? { tags } : {}) };
}

describe("Sentry options from the configuration", () => {
  test("no DSN (unset or empty) means no SDK at all", () => {
    assert.equal(sentryRuntimeOptions(parseConfig({})), null);
    assert.equal(
      sentryRuntimeOptions(parseConfig({ SENTRY_DSN: "", SENTRY_RELEASE: "1.2.3", SENTRY_TRACES_SAMPLE_RATE: "1" })),
      null,
    );
  });

  test("a DSN turns it on with the environment, release and sample rate", () => {
    const cfg = parseConfig({
      SENTRY_DSN: "https://publickey@o1.ingest.sentry.io/42",
      SENTRY_ENVIRONMENT: "production",
      SENTRY_RELEASE: "ops-portal@1.2.3",
      SENTRY_TRACES_SAMPLE_RATE: "0.25",
    });
    assert.deepEqual(sentryRuntimeOptions(cfg), {
      dsn: "https://publickey@o1.ingest.sentry.io/42",
      environment: "production",
      release: "ops-portal@1.2.3",
      tracesSampleRate: 0.25,
    });
  });

  test("without SENTRY_RELEASE the key is absent, so the release injected at build time still applies", () => {
    const options = sentryRuntimeOptions(parseConfig({ SENTRY_DSN: "https://publickey@o1.ingest.sentry.io/42" }));
    assert.ok(options);
    assert.equal("release" in options, false);
    assert.equal(options.environment, "development");
    assert.equal(options.tracesSampleRate, 0.1);
  });

  test("ENABLE_TEST_ROUTES is off unless 1, and anything but 0/1 is refused", () => {
    assert.equal(parseConfig({}).ENABLE_TEST_ROUTES, false);
    assert.equal(parseConfig({ ENABLE_TEST_ROUTES: "0" }).ENABLE_TEST_ROUTES, false);
    assert.equal(parseConfig({ ENABLE_TEST_ROUTES: "1" }).ENABLE_TEST_ROUTES, true);
    assert.throws(
      () => parseConfig({ ENABLE_TEST_ROUTES: "yes" }),
      (err: unknown) =>
        err instanceof ConfigError && err.problems.some((p) => p === 'ENABLE_TEST_ROUTES: expected 0 or 1 (got "yes")'),
    );
  });
});

describe("the correlation_id tag", () => {
  test("is added from the request's id, beside the event's other tags", () => {
    assert.deepEqual(tagWithCorrelationId(event({ route: "/x" }), "req-1").tags, {
      route: "/x",
      [CORRELATION_TAG]: "req-1",
    });
    assert.deepEqual(tagWithCorrelationId(event(), "req-2").tags, { correlation_id: "req-2" });
  });

  test("outside a request the event is left alone", () => {
    assert.equal(tagWithCorrelationId(event(), undefined).tags, undefined);
    assert.equal(tagWithCorrelationId(event(), "").tags, undefined);
  });

  test("a tag already set (onRequestError's header) is kept", () => {
    assert.equal(
      tagWithCorrelationId(event({ correlation_id: "from-header" }), "from-context").tags?.correlation_id,
      "from-header",
    );
  });

  test("the header Next passes to onRequestError gives the first value", () => {
    assert.equal(headerValue("abc"), "abc");
    assert.equal(headerValue(["first", "second"]), "first");
    assert.equal(headerValue(undefined), undefined);
    assert.equal(headerValue(""), undefined);
  });
});

describe("what reaches the browser", () => {
  test("the browser entry reads only NEXT_PUBLIC_* variables (nothing secret is inlined)", () => {
    const source = readFileSync(path.join(root, "instrumentation-client.ts"), "utf8");
    const names = [...source.matchAll(/process\.env\.([A-Za-z0-9_]+)/g)].map((m) => m[1]);
    assert.ok(names.includes("NEXT_PUBLIC_SENTRY_DSN"));
    assert.deepEqual(
      names.filter((n) => !n?.startsWith("NEXT_PUBLIC_")),
      [],
    );
  });

  test("next.config.ts inlines only public values, and never SENTRY_AUTH_TOKEN", async () => {
    const secret = "sntrys_unit-test-secret-token";
    const saved = process.env.SENTRY_AUTH_TOKEN;
    process.env.SENTRY_AUTH_TOKEN = secret;
    try {
      const { default: nextConfig } = (await import("../../next.config.ts")) as {
        default: { env?: Record<string, string> };
      };
      const env = nextConfig.env ?? {};
      assert.deepEqual(
        Object.keys(env).filter((k) => !k.startsWith("NEXT_PUBLIC_") && !k.startsWith("_sentry")),
        [],
      );
      assert.equal(JSON.stringify(nextConfig).includes(secret), false);
      assert.equal(env.NEXT_PUBLIC_SENTRY_DSN, process.env.NEXT_PUBLIC_SENTRY_DSN ?? "");
    } finally {
      if (saved === undefined) delete process.env.SENTRY_AUTH_TOKEN;
      else process.env.SENTRY_AUTH_TOKEN = saved;
    }
  });
});
