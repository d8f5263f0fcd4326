import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseConfig } from "../config";
import { parseRunbook } from "./parse";

const FIXTURES = join(import.meta.dirname, "../../tests/fixtures/runbooks");
const QUEUES = parseConfig({}).queues; // payments, notifications, reports and their DLQs

function fixture(path: string): string {
  return readFileSync(join(FIXTURES, path), "utf8");
}

/** 1-based line of the first line containing `needle`, so assertions survive fixture edits. */
function lineContaining(source: string, needle: string): number {
  const index = source.split("\n").findIndex((line) => line.includes(needle));
  assert.notEqual(index, -1, `fixture has no line containing ${needle}`);
  return index + 1;
}

test("a good checklist parses into meta, items, panels and headings with file lines", () => {
  const source = fixture("good/01-checklist-ok.md");
  const parsed = parseRunbook(source, "tests/fixtures/runbooks/good/01-checklist-ok.md", { queues: QUEUES });

  assert.equal(parsed.slug, "01-checklist-ok");
  assert.equal(parsed.version, createHash("sha256").update(source).digest("hex"));
  assert.equal(parsed.meta?.kind, "checklist");
  assert.equal(parsed.meta?.cadence, "daily");
  assert.equal(parsed.meta?.deadline, "10:00");
  assert.deepEqual(parsed.problems, []);

  assert.deepEqual(
    parsed.items.map(({ id, text, optional, explicitId, line }) => ({ id, text, optional, explicitId, line })),
    [
      {
        id: "conferir-filas",
        text: "Conferir o painel de filas",
        optional: false,
        explicitId: true,
        line: lineContaining(source, "{#conferir-filas}"),
      },
      {
        id: "conferir-dlq",
        text: "Conferir a DLQ de payments",
        optional: true,
        explicitId: true,
        line: lineContaining(source, "{#conferir-dlq optional}"),
      },
      {
        id: "revisar-erros-críticos-no-sentry",
        text: "Revisar erros críticos no Sentry",
        optional: false,
        explicitId: false,
        line: lineContaining(source, "Revisar erros críticos"),
      },
      {
        id: "sub-item",
        text: "Sub-item aninhado",
        optional: false,
        explicitId: true,
        line: lineContaining(source, "{#sub-item}"),
      },
    ],
  );

  assert.deepEqual(parsed.panels, [
    { type: "queues", args: {}, line: lineContaining(source, "::queues") },
    { type: "failed-jobs", args: { queue: "payments", limit: 10 }, line: lineContaining(source, "::failed-jobs") },
    { type: "dlq", args: { queue: "payments" }, line: lineContaining(source, "::dlq") },
    {
      type: "sentry-issues",
      args: { query: "is:unresolved level:fatal", limit: 5 },
      line: lineContaining(source, "::sentry-issues"),
    },
    {
      type: "sentry-performance",
      args: { threshold: 750, transaction: "/api/payments" },
      line: lineContaining(source, "::sentry-performance"),
    },
    { type: "health", args: {}, line: lineContaining(source, "::health") },
  ]);

  assert.deepEqual(parsed.headings, [
    {
      depth: 1,
      text: "Monitoramento diário",
      id: "monitoramento-diário",
      line: lineContaining(source, "# Monitoramento diário"),
    },
    { depth: 2, text: "Itens", id: "itens", line: lineContaining(source, "## Itens") },
  ]);
  assert.equal(parsed.bodyStartLine, lineContaining(source, "tags:") + 2);
});

test("colons in ordinary text are not swallowed as directives", () => {
  const parsed = parseRunbook(fixture("good/01-checklist-ok.md"), "01-checklist-ok.md", { queues: QUEUES });
  assert.match(parsed.text, /Conclua até as 10:00\./);
  assert.match(parsed.text, /filtre por is:unresolved level:fatal/);
});

