import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeFallback, encodeFallback, fallbackIsCurrent } from "@/lib/auth/session-fallback";

const user = {
  id: "3f2b8c1e-1111-4a2b-9c3d-123456789abc",
  email: "ana@exemplo.com.br",
  name: "Ana Souza",
  role: "operator" as const,
};
const cookie = "session-token-value.signature";
const later = Date.now() + 3_600_000;

test("the fallback round-trips for the session cookie it was issued with", () => {
  const value = encodeFallback(cookie, { user, expiresAt: later });
  assert.deepEqual(decodeFallback(value, cookie), { user, expiresAt: later });
  assert.ok(!value.includes(cookie.split(".")[0]!), "the session token itself is not in the cookie");
});

test("it is worthless with another session cookie, without one, or once the session has expired", () => {
  const value = encodeFallback(cookie, { user, expiresAt: later });
  assert.equal(decodeFallback(value, "another-session.sig"), null);
  assert.equal(decodeFallback(value, null), null);
  assert.equal(decodeFallback(value, cookie, later + 1), null);
});

test("a forged or altered fallback claims nobody", () => {
  const value = encodeFallback(cookie, { user, expiresAt: later });
  const [payload, signature] = value.split(".");
  const raised = Buffer.from(
    JSON.stringify([
      1,
      JSON.parse(Buffer.from(payload!, "base64url").toString())[1],
      user.id,
      user.email,
      user.name,
      "admin",
      later,
    ]),
  ).toString("base64url");
  assert.equal(decodeFallback(`${raised}.${signature}`, cookie), null);
  assert.equal(decodeFallback(`${payload}.${signature!.slice(0, -2)}xx`, cookie), null);
  assert.equal(decodeFallback(payload, cookie), null);
  assert.equal(decodeFallback("garbage", cookie), null);
  assert.equal(decodeFallback("", cookie), null);
});

test("it is re-issued only when what it says changed", () => {
  const current = { user, expiresAt: later };
  assert.equal(fallbackIsCurrent(current, { user: { ...user }, expiresAt: later }), true);
  assert.equal(fallbackIsCurrent(current, { user: { ...user, role: "viewer" }, expiresAt: later }), false);
  assert.equal(fallbackIsCurrent(current, { user, expiresAt: later + 1000 }), false);
  assert.equal(fallbackIsCurrent(null, current), false);
});
