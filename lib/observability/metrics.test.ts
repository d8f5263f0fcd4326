import assert from "node:assert/strict";
import { test } from "node:test";
import { routeLabel } from "@/lib/observability/metrics";

test("route labels keep cardinality low", () => {
  assert.equal(routeLabel("/api/health/ready?x=1"), "/api/health/ready");
  assert.equal(routeLabel("/_next/static/chunks/abc.js"), "/_next");
  assert.equal(routeLabel("/admin/queues/api/queues?activeQueue=payments"), "/admin/queues/api");
  assert.equal(routeLabel("/admin/queues/queue/payments"), "/admin/queues");
  assert.equal(routeLabel("/incidents/42/timeline"), "/incidents/:id/timeline");
  assert.equal(routeLabel("/incidents/3f2b8c1e-1111-4a2b-9c3d-123456789abc"), "/incidents/:id");
  assert.equal(routeLabel("/a/b/c/d/e"), "/a/b/c");
  assert.equal(routeLabel("/"), "/");
});
