import assert from "node:assert/strict";
import { test } from "node:test";
import { routeLabel, UNMATCHED_ROUTE } from "@/lib/observability/metrics";

test("route labels keep cardinality low", () => {
  assert.equal(routeLabel("/api/health/ready?x=1"), "/api/health/ready");
  assert.equal(routeLabel("/_next/static/chunks/abc.js"), "/_next");
  assert.equal(routeLabel("/admin/queues/api/queues?activeQueue=payments"), "/admin/queues/api");
  assert.equal(routeLabel("/admin/queues/queue/payments"), "/admin/queues");
  assert.equal(routeLabel("/api/auth/sign-in/email"), "/api/auth");
  assert.equal(routeLabel("/api/incidents/42/timeline"), "/api/incidents/:id/timeline");
  assert.equal(routeLabel("/incidents/3f2b8c1e-1111-4a2b-9c3d-123456789abc"), "/incidents/:id");
  assert.equal(routeLabel("/incidents/new"), "/incidents/new");
  assert.equal(routeLabel("/api/checklists/01-monitoramento-diario/current"), "/api/checklists/:slug/current");
  assert.equal(routeLabel("/"), "/");
});

test("a path that matches none of the portal's routes is one bucket, whatever it is", () => {
  for (const path of [
    "/a/b/c/d/e",
    "/wp-login.php",
    "/totally-random-1",
    "/totally-random-2",
    "/incidents/42/nope",
    "/api/incidents/x/y/z",
    "/admin/queuesX",
  ]) {
    assert.equal(routeLabel(path), UNMATCHED_ROUTE, path);
  }
});
