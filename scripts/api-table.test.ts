import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { apiTable, END, README, START, withTable } from "./api-table";

/** The README's table section (compared alone: a diff over the whole README is slow to compute). */
const section = (readme: string) => readme.slice(readme.indexOf(START), readme.indexOf(END) + END.length);

test("the README's API table is the one the route contracts generate (npm run docs:api)", () => {
  const readme = readFileSync(README, "utf8");
  assert.ok(readme.includes(START) && readme.includes(END), "README.md lost its API table markers");
  assert.equal(
    section(readme),
    section(withTable(readme, apiTable())),
    "README.md's API table differs from lib/http/contracts.ts: run npm run docs:api",
  );
});

test("the table has a row per contract, with the body's fields and who may call", () => {
  const table = apiTable();
  assert.match(
    table,
    /\| `POST \/api\/checklists\/runs\/:runId\/ticks` \| operator \| `\{ itemId, action\?: "tick"\\\|"untick", note\?, evidence\?, idempotencyKey \}`/,
  );
  assert.match(table, /\| `GET \/api\/incidents\/:id\/timeline\?before&limit` \| read \|/);
  assert.match(table, /\| `PUT \/api\/admin\/users\/:id\/role` \| admin \|/);
});