test("bad front-matter becomes problems on the offending lines, never an exception", () => {
  const source = fixture("broken/bad-front-matter.md");
  const parsed = parseRunbook(source, "bad-front-matter.md", { queues: QUEUES });
  assert.equal(parsed.meta, null);
  const at = (needle: string) =>
    parsed.problems.filter((p) => p.line === lineContaining(source, needle)).map((p) => p.message);
  assert.match(at("kind: alert").join(), /severity: obrigatório/);
  assert.match(at("cadence: daily").join(), /cadence: só vale para kind: checklist/);
  assert.match(at("sevrity:").join(), /sevrity: campo desconhecido/);
  assert.match(at("every: biweekly").join(), /review\.every:/);
  assert.match(at("last: 2026-13-01").join(), /review\.last: data inválida/);
  assert.ok(parsed.problems.every((p) => p.severity === "error"));
  // The body is still available to render.
  assert.match(parsed.text, /Texto qualquer/);
});

test("YAML syntax errors and a missing front-matter are problems too", () => {
  const yaml = parseRunbook(fixture("broken/invalid-yaml.md"), "invalid-yaml.md", { queues: QUEUES });
  assert.equal(yaml.meta, null);
  assert.match(yaml.problems[0]?.message ?? "", /^YAML inválido/);
  assert.ok((yaml.problems[0]?.line ?? 0) >= 2 && (yaml.problems[0]?.line ?? 0) <= 5);

  const none = parseRunbook(fixture("broken/no-front-matter.md"), "no-front-matter.md", { queues: QUEUES });
  assert.deepEqual(
    none.problems.map((p) => [p.line, p.message.split(":")[0]]),
    [[1, "front-matter ausente"]],
  );
  assert.equal(none.headings[0]?.line, 1);
});

test("parsing never throws, whatever the input", () => {
  for (const input of [
    "",
    "---",
    "---\n",
    "---\n---",
    "---\n: : :\n---\n",
    "---\n- a\n---\n",
    "\u0000\u0001binary",
    "::",
    ":::x",
    "- [ ] {#}",
    "[x]: javascript:1",
  ]) {
    const parsed = parseRunbook(input, "x.md", { queues: QUEUES });
    assert.ok(Array.isArray(parsed.problems), JSON.stringify(input));
  }
  parseRunbook(new Uint8Array([0xff, 0xfe, 0x00]), "bytes.md", { queues: QUEUES });
});

test("CRLF files give the same lines; the version is of the exact bytes", () => {
  const lf = fixture("good/01-checklist-ok.md");
  const crlf = lf.replace(/\n/g, "\r\n");
  const a = parseRunbook(lf, "a.md", { queues: QUEUES });
  const b = parseRunbook(crlf, "a.md", { queues: QUEUES });
  assert.deepEqual(b.items, a.items);
  assert.deepEqual(b.panels, a.panels);
  assert.notEqual(b.version, a.version);
  assert.equal(b.version, createHash("sha256").update(Buffer.from(crlf)).digest("hex"));
});

test("item ids are stable: pinned ids survive text edits, slugs survive moves and other edits", () => {
  const meta =
    "---\ntitle: t\nsummary: s\nkind: checklist\ncadence: daily\nowner: o\nreview:\n  every: yearly\n  last: 2026-01-01\n---\n";
  const before = parseRunbook(`${meta}\nIntro.\n\n- [ ] Verificar filas {#filas}\n- [ ] Verificar Sentry\n`, "c.md", {
    queues: QUEUES,
  });
  const after = parseRunbook(
    `${meta}\nIntro reescrita\ncom mais linhas.\n\n## Nova seção\n\n- [ ] Verificar Sentry\n- [ ] Olhar as filas com calma {#filas}\n`,
    "c.md",
    { queues: QUEUES },
  );
  const ids = (parsed: typeof before) => parsed.items.map((item) => item.id).sort();
  assert.deepEqual(ids(before), ["filas", "verificar-sentry"]);
  assert.deepEqual(ids(after), ids(before));
  assert.notEqual(after.version, before.version);
});
