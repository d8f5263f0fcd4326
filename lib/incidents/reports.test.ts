import assert from "node:assert/strict";
import { test } from "node:test";
import { BadRequestError } from "@/lib/http/errors";
import { parseRange } from "@/lib/incidents/reports";

const now = new Date("2026-11-30T12:00:00Z");
const range = (query: string) => parseRange(new URLSearchParams(query), now);

test("the default range is the 30 days up to today, or up to `to`", () => {
  assert.deepEqual(range(""), { from: "2026-11-01", to: "2026-11-30" });
  assert.deepEqual(range("to=2026-03-01"), { from: "2026-01-31", to: "2026-03-01" });
});

test("a `to` that is not a day is a 400, even when `from` has to be computed from it", () => {
  for (const query of [
    "to=2026-11-30%",
    "to=%3Cscript%3E",
    "to=2026-02-30",
    "to=9999-99-99",
    "from=2026-13-01",
    "from=2026-11-31&to=2026-12-01",
    "from=2026-12-02&to=2026-12-01",
    "from=0000-01-01&to=1970-01-01",
  ]) {
    assert.throws(() => range(query), BadRequestError, query);
  }
});
