import assert from "node:assert/strict";
import { test } from "node:test";
import { utcTitle, zoneOffset } from "@/lib/i18n/format";

test("a zone's offset is written with a real minus sign, and UTC titles are second-precise", () => {
  const at = new Date("2026-11-26T17:03:22.123Z");
  assert.equal(zoneOffset("America/Sao_Paulo", at), "\u221203:00");
  assert.equal(zoneOffset("Asia/Kolkata", at), "+05:30");
  assert.equal(zoneOffset("UTC", at), "+00:00");
  assert.equal(utcTitle(at.toISOString()), "2026-11-26 17:03:22 UTC");
  assert.equal(utcTitle("not a date"), "");
});
