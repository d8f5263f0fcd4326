import assert from "node:assert/strict";
import { test } from "node:test";
import { isComplete, isLate, overdueMs, runStatus } from "@/lib/checklists/status";
import { formatElapsed } from "@/lib/i18n/duration";
import { translator } from "@/lib/i18n/messages";

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
  assert.equal(runStatus({ ...base, tickedCount: 2, current: true }), "open");
  assert.equal(runStatus({ ...base, tickedCount: 3, completedAt: new Date("2026-11-25T12:00:00Z") }), "done");
  assert.equal(runStatus({ ...base, tickedCount: 3, completedAt: new Date("2026-11-25T14:00:00Z") }), "late");
});

test("a closed period's unfinished run is named Parcial / Perdido, never 'Em andamento'", () => {
  const closed = { deadlineAt: new Date("2026-11-25T13:00:00Z"), completedAt: null, current: false };
  const pt = translator("pt-BR");
  const en = translator("en");
  assert.equal(pt(`checklist.status.${runStatus({ ...closed, tickedCount: 1 })}`), "Parcial");
  assert.equal(pt(`checklist.status.${runStatus({ ...closed, tickedCount: 0 })}`), "Perdido");
  assert.equal(pt(`checklist.status.${runStatus({ ...closed, tickedCount: 1, current: true })}`), "Em andamento");
  assert.equal(en(`checklist.status.${runStatus({ ...closed, tickedCount: 1 })}`), "Partial");
  assert.equal(en(`checklist.status.${runStatus({ ...closed, tickedCount: 0 })}`), "Missed");
  assert.equal(en(`checklist.status.${runStatus({ ...closed, tickedCount: 1, current: true })}`), "In progress");
});

test("overdue: only an unfinished run past its deadline, by how long", () => {
  const deadlineAt = "2026-11-25T13:00:00.000Z";
  const at = (iso: string) => new Date(iso).getTime();
  assert.equal(overdueMs({ deadlineAt, completedAt: null, now: at("2026-11-25T12:59:00Z") }), null);
  assert.equal(overdueMs({ deadlineAt, completedAt: null, now: at("2026-11-25T13:00:00Z") }), null);
  assert.equal(overdueMs({ deadlineAt, completedAt: null, now: at("2026-11-25T17:10:00Z") }), (4 * 60 + 10) * 60_000);
  assert.equal(
    overdueMs({ deadlineAt, completedAt: "2026-11-25T14:00:00.000Z", now: at("2026-11-25T17:00:00Z") }),
    null,
  );
  assert.equal(overdueMs({ deadlineAt: null, completedAt: null, now: at("2026-11-25T17:00:00Z") }), null);
});

test("elapsed time in the reader's language: 'Atrasado há 4 h' / 'Late by 4 hr'", () => {
  const minute = 60_000;
  const hour = 60 * minute;
  assert.equal(formatElapsed(4 * hour + 10 * minute, "pt-BR"), "4 h");
  assert.equal(formatElapsed(25 * minute, "pt-BR"), "25 min");
  assert.equal(formatElapsed(10_000, "pt-BR"), "1 min");
  assert.equal(formatElapsed(50 * hour, "pt-BR"), "2 dias");
  assert.equal(formatElapsed(4 * hour, "en"), "4 hr");
  assert.equal(formatElapsed(3 * 24 * hour, "en"), "3 days");
  assert.equal(
    translator("pt-BR")("checklist.overdue").replace("{duration}", formatElapsed(4 * hour, "pt-BR")),
    "Atrasado há 4 h",
  );
  assert.equal(
    translator("en")("checklist.overdue").replace("{duration}", formatElapsed(4 * hour, "en")),
    "Late by 4 hr",
  );
});
