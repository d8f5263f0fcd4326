import assert from "node:assert/strict";
import { test } from "node:test";
import { DatabaseUnavailablePageError, readForPage, unavailableDependency } from "@/lib/db/unavailable";

test("a page read that cannot reach PostgreSQL becomes the error whose digest names it", async () => {
  const unreachable = Object.assign(new Error("Can't reach database server"), { code: "P1001" });
  const thrown = await readForPage(() => Promise.reject(new Error("wrapped", { cause: unreachable }))).catch(
    (e: unknown) => e,
  );
  assert.ok(thrown instanceof DatabaseUnavailablePageError);
  assert.equal(unavailableDependency(thrown.digest), "postgres");
});

test("any other error passes through untouched, and names no dependency", async () => {
  const bug = new TypeError("undefined is not a function");
  assert.equal(await readForPage(() => Promise.reject(bug)).catch((e: unknown) => e), bug);
  assert.equal(await readForPage(() => Promise.resolve(42)), 42);
  assert.equal(unavailableDependency(undefined), null);
  assert.equal(unavailableDependency("1234567"), null);
});
