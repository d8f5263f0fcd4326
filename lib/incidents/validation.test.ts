import assert from "node:assert/strict";
import { test } from "node:test";
import {
  jobActionBodySchema,
  listQuerySchema,
  noteBodySchema,
  openBodySchema,
  statusBodySchema,
} from "@/lib/incidents/validation";

const key = "0b7c6a52-5f0c-4a8e-8b8c-1e2f3a4b5c6d";

test("text PostgreSQL cannot store (NUL, a lone surrogate) is a 400, in every field people type", () => {
  for (const bad of ["nota \u0000 com NUL", "metade \uD800 de um emoji"]) {
    assert.equal(noteBodySchema.safeParse({ body: bad, idempotencyKey: key }).success, false);
    assert.equal(
      openBodySchema.safeParse({ runbookSlug: "03-alerta-job-na-dlq", title: bad, idempotencyKey: key }).success,
      false,
    );
    assert.equal(statusBodySchema.safeParse({ to: "acknowledged", note: bad, idempotencyKey: key }).success, false);
    assert.equal(
      jobActionBodySchema.safeParse({
        action: "retry",
        queue: "payments",
        jobId: "1",
        reason: bad,
        idempotencyKey: key,
      }).success,
      false,
    );
    assert.equal(noteBodySchema.safeParse({ body: "ok", idempotencyKey: `${key}${bad}` }).success, false);
  }
  // A list filter is dropped, not an error (the list page keeps working).
  assert.equal(listQuerySchema.parse({ runbook: "a\u0000b" }).runbook, undefined);
  // So is a day PostgreSQL cannot hold (there is no year 0) or that does not exist.
  const days = listQuerySchema.parse({ from: "0000-01-01", to: "2026-02-30" });
  assert.equal(days.from, undefined);
  assert.equal(days.to, undefined);
});

test("markup and emoji are just text", () => {
  assert.equal(
    noteBodySchema.parse({ body: "<script>alert(1)</script> 😀", idempotencyKey: key }).body,
    "<script>alert(1)</script> 😀",
  );
});

test("resolving needs a reason of 1..500 characters; other transitions do not", () => {
  const issue = (body: unknown) => statusBodySchema.safeParse(body).error?.issues[0];
  assert.deepEqual(issue({ to: "resolved", idempotencyKey: key })?.path, ["note"]);
  assert.match(issue({ to: "resolved", note: "   ", idempotencyKey: key })?.message ?? "", /motivo obrigatório/);
  assert.match(issue({ to: "resolved", note: "x".repeat(501), idempotencyKey: key })?.message ?? "", /no máximo 500/);
  assert.equal(
    statusBodySchema.safeParse({ to: "resolved", note: "x".repeat(500), idempotencyKey: key }).success,
    true,
  );
  assert.equal(statusBodySchema.safeParse({ to: "acknowledged", idempotencyKey: key }).success, true);
});
