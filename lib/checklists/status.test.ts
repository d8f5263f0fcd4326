import assert from "node:assert/strict";
import { test } from "node:test";
import { isComplete, isLate, runStatus } from "@/lib/checklists/status";

test("complete: every required item ticked, optional ones never needed, an untouched run never complete", () => {
  assert.equal(isComplete(["a", "b"], new Set(["a", "b"])), true);
  assert.equal(isComplete(["a", "b"], new Set(["a", "opt"])), false);
  assert.equal(isComplete([], new Set()), false);
  assert.equal(isComplete([], new Set(["opt"])), true);
});

test("late only after the deadline, and never without one", () => {
  const deadline = new Date("2026-11-25T13:00:00Z");
  assert.equal(isLate(new Date("2026-11-25T13:00:00Z"), deadline), false);
  assert.equal(isLate(new Date("2026-11-25T13:00:00.001Z"), deadline), true);
  assert.equal(isLate(new Date("2026-11-25T23:00:00Z"), null), false);
  assert.equal(isLate(null, deadline), false);
});

test("status of a run", () => {
  const deadlineAt = new Date("2026-11-25T13:00:00Z");
  const base = { deadlineAt, tickedCount: 0, current: false, completedAt: null };
  assert.equal(runStatus(base), "missed");
  assert.equal(runStatus({ ...base, current: true }), "pending");
  assert.equal(runStatus({ ...base, tickedCount: 2 }), "partial");
  assert.equal(runStatus({ ...base, tickedCount: 3, completedAt: new Date("2026-11-25T12:00:00Z") }), "done");
  assert.equal(runStatus({ ...base, tickedCount: 3, completedAt: new Date("2026-11-25T14:00:00Z") }), "late");
});
