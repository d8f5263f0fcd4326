import assert from "node:assert/strict";
import { test } from "node:test";
import { isoWeek, periodKey, zonedTimeToUtc } from "@/lib/checklists/periods";

test("the daily period is the local date, not the UTC date", () => {
  // 01:30 UTC on the 26th is still the evening of the 25th in São Paulo (UTC-3).
  const instant = new Date("2026-11-26T01:30:00Z");
  assert.equal(periodKey("daily", instant, "America/Sao_Paulo"), "2026-11-25");
  assert.equal(periodKey("daily", instant, "UTC"), "2026-11-26");
});

test("weekly, monthly and quarterly keys", () => {
  const instant = new Date("2026-11-25T12:00:00Z");
  assert.equal(periodKey("weekly", instant, "America/Sao_Paulo"), "2026-W48");
  assert.equal(periodKey("monthly", instant, "America/Sao_Paulo"), "2026-11");
  assert.equal(periodKey("quarterly", instant, "America/Sao_Paulo"), "2026-Q4");
});

test("ISO weeks at year boundaries", () => {
  assert.deepEqual(isoWeek({ year: 2026, month: 12, day: 31 }), { year: 2026, week: 53 });
  assert.deepEqual(isoWeek({ year: 2027, month: 1, day: 3 }), { year: 2026, week: 53 });
  assert.deepEqual(isoWeek({ year: 2027, month: 1, day: 4 }), { year: 2027, week: 1 });
  assert.deepEqual(isoWeek({ year: 2024, month: 12, day: 30 }), { year: 2025, week: 1 });
});

test("the local year turns before the UTC year does", () => {
  const instant = new Date("2027-01-01T02:00:00Z"); // still 31 Dec 2026 in São Paulo
  assert.equal(periodKey("quarterly", instant, "America/Sao_Paulo"), "2026-Q4");
  assert.equal(periodKey("quarterly", instant, "UTC"), "2027-Q1");
});

test("wall-clock deadlines across a daylight-saving change", () => {
  // New York: EDT (UTC-4) until 1 Nov 2026, EST (UTC-5) after.
  assert.equal(zonedTimeToUtc({ year: 2026, month: 10, day: 31 }, 10, 0, "America/New_York").toISOString(), "2026-10-31T14:00:00.000Z");
  assert.equal(zonedTimeToUtc({ year: 2026, month: 11, day: 2 }, 10, 0, "America/New_York").toISOString(), "2026-11-02T15:00:00.000Z");
  assert.equal(zonedTimeToUtc({ year: 2026, month: 11, day: 25 }, 10, 0, "America/Sao_Paulo").toISOString(), "2026-11-25T13:00:00.000Z");
});
