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
  assert.equal(
    zonedTimeToUtc({ year: 2026, month: 10, day: 31 }, 10, 0, "America/New_York").toISOString(),
    "2026-10-31T14:00:00.000Z",
  );
  assert.equal(
    zonedTimeToUtc({ year: 2026, month: 11, day: 2 }, 10, 0, "America/New_York").toISOString(),
    "2026-11-02T15:00:00.000Z",
  );
  assert.equal(
    zonedTimeToUtc({ year: 2026, month: 11, day: 25 }, 10, 0, "America/Sao_Paulo").toISOString(),
    "2026-11-25T13:00:00.000Z",
  );
});

test("period keys map back to their days", async () => {
  const { periodFromKey, formatLocalDate } = await import("@/lib/checklists/periods");
  const days = (cadence: Parameters<typeof periodFromKey>[0], key: string) => {
    const p = periodFromKey(cadence, key);
    return p && [formatLocalDate(p.start), formatLocalDate(p.end)];
  };
  assert.deepEqual(days("daily", "2026-11-25"), ["2026-11-25", "2026-11-25"]);
  assert.deepEqual(days("weekly", "2026-W48"), ["2026-11-23", "2026-11-29"]);
  assert.deepEqual(days("weekly", "2026-W53"), ["2026-12-28", "2027-01-03"]);
  assert.deepEqual(days("weekly", "2025-W01"), ["2024-12-30", "2025-01-05"]);
  assert.deepEqual(days("monthly", "2028-02"), ["2028-02-01", "2028-02-29"]);
  assert.deepEqual(days("quarterly", "2026-Q4"), ["2026-10-01", "2026-12-31"]);
  for (const [cadence, bad] of [
    ["daily", "2026-02-30"],
    ["weekly", "2027-W53"],
    ["weekly", "2026-W00"],
    ["monthly", "2026-13"],
    ["quarterly", "2026-Q5"],
    ["daily", "2026-W48"],
  ] as const) {
    assert.equal(periodFromKey(cadence, bad), null, `${cadence} ${bad}`);
  }
});

test("every key a cadence produces over four years maps back to the day it came from", async () => {
  const { periodFromKey, periodKeyOfDate, addDays, compareLocalDates } = await import("@/lib/checklists/periods");
  for (const cadence of ["daily", "weekly", "monthly", "quarterly"] as const) {
    for (let i = 0, d = { year: 2024, month: 1, day: 1 }; i < 1461; i++, d = addDays(d, 1)) {
      const p = periodFromKey(cadence, periodKeyOfDate(cadence, d))!;
      assert.ok(
        compareLocalDates(p.start, d) <= 0 && compareLocalDates(d, p.end) <= 0,
        `${cadence} ${JSON.stringify(d)}`,
      );
    }
  }
});

test("periods overlapping a range, at both ends", async () => {
  const { periodsOverlapping } = await import("@/lib/checklists/periods");
  const keys = (cadence: "daily" | "weekly" | "monthly" | "quarterly", from: string, to: string) => {
    const d = (s: string) => ({
      year: Number(s.slice(0, 4)),
      month: Number(s.slice(5, 7)),
      day: Number(s.slice(8, 10)),
    });
    return periodsOverlapping(cadence, d(from), d(to)).map((p) => p.key);
  };
  assert.deepEqual(keys("daily", "2026-02-27", "2026-03-02"), ["2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"]);
  assert.deepEqual(keys("weekly", "2026-11-25", "2026-12-07"), ["2026-W48", "2026-W49", "2026-W50"]);
  assert.deepEqual(keys("monthly", "2026-11-30", "2027-01-01"), ["2026-11", "2026-12", "2027-01"]);
  assert.deepEqual(keys("quarterly", "2026-12-31", "2026-12-31"), ["2026-Q4"]);
  assert.deepEqual(keys("daily", "2026-12-02", "2026-12-01"), []);
});

test("deadlines fall on the period's last day, in local time", async () => {
  const { periodFromKey, periodDeadline, formatLocalDateTime } = await import("@/lib/checklists/periods");
  assert.equal(
    periodDeadline(periodFromKey("daily", "2026-11-25")!, "10:00", "America/Sao_Paulo").toISOString(),
    "2026-11-25T13:00:00.000Z",
  );
  assert.equal(
    periodDeadline(periodFromKey("monthly", "2026-11")!, "18:30", "America/Sao_Paulo").toISOString(),
    "2026-11-30T21:30:00.000Z",
  );
  assert.equal(formatLocalDateTime(new Date("2026-11-26T01:30:05Z"), "America/Sao_Paulo"), "2026-11-25 22:30:05");
});
