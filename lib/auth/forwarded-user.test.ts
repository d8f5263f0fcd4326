import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeForwardedUser, encodeForwardedUser } from "@/lib/auth/forwarded-user";

const user = {
  id: "3f2b8c1e-1111-4a2b-9c3d-123456789abc",
  email: "ana@exemplo.com.br",
  name: "Ana Souza",
  role: "operator" as const,
};

test("the user the gate forwards round-trips", () => {
  assert.deepEqual(decodeForwardedUser(encodeForwardedUser(user)), user);
});

test("a forged or altered header claims nobody", () => {
  const value = encodeForwardedUser(user);
  const [payload, signature] = value.split(".");
  const admin = Buffer.from(JSON.stringify([user.id, user.email, user.name, "admin"])).toString("base64url");
  assert.equal(decodeForwardedUser(`${admin}.${signature}`), null);
  assert.equal(decodeForwardedUser(`${payload}.${signature!.slice(0, -2)}xx`), null);
  assert.equal(decodeForwardedUser(payload), null);
  assert.equal(decodeForwardedUser("garbage"), null);
  assert.equal(decodeForwardedUser(""), null);
});
