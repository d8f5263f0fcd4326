import assert from "node:assert/strict";
import { test } from "node:test";
import { PanelCache } from "./cache";
import { formatClock, formatDateTime, formatDay, fill } from "@/lib/i18n/format";
import { PanelTimeoutError, within, withTimeout } from "./timeout";

test("panel cache: shares in-flight loads and reuses a result for the TTL only", async () => {
  let now = 0;
  const cache = new PanelCache(1000, 10, () => now);
  let calls = 0;
  const load = async () => {
    calls += 1;
    await new Promise((r) => setTimeout(r, 5));
    return calls;
  };
  const [a, b] = await Promise.all([cache.get("k", load), cache.get("k", load)]);
  assert.deepEqual([a, b, calls], [1, 1, 1]);
  now = 999;
  assert.equal(await cache.get("k", load), 1);
  now = 1000;
  assert.equal(await cache.get("k", load), 2);
  assert.equal(await cache.get("other", load), 3);
});

test("panel cache: a failed load is not remembered", async () => {
  const cache = new PanelCache();
  await assert.rejects(cache.get("k", () => Promise.reject(new Error("boom"))));
  assert.equal(await cache.get("k", () => Promise.resolve("ok")), "ok");
});

test("panel cache: stays bounded", async () => {
  const cache = new PanelCache(60_000, 3);
  for (let i = 0; i < 10; i++) await cache.get(`k${i}`, () => Promise.resolve(i));
  let reloaded = false;
  await cache.get("k0", () => {
    reloaded = true;
    return Promise.resolve(0);
  });
  assert.ok(reloaded, "the oldest entries were dropped");
});

test("time limits: withTimeout rejects, within falls back, neither waits for the work", async () => {
  const never = new Promise<string>(() => undefined);
  const started = performance.now();
  await assert.rejects(
    withTimeout(never, 30),
    (error: unknown) => error instanceof PanelTimeoutError && error.ms === 30,
  );
  assert.equal(await within(never, 30, "loading"), "loading");
  assert.ok(performance.now() - started < 500);
  assert.equal(await within(Promise.resolve("data"), 1000, "loading"), "data");
  // A rejection after the timeout is not an unhandled rejection.
  await assert.rejects(withTimeout(new Promise((_, reject) => setTimeout(() => reject(new Error("late")), 20)), 5));
  await new Promise((r) => setTimeout(r, 40));
});

test("formatting is the same on the server and in the browser: explicit time zone, fixed layout", () => {
  const iso = "2026-11-26T17:03:09.000Z";
  assert.equal(formatClock(iso, "America/Sao_Paulo"), "14:03:09");
  assert.equal(formatDateTime(iso, "America/Sao_Paulo", "pt-BR"), "26/11/2026 14:03:09");
  assert.equal(formatDateTime(iso, "UTC", "en"), "2026-11-26 17:03:09");
  assert.equal(formatClock("nonsense", "UTC"), "—");
  assert.equal(formatDay("2027-02-26", "pt-BR"), "26/02/2027");
  assert.equal(fill("{n} de {total} ({missing})", { n: 1, total: "5.000" }), "1 de 5.000 ({missing})");
});
