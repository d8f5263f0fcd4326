import assert from "node:assert/strict";
import { test } from "node:test";
import { parseExportQuery, parseHistoryQuery } from "@/lib/checklists/history-filter";

const clock = { now: new Date("2026-11-30T12:00:00Z"), timeZone: "America/Sao_Paulo" };

test("query parameters named like Object's own methods are just unknown parameters", () => {
  for (const name of ["toString", "constructor", "__proto__", "hasOwnProperty", "valueOf"]) {
    const params = new URLSearchParams([
      [name, "x"],
      ["from", "2026-11-01"],
      ["to", "2026-11-30"],
    ]);
    assert.deepEqual(
      parseHistoryQuery(params, clock),
      { checklist: null, person: null, from: "2026-11-01", to: "2026-11-30" },
      name,
    );
    assert.equal(parseExportQuery(new URLSearchParams([...params, ["kind", "runs"]]), clock).kind, "runs", name);
  }
});
