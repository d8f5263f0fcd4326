import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig } from "../config";
import { RunbookLibrary, reviewDueDate, reviewOverdue } from "./library";

const FIXTURES = join(import.meta.dirname, "../../tests/fixtures/runbooks");
const QUEUES = parseConfig({}).queues;
let dir = "";

before(() => {
  dir = mkdtempSync(join(tmpdir(), "runbooks-library-"));
  cpSync(join(FIXTURES, "good"), dir, { recursive: true });
  cpSync(join(FIXTURES, "broken/bad-front-matter.md"), join(dir, "bad-front-matter.md"));
  writeFileSync(join(dir, "README.md"), "# Sobre esta pasta\n");
  writeFileSync(join(dir, "_rascunho.md"), "rascunho\n");
});

after(() => rmSync(dir, { recursive: true, force: true }));

function library() {
  return new RunbookLibrary({ dir, queues: QUEUES, checkIntervalMs: 0 });
}

test("lists valid runbooks by slug and keeps invalid ones apart", async () => {
  const lib = library();
  assert.deepEqual(
    (await lib.list()).map((r) => r.slug),
    ["01-checklist-ok", "02-alerta-ok"],
  );
  assert.deepEqual(
    (await lib.invalid()).map((r) => r.slug),
    ["bad-front-matter"],
  );
  const invalid = await lib.getRunbook("bad-front-matter");
  assert.equal(invalid?.meta, null);
  assert.ok(invalid?.problems.length);
  assert.equal(await lib.getRunbook("README"), undefined);
  assert.equal(await lib.getRunbook("../etc/passwd"), undefined);
});

test("search ignores case and accents and ranks title matches first", async () => {
  const lib = library();
  const slugs = async (query: string) => (await lib.search({ query })).map((hit) => hit.runbook.slug);
  assert.deepEqual(await slugs("manutencao"), ["01-checklist-ok"], "tag manutenção");
  assert.deepEqual(await slugs("MONITORAMENTO diario"), ["01-checklist-ok"]);
  assert.deepEqual(await slugs("decisao reprocessar"), ["02-alerta-ok"], "text");
  assert.deepEqual(await slugs("dlq"), ["02-alerta-ok", "01-checklist-ok"], "title beats text");
  assert.deepEqual(await slugs("nada-disso"), []);
  assert.deepEqual(await slugs(""), ["01-checklist-ok", "02-alerta-ok"]);
  const [hit] = await lib.search({ query: "reprocesse" });
  assert.match(hit?.snippet ?? "", /reprocesse pelo painel/);
});

test("filters by kind, severity and tag", async () => {
  const lib = library();
  const slugs = async (filter: Parameters<RunbookLibrary["search"]>[0]) =>
    (await lib.search(filter)).map((hit) => hit.runbook.slug);
  assert.deepEqual(await slugs({ kind: "checklist" }), ["01-checklist-ok"]);
  assert.deepEqual(await slugs({ kind: "alert", severity: "P2" }), ["02-alerta-ok"]);
  assert.deepEqual(await slugs({ severity: "P1" }), []);
  assert.deepEqual(await slugs({ tag: "Manutencao" }), ["01-checklist-ok"]);
  assert.deepEqual(await slugs({ tag: "filas", query: "job critico" }), ["02-alerta-ok"]);
  assert.deepEqual(await lib.tags(), ["dlq", "filas", "manutenção", "monitoramento", "payments"]);
});

test("files are re-parsed only when they change; deleted files disappear", async () => {
  const lib = library();
  const first = await lib.getRunbook("02-alerta-ok");
  assert.equal(await lib.getRunbook("02-alerta-ok"), first, "unchanged file: same parsed object");
  const rendered = await lib.render("02-alerta-ok");
  assert.equal((await lib.render("02-alerta-ok"))?.rendered, rendered?.rendered, "render cached per version");

  const path = join(dir, "02-alerta-ok.md");
  writeFileSync(path, readFileSync(path, "utf8").replace("## Decisão", "## Decisão final"));
  const future = new Date(Date.now() + 60_000);
  utimesSync(path, future, future);
  const changed = await lib.getRunbook("02-alerta-ok");
  assert.notEqual(changed?.version, first?.version);
  assert.ok(changed?.headings.some((h) => h.id === "decisão-final"));
  assert.ok((await lib.render("02-alerta-ok"))?.rendered.toc.some((h) => h.id === "decisão-final"));

  unlinkSync(join(dir, "bad-front-matter.md"));
  assert.equal(await lib.getRunbook("bad-front-matter"), undefined);
});

test("a missing folder is an empty library, not an error", async () => {
  const lib = new RunbookLibrary({ dir: join(dir, "nao-existe"), queues: QUEUES });
  assert.deepEqual(await lib.list(), []);
});

test("review is overdue the day after last + interval (month ends clamp)", () => {
  const quarterly = { review: { every: "quarterly" as const, last: "2026-01-15" } };
  assert.equal(reviewDueDate(quarterly.review), "2026-04-15");
  assert.equal(reviewOverdue(quarterly, "2026-04-15"), false);
  assert.equal(reviewOverdue(quarterly, "2026-04-16"), true);
  assert.equal(reviewDueDate({ every: "quarterly", last: "2026-11-30" }), "2027-02-28");
  assert.equal(reviewDueDate({ every: "monthly", last: "2028-01-31" }), "2028-02-29");
  assert.equal(reviewDueDate({ every: "semiannual", last: "2026-08-31" }), "2027-02-28");
  assert.equal(reviewDueDate({ every: "yearly", last: "2028-02-29" }), "2029-02-28");
  // 2026-04-16 01:00 UTC is still 2026-04-15 in São Paulo (UTC-3).
  assert.equal(reviewOverdue(quarterly, new Date("2026-04-16T01:00:00Z"), "America/Sao_Paulo"), false);
  assert.equal(reviewOverdue(quarterly, new Date("2026-04-16T01:00:00Z"), "UTC"), true);
});
