import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig } from "../config";
import { collectRunbookFiles, formatProblem, lintRunbookFiles, type LintProblem } from "./lint";

const ROOT = join(import.meta.dirname, "../..");
const FIXTURES = join(ROOT, "tests/fixtures/runbooks");
const QUEUES = parseConfig({}).queues;

function lint(path: string): LintProblem[] {
  return lintRunbookFiles([join(FIXTURES, path)], { queues: QUEUES, repoRoot: ROOT }).problems;
}

function lineContaining(path: string, needle: string): number {
  const index = readFileSync(join(FIXTURES, path), "utf8")
    .split("\n")
    .findIndex((line) => line.includes(needle));
  assert.notEqual(index, -1, `${path} has no line containing ${needle}`);
  return index + 1;
}

/** Asserts a problem matching `pattern` is reported on the line of `path` containing `needle`. */
function assertProblem(problems: LintProblem[], path: string, needle: string, pattern: RegExp): void {
  const line = lineContaining(path, needle);
  const onLine = problems.filter((p) => p.line === line);
  assert.ok(
    onLine.some((p) => pattern.test(p.message)),
    `expected ${pattern} on ${path}:${line}; got:\n${problems.map((p) => `${p.line}: ${p.message}`).join("\n")}`,
  );
}

test("the good fixtures pass without problems (URL paths, placeholders, kubectl resources are not repo paths)", () => {
  const files = collectRunbookFiles([join(FIXTURES, "good")]);
  assert.equal(files.length, 2);
  const result = lintRunbookFiles(files, { queues: QUEUES, repoRoot: ROOT });
  assert.deepEqual(result.problems, []);
});

test("front-matter errors point at their lines", () => {
  const path = "broken/bad-front-matter.md";
  const problems = lint(path);
  assertProblem(problems, path, "kind: alert", /severity: obrigatório/);
  assertProblem(problems, path, "cadence: daily", /cadence: só vale para kind: checklist/);
  assertProblem(problems, path, "sevrity", /campo desconhecido/);
  assertProblem(problems, path, "last: 2026-13-01", /data inválida/);
});

test("a panel naming an unknown queue is an error on the directive's line", () => {
  const path = "broken/unknown-queue.md";
  const problems = lint(path);
  assertProblem(problems, path, '::failed-jobs{queue="xyz"}', /fila "xyz" não está configurada/);
  assertProblem(problems, path, '::dlq{queue="payments-dlq"}', /já é a DLQ de "payments"/);
  assert.equal(problems.length, 2, 'the valid ::dlq{queue="payments"} is not reported');
});

test("unknown directives, bad arguments, container directives and inline panel syntax are errors", () => {
  const path = "broken/bad-directives.md";
  const problems = lint(path);
  assertProblem(problems, path, "::queus", /painel desconhecido "::queus" \(você quis dizer "::queues"\?\)/);
  assertProblem(problems, path, "::sentry-performance", /falta o argumento threshold/);
  assertProblem(problems, path, "limit=abc", /limit deve ser um número inteiro/);
  assertProblem(problems, path, "::health{", /argumento desconhecido: verbose/);
  assertProblem(problems, path, ":::nota", /blocos ":::nota" não são suportados/);
  assertProblem(problems, path, "painel ::queues aqui", /no meio do texto/);
});

test("files and scripts named in code must exist in the repo", () => {
  const path = "broken/missing-script.md";
  const problems = lint(path);
  assertProblem(problems, path, "`scripts/nao-existe.sh`", /"scripts\/nao-existe.sh" não existe no repositório/);
  assertProblem(problems, path, "./scripts/backup-inexistente.sh", /"scripts\/backup-inexistente.sh" não existe/);
  assertProblem(problems, path, "docs/nao-existe/guia.md", /"docs\/nao-existe\/guia.md" não existe/);
  assert.equal(problems.length, 3, problems.map((p) => p.message).join("\n"));
});

test("checklist item ids must be unique and well-formed", () => {
  const path = "broken/duplicate-item-id.md";
  const problems = lint(path);
  assertProblem(problems, path, "Segundo {#mesmo-id}", /id de item "mesmo-id" repetido \(já usado na linha 13\)/);
  assert.equal(lineContaining(path, "Primeiro {#mesmo-id}"), 13);
  const texts = lineContaining(path, "Texto igual");
  assert.ok(problems.some((p) => p.line === texts + 1 && /"texto-igual" repetido/.test(p.message)));
  assertProblem(problems, path, "{#Id_Invalido}", /id "Id_Invalido" inválido/);
  assertProblem(problems, path, "obrigatorio", /marcador desconhecido/);
});

