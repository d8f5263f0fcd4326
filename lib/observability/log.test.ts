import assert from "node:assert/strict";
import { test } from "node:test";
import { correlationIdFrom, currentCorrelationId, requestContext } from "@/lib/observability/log";

test("a plausible caller id is kept, anything else is replaced", () => {
  assert.equal(correlationIdFrom("abc-123"), "abc-123");
  assert.equal(correlationIdFrom(["first", "second"]), "first");
  for (const bad of [undefined, "", "<script>", "a".repeat(200), "id with spaces"]) {
    assert.match(correlationIdFrom(bad), /^[0-9a-f-]{36}$/);
  }
});

test("the correlation id follows the request across awaits", async () => {
  await requestContext.run({ correlationId: "req-1" }, async () => {
    await new Promise((r) => setTimeout(r, 5));
    assert.equal(currentCorrelationId(), "req-1");
  });
  assert.equal(currentCorrelationId(), undefined);
});
