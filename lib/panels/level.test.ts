import { test } from "node:test";
import assert from "node:assert/strict";
import { limitLevel } from "./level";

test("past critical is critical, past warn is warn, at a threshold is not past it", () => {
  const limits = { warn: 50, critical: 100 };
  assert.equal(limitLevel(50, limits), "ok");
  assert.equal(limitLevel(51, limits), "warn");
  assert.equal(limitLevel(100, limits), "warn");
  assert.equal(limitLevel(101, limits), "critical");
  assert.equal(limitLevel(1, { critical: 0 }), "critical", "the DLQ limit: any job");
  assert.equal(limitLevel(1_000, {}), "ok", "no limits, no colour");
});