test("internal links and anchors must resolve; javascript: links are rejected", () => {
  const path = "broken/broken-anchor.md";
  const problems = lint(path);
  assertProblem(
    problems,
    path,
    "#secao-inexistente",
    /âncora "#secao-inexistente" não existe neste runbook \(âncoras: #seção-existente\)/,
  );
  assertProblem(
    problems,
    path,
    "02-alerta-ok.md#nao-existe",
    /âncora "#nao-existe" não existe em "..\/good\/02-alerta-ok.md"/,
  );
  assertProblem(problems, path, "./nao-existe.md", /link para ".\/nao-existe.md" não encontrado/);
  assertProblem(problems, path, "javascript:", /protocolo "javascript:" não é permitido/);
  assert.equal(problems.length, 4, "#seção-existente and ../good/02-alerta-ok.md#decisão resolve");
});

test("a checklist needs items; raw HTML is only a warning", () => {
  assertProblem(
    lint("broken/empty-checklist.md"),
    "broken/empty-checklist.md",
    "kind: checklist",
    /checklist sem itens/,
  );
  const html = lint("broken/raw-html.md");
  assert.deepEqual(
    html.map((p) => [p.line, p.severity]),
    [[lineContaining("broken/raw-html.md", "<b>negrito"), "warning"]],
  );
});

test("file names must be URL-friendly slugs; README.md in a folder is not a runbook", () => {
  const dir = mkdtempSync(join(tmpdir(), "runbooks-lint-"));
  try {
    const good = readFileSync(join(FIXTURES, "good/02-alerta-ok.md"), "utf8").replace(
      /\[checklist\]\([^)]*\)/,
      "checklist",
    );
    writeFileSync(join(dir, "Alerta_Novo.md"), good);
    writeFileSync(join(dir, "README.md"), "# Pasta de runbooks\n");
    const files = collectRunbookFiles([dir]);
    assert.deepEqual(
      files.map((f) => f.slice(dir.length + 1)),
      ["Alerta_Novo.md"],
    );
    const { problems } = lintRunbookFiles(files, { queues: QUEUES, repoRoot: ROOT });
    assert.deepEqual(
      problems.map((p) => [p.line, p.message.split(":")[0]]),
      [[1, 'nome de arquivo "Alerta_Novo.md" vira URL']],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("problems print as file:line: message relative to the working directory", () => {
  const [problem] = lint("broken/unknown-queue.md");
  assert.ok(problem);
  assert.equal(
    formatProblem(problem, ROOT),
    `tests/fixtures/runbooks/broken/unknown-queue.md:${problem.line}: ${problem.message}`,
  );
});

function runCli(...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/lint-runbooks.ts", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: {
      ...process.env,
      MONITORED_QUEUES:
        "payments:payments-dlq:Pagamentos,notifications:notifications-dlq:Notificações,reports:reports-dlq:Relatórios",
    },
  });
}

test("CLI: a broken runbook exits 1 and names file and line", () => {
  const path = "broken/unknown-queue.md";
  const result = runCli(`tests/fixtures/runbooks/${path}`);
  assert.equal(result.status, 1, result.stderr);
  const line = lineContaining(path, 'queue="xyz"');
  assert.match(
    result.stdout,
    new RegExp(
      `^tests/fixtures/runbooks/broken/unknown-queue\\.md:${line}: ::failed-jobs: fila "xyz" não está configurada`,
      "m",
    ),
  );
  assert.match(result.stdout, /lint:runbooks: 1 arquivo, 2 erros, 0 avisos\n$/);
});

test("CLI: every broken fixture fails, the good folder passes, a missing target exits 2", () => {
  const broken = runCli("tests/fixtures/runbooks/broken");
  assert.equal(broken.status, 1);
  for (const name of [
    "bad-front-matter",
    "invalid-yaml",
    "no-front-matter",
    "unknown-queue",
    "bad-directives",
    "missing-script",
    "duplicate-item-id",
    "broken-anchor",
    "empty-checklist",
  ]) {
    assert.match(broken.stdout, new RegExp(`^tests/fixtures/runbooks/broken/${name}\\.md:\\d+: `, "m"), name);
  }
  const good = runCli("tests/fixtures/runbooks/good");
  assert.equal(good.status, 0, good.stdout);
  assert.equal(good.stdout, "lint:runbooks: 2 arquivos, 0 erros, 0 avisos\n");
  const warningsOnly = runCli("tests/fixtures/runbooks/broken/raw-html.md");
  assert.equal(warningsOnly.status, 0, "warnings do not fail the lint");
  assert.match(warningsOnly.stdout, /raw-html\.md:\d+: aviso: HTML/);
  const missing = runCli("tests/fixtures/runbooks/nao-existe");
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /nao-existe: arquivo ou pasta não encontrado/);
});
