import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { requestJson, sendJson } from "./json";
import { newIdempotencyKey } from "./keys";
import { backoffMs, isRetryableStatus, MAX_RETRY_AFTER_SECONDS, parseRetryAfter } from "./retry";

test("408, 429 and every 5xx are retried; any other status is final", () => {
  for (const status of [408, 429, 500, 502, 503, 504, 599])
    assert.equal(isRetryableStatus(status), true, String(status));
  for (const status of [200, 201, 400, 401, 403, 404, 405, 409, 413, 415, 422, 431])
    assert.equal(isRetryableStatus(status), false, String(status));
});

test("Retry-After: delta-seconds and HTTP dates, capped; garbage, zero and past dates are ignored", () => {
  const now = Date.parse("2026-12-07T12:00:00Z");
  assert.equal(parseRetryAfter("2", now), 2);
  assert.equal(parseRetryAfter(" 30 ", now), 30);
  assert.equal(parseRetryAfter("Mon, 07 Dec 2026 12:00:10 GMT", now), 10);
  assert.equal(parseRetryAfter("Mon, 07 Dec 2026 12:00:09 GMT", now + 500), 9);
  assert.equal(parseRetryAfter("86400", now), MAX_RETRY_AFTER_SECONDS);
  assert.equal(parseRetryAfter("Tue, 08 Dec 2026 12:00:00 GMT", now), MAX_RETRY_AFTER_SECONDS);
  for (const bad of [null, undefined, "", "0", "-5", "1.5", "soon", "2027", "Mon, 07 Dec 2026 11:59:00 GMT"]) {
    assert.equal(parseRetryAfter(bad, now), bad === "2027" ? 300 : null, String(bad));
  }
});

test("retries back off from 1 s to 15 s, and honour a longer Retry-After", () => {
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6, 20].map((n) => backoffMs(n, null)),
    [1000, 2000, 4000, 8000, 15_000, 15_000, 15_000],
  );
  assert.equal(backoffMs(1, 2), 2000);
  assert.equal(backoffMs(4, 2), 8000);
  assert.equal(backoffMs(1, 120), 120_000);
});

test("idempotency keys are distinct v4 UUIDs (what the checklist API accepts as a note id too)", () => {
  const keys = new Set(Array.from({ length: 1000 }, newIdempotencyKey));
  assert.equal(keys.size, 1000);
  for (const key of keys) assert.match(key, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

// The JSON client against a scripted fetch: what it retries, how long it waits, what it shows.
const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
});

function script(answers: Array<Response | Error>): { calls: Array<{ at: number; body: unknown }> } {
  const calls: Array<{ at: number; body: unknown }> = [];
  globalThis.fetch = (async (_url: string, init?: RequestInit) => {
    calls.push({ at: Date.now(), body: init?.body ? JSON.parse(String(init.body)) : undefined });
    const next = answers.shift();
    if (!next) throw new Error("no more answers");
    if (next instanceof Error) throw next;
    return next;
  }) as typeof fetch;
  return { calls };
}
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

test("a refusal (4xx) is answered at once with the server's message, never retried", async () => {
  for (const status of [400, 401, 403, 404, 409]) {
    const { calls } = script([json(status, { error: `recusado ${status}` })]);
    const result = await sendJson("POST", "/x", { idempotencyKey: "k" });
    assert.deepEqual(
      [result.ok, result.retryable, result.status, result.message, calls.length],
      [false, false, status, `recusado ${status}`, 1],
    );
  }
  script([new Response("<html>", { status: 418 })]);
  assert.equal((await requestJson("GET", "/x")).message, "HTTP 418");
});

test("429 with Retry-After, 408, 503 and a network error are retried with the same body until it is saved", async () => {
  const { calls } = script([
    json(429, { error: "devagar" }, { "retry-after": "1" }),
    json(408, { error: "tempo" }),
    new TypeError("fetch failed"),
    json(503, { error: "banco fora" }),
    json(201, { id: "i1" }),
  ]);
  const retries: number[] = [];
  const result = await sendJson<{ id: string }>(
    "POST",
    "/x",
    { idempotencyKey: "same" },
    { attempts: 5, onRetry: (r) => retries.push(r.status ?? 0), pauseMs: () => 1 },
  );
  assert.equal(result.ok, true);
  assert.deepEqual(result.data, { id: "i1" });
  assert.deepEqual(retries, [429, 408, 0, 503]);
  assert.equal(calls.length, 5);
  assert.ok(calls.every((c) => (c.body as { idempotencyKey: string }).idempotencyKey === "same"));
});

test("a Retry-After longer than the backoff is waited for; the last failure is returned after the attempts", async () => {
  const { calls } = script([
    json(503, { error: "banco fora" }, { "retry-after": "2" }),
    json(503, { error: "ainda fora" }, { "retry-after": "2" }),
  ]);
  const result = await sendJson("POST", "/x", {}, { attempts: 2 });
  assert.deepEqual(
    [result.ok, result.retryable, result.status, result.retryAfterSeconds, result.message],
    [false, true, 503, 2, "ainda fora"],
  );
  assert.equal(calls.length, 2);
  assert.ok(calls[1]!.at - calls[0]!.at >= 1950, `waited ${calls[1]!.at - calls[0]!.at} ms`);
});
