import assert from "node:assert/strict";
import { test } from "node:test";
import { auditFilterSchema } from "@/lib/audit/query";

test("the audit filters accept what the form sends", () => {
  assert.deepEqual(
    auditFilterSchema.parse({ action: "auth.", from: "2026-11-01", to: "2026-11-30", before: "9223372036854775807" }),
    {
      action: "auth.",
      from: "2026-11-01",
      to: "2026-11-30",
      before: "9223372036854775807",
    },
  );
  assert.deepEqual(auditFilterSchema.parse({ action: "", before: "" }), { action: undefined, before: undefined });
});

test("a page cursor past PostgreSQL's bigint and days that do not exist are refused, not queried", () => {
  for (const filter of [
    { before: "9223372036854775808" },
    { before: "9".repeat(40) },
    { before: "-1" },
    { before: "%" },
    { before: "1e3" },
    { from: "2026-02-30" },
    { from: "0000-01-01" },
    { to: "2026-13-01" },
    { target: "a\u0000b" },
    { actor: "\ud800" },
  ]) {
    assert.equal(auditFilterSchema.safeParse(filter).success, false, JSON.stringify(filter));
  }
});
