import assert from "node:assert/strict";
import { test } from "node:test";
import { tickBodySchema } from "@/lib/checklists/validation";

const ok = { itemId: "dlq-tamanho", idempotencyKey: "0b7c6a52-5f0c-4a8e-8b8c-1e2f3a4b5c6d" };

test("defaults: a tick, no note, no evidence; a blank note is no note", () => {
  assert.deepEqual(tickBodySchema.parse(ok), { ...ok, action: "tick", note: null, evidence: null });
  assert.equal(tickBodySchema.parse({ ...ok, note: "   " }).note, null);
});

test("notes count characters, not UTF-16 units", () => {
  assert.equal(tickBodySchema.safeParse({ ...ok, note: "😀".repeat(2000) }).success, true);
  assert.equal(tickBodySchema.safeParse({ ...ok, note: "😀".repeat(2001) }).success, false);
  assert.equal(tickBodySchema.safeParse({ ...ok, note: "\uD800 lone surrogate" }).success, false);
});

test("evidence nested far past the limit is refused, not walked until the stack runs out", () => {
  const deep = JSON.parse(`{"a":${"[".repeat(20_000)}${"]".repeat(20_000)}}`);
  const result = tickBodySchema.safeParse({ ...ok, evidence: deep });
  assert.equal(result.success, false);
  assert.match(result.error!.issues[0]!.message, /aninhada demais/);
});

test("evidence: an object of JSON values within 16 KiB", () => {
  assert.equal(
    tickBodySchema.safeParse({
      ...ok,
      evidence: { queues: [{ name: "payments", waiting: 3, failed: null, ok: true }] },
    }).success,
    true,
  );
  for (const evidence of ["text", 3, [1], { f: () => 1 }, { big: "é".repeat(8200) }]) {
    assert.equal(tickBodySchema.safeParse({ ...ok, evidence }).success, false, JSON.stringify(evidence));
  }
});
