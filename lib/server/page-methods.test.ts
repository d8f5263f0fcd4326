import assert from "node:assert/strict";
import { test } from "node:test";
import { acceptsOnlyPageMethods } from "@/lib/server/page-methods";

test("pages and GET route handlers take only GET and HEAD; the API, Bull Board and Next's own paths pass", () => {
  for (const path of [
    "/",
    "/login",
    "/runbooks/03-alerta-job-na-dlq",
    "/incidents/x",
    "/locale/en",
    "/admin/users",
    "/admin/queuesx",
    "/apix",
  ]) {
    assert.equal(acceptsOnlyPageMethods(path), true, path);
  }
  for (const path of [
    "/api/auth/sign-in/email",
    "/api/checklists/runs/x/ticks",
    "/admin/queues",
    "/admin/queues/api/queues/payments/pause",
    "/_next/static/x.js",
    "/__nextjs_original-stack-frames",
  ]) {
    assert.equal(acceptsOnlyPageMethods(path), false, path);
  }
});
