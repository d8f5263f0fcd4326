import assert from "node:assert/strict";
import { test } from "node:test";
import { isStorableDay } from "@/lib/db/dates";

test("real days from year 1 to 9999 are days", () => {
  for (const day of ["2026-11-30", "2024-02-29", "0001-01-01", "9999-12-31"])
    assert.equal(isStorableDay(day), true, day);
});

test("days that do not exist, or that PostgreSQL cannot hold, are not", () => {
  for (const day of [
    "0000-01-01",
    "2026-02-30",
    "2025-02-29",
    "2026-13-01",
    "2026-1-1",
    "+275760-09-13",
    "2026-11-30%",
    "",
    "<script>",
  ]) {
    assert.equal(isStorableDay(day), false, day);
  }
});
