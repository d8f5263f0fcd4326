import assert from "node:assert/strict";
import { test } from "node:test";
import { databaseRoute, isDatabaseUnavailable } from "@/lib/http/database-route";
import { BadRequestError } from "@/lib/http/errors";

test("an unreachable database is a 503 with Retry-After: the client keeps the tick and retries", async () => {
  const unreachable = Object.assign(new Error("Can't reach database server"), { code: "P1001", meta: { driverAdapterError: { cause: { kind: "DatabaseNotReachable" } } } });
  assert.equal(isDatabaseUnavailable(unreachable), true);
  const response = await databaseRoute(async () => {
    throw unreachable;
  })();
  assert.equal(response.status, 503);
  assert.equal(response.headers.get("retry-after"), "2");
});

test("other errors keep their mapping", async () => {
  const response = await databaseRoute(async () => {
    throw new BadRequestError("não");
  })();
  assert.equal(response.status, 400);
  assert.equal(isDatabaseUnavailable(new Error("x")), false);
});

test("an unreachable database is recognised through wrappers (better-auth wraps the adapter's error as cause)", () => {
  const adapterError = Object.assign(new Error("connect ECONNREFUSED"), { meta: { driverAdapterError: { cause: { kind: "DatabaseNotReachable" } } } });
  const wrapped = new Error("Failed to get session", { cause: adapterError });
  assert.equal(isDatabaseUnavailable(wrapped), true);
  assert.equal(isDatabaseUnavailable(new Error("Failed to get session", { cause: new Error("bug") })), false);
});
