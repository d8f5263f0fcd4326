import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig } from "../config";
import { collectRunbookFiles, formatProblem, lintRunbookFiles, type LintProblem } from "./lint";

// The runbooks' limits and triggers against the shipped alert rules, on a copy of both so each
// test can break one side.

const ROOT = join(import.meta.dirname, "../..");
const QUEUES = parseConfig({}).queues;
const RULES = "ops-portal.rules.yml";

interface Copy {
  dir: string;
  runbook(slug: string): string;
  rules: string;
  edit(file: string, from: string | RegExp, to: string): void;
  lint(): LintProblem[];
  /** The problems as the CLI prints them, relative to the copy. */
  printed(): string[];
}

function withCopy(run: (copy: Copy) => void): void {
  const dir = mkdtempSync(join(tmpdir(), "alert-lint-"));
  try {
    cpSync(join(ROOT, "runbooks"), join(dir, "runbooks"), { recursive: true });
    cpSync(join(ROOT, "deploy/alerting/rules"), join(dir, "deploy/alerting/rules"), { recursive: true });
    // Runbooks link to repository files (../scripts/backup.sh); the copy sees the real ones.
    for (const folder of ["scripts", "lib", "docs", "prisma", "tools"]) {
      if (existsSync(join(ROOT, folder))) symlinkSync(join(ROOT, folder), join(dir, folder));
    }
    const runbooksDir = join(dir, "runbooks");
    const copy: Copy = {
      dir,
      runbook: (slug) => join(runbooksDir, `${slug}.md`),
      rules: join(dir, "deploy/alerting/rules", RULES),
      edit(file, from, to) {
        const before = readFileSync(file, "utf8");
        const after = before.replace(from, to);
        assert.notEqual(after, before, `${String(from)} not found in ${file}`);
        writeFileSync(file, after);
      },
      lint: () =>
        lintRunbookFiles(collectRunbookFiles([runbooksDir]), {
          queues: QUEUES,
          repoRoot: ROOT,
          alerting: { rulesDir: join(dir, "deploy/alerting/rules"), runbooksDir },
        }).problems,
      printed: () => copy.lint().map((problem) => formatProblem(problem, dir)),
    };
    run(copy);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function lineOf(file: string, needle: string | RegExp): number {
  const index = readFileSync(file, "utf8")
    .split("\n")
    .findIndex((line) => (typeof needle === "string" ? line.includes(needle) : needle.test(line)));
  assert.notEqual(index, -1, `${String(needle)} not in ${file}`);
  return index + 1;
}

function assertPrinted(printed: string[], pattern: RegExp): void {
  assert.ok(
    printed.some((line) => pattern.test(line)),
    `expected ${pattern}; got:\n${printed.join("\n")}`,
  );
}

test("the shipped runbooks and alert rules agree", () => {
  withCopy((copy) => assert.deepEqual(copy.printed(), []));
});

test("a runbook limit changed without the rule fails on the limit's line, naming the rule's file and line", () => {
  withCopy((copy) => {
    const runbook = copy.runbook("13-fila-congestionada");
    copy.edit(runbook, "    critical: 100", "    critical: 120");
    const ruleLine = lineOf(copy.rules, "alert: QueueBacklogHigh");
    assertPrinted(
      copy.printed(),
      new RegExp(
        `^runbooks/13-fila-congestionada\\.md:${lineOf(runbook, "critical: 120")}: limits\\.aguardando\\.critical: o runbook diz > 120, mas a regra QueueBacklogHigh em .*deploy/alerting/rules/${RULES.replace(/\./g, "\\.")}:${ruleLine} dispara em > 100`,
      ),
    );
  });
});

test("a rule threshold changed without the runbook fails the same way; so does an alert.at limit", () => {
  withCopy((copy) => {
    copy.edit(copy.rules, 'state="waiting"}) > 100', 'state="waiting"}) > 150');
    copy.edit(
      copy.rules,
      /fstype!~"tmpfs\|overlay\|squashfs\|ramfs"\}\) > 80/,
      'fstype!~"tmpfs|overlay|squashfs|ramfs"}) > 85',
    );
    const printed = copy.printed();
    assertPrinted(
      printed,
      /^runbooks\/13-fila-congestionada\.md:\d+: limits\.aguardando\.critical: o runbook diz > 100, mas a regra QueueBacklogHigh em .*ops-portal\.rules\.yml:\d+ dispara em > 150/,
    );
    const disk = copy.runbook("15-disco-acima-de-80");
    assertPrinted(
      printed,
      new RegExp(
        `^runbooks/15-disco-acima-de-80\\.md:${lineOf(disk, "at: 80")}: limits\\.disco\\.alert\\.at: o runbook diz > 80 %, mas a regra DiskUsageHigh .* dispara em > 85`,
      ),
    );
    assert.equal(printed.length, 2, printed.join("\n"));
  });
});

test("a limit in the wrong direction is a mismatch even with the same number", () => {
  withCopy((copy) => {
    copy.edit(copy.rules, "/ 86400 < 14", "/ 86400 > 14");
    assertPrinted(
      copy.printed(),
      /^runbooks\/16-certificado-tls-expirando\.md:\d+: limits\.certificado\.alert\.at: o runbook diz < 14 dias, mas a regra TLSCertificateExpiringSoon .* dispara em > 14/,
    );
  });
});

test("a trigger without a rule fails on the trigger's line, naming the rules folder", () => {
  withCopy((copy) => {
    const runbook = copy.runbook("10-sistema-offline");
    copy.edit(runbook, 'match: "PortalDown"', 'match: "PortalOffline"');
    const printed = copy.printed();
    assertPrinted(
      printed,
      new RegExp(
        `^runbooks/10-sistema-offline\\.md:${lineOf(runbook, "PortalOffline")}: trigger "PortalOffline" não tem regra de alerta: nenhum "alert: PortalOffline" em .*deploy/alerting/rules/`,
      ),
    );
    // The rule still links to runbook 10, which no longer lists it: the webhook would miss it.
    assertPrinted(
      printed,
      new RegExp(
        `^deploy/alerting/rules/ops-portal\\.rules\\.yml:\\d+: regra PortalDown: .*runbooks/10-sistema-offline\\.md não lista "PortalDown" em triggers`,
      ),
    );
  });
});

test("a rule naming a runbook that does not exist, or a step that does not, fails on the runbook_url line", () => {
  withCopy((copy) => {
    copy.edit(copy.rules, "/runbooks/13-fila-congestionada#", "/runbooks/13-fila-congestionadas#");
    copy.edit(copy.rules, "#passo-2-ler-o-erro-exato", "#passo-9-nao-existe");
    const printed = copy.printed();
    assertPrinted(
      printed,
      new RegExp(
        `^deploy/alerting/rules/ops-portal\\.rules\\.yml:${lineOf(copy.rules, "13-fila-congestionadas")}: regra QueueBacklogHigh: runbook_url aponta para .*runbooks/13-fila-congestionadas\\.md, que não existe`,
      ),
    );
    assertPrinted(
      printed,
      new RegExp(
        `^deploy/alerting/rules/ops-portal\\.rules\\.yml:${lineOf(copy.rules, "passo-9")}: regra DatabaseUnreachable: o passo "#passo-9-nao-existe" não existe em .*11-banco-de-dados-inacessivel\\.md`,
      ),
    );
  });
});

test("a rule without runbook_url, a duplicate rule and broken YAML are reported in the rule file", () => {
  withCopy((copy) => {
    copy.edit(copy.rules, /\n {10}runbook_url: "[^"]*16-certificado[^"]*"/, "");
    writeFileSync(
      join(copy.dir, "deploy/alerting/rules/extra.rules.yml"),
      'groups:\n  - name: extra\n    rules:\n      - alert: PortalDown\n        expr: up == 0\n        annotations:\n          runbook_url: "/runbooks/10-sistema-offline#passo-1-assumir-e-avisar"\n',
    );
    writeFileSync(join(copy.dir, "deploy/alerting/rules/broken.yaml"), "groups:\n  - name: x\n    rules: [\n");
    const printed = copy.printed();
    assertPrinted(
      printed,
      /^deploy\/alerting\/rules\/ops-portal\.rules\.yml:\d+: regra TLSCertificateExpiringSoon: falta annotations\.runbook_url/,
    );
    assertPrinted(
      printed,
      /^deploy\/alerting\/rules\/ops-portal\.rules\.yml:\d+: regra PortalDown repetida \(já em .*extra\.rules\.yml:4\)/,
    );
    assertPrinted(printed, /^deploy\/alerting\/rules\/broken\.yaml:\d+: YAML inválido/);
  });
});

test("a malformed limit fails the front-matter check on its line", () => {
  withCopy((copy) => {
    const runbook = copy.runbook("12-taxa-de-erro-alta");
    copy.edit(runbook, "    critical: 5\n", '    critical: "cinco"\n');
    copy.edit(runbook, "    warn: 1\n", "    warn: 1\n    treshold: 2\n");
    const printed = copy.printed();
    assertPrinted(
      printed,
      new RegExp(
        `^runbooks/12-taxa-de-erro-alta\\.md:${lineOf(runbook, "cinco")}: limits\\.taxa-de-erro\\.critical: esperava um número, recebeu o texto "cinco"`,
      ),
    );
    assertPrinted(
      printed,
      new RegExp(
        `^runbooks/12-taxa-de-erro-alta\\.md:${lineOf(runbook, "treshold")}: limits\\.taxa-de-erro\\.treshold: campo desconhecido`,
      ),
    );
  });
  withCopy((copy) => {
    const runbook = copy.runbook("13-fila-congestionada");
    copy.edit(runbook, "    warn: 50", "    warn: 500");
    assertPrinted(
      copy.printed(),
      new RegExp(
        `^runbooks/13-fila-congestionada\\.md:${lineOf(runbook, "warn: 500")}: limits\\.aguardando\\.warn: warn deve ser menor que critical`,
      ),
    );
  });
});

test('every runbook says which system it operates; ::limits needs limits and takes only from="all"', () => {
  withCopy((copy) => {
    const runbook = copy.runbook("20-deploy-e-rollback");
    copy.edit(runbook, "system: portal\n", "");
    copy.edit(
      copy.runbook("03-alerta-job-na-dlq"),
      "## Passo 1: assumir e qualificar\n",
      '## Passo 1: assumir e qualificar\n\n::limits{from="todos"}\n',
    );
    copy.edit(copy.runbook("25-escalonamento-e-contatos"), /\n## /, "\n::limits\n\n## ");
    const printed = copy.printed();
    assertPrinted(
      printed,
      new RegExp(
        `^runbooks/20-deploy-e-rollback\\.md:${lineOf(runbook, /^kind:/)}: system: obrigatório \\(platform, portal, both\\)`,
      ),
    );
    assertPrinted(
      printed,
      /^runbooks\/03-alerta-job-na-dlq\.md:\d+: ::limits: from deve ser "all" \(recebeu "todos"\)/,
    );
    assertPrinted(
      printed,
      /^runbooks\/25-escalonamento-e-contatos\.md:\d+: ::limits: este runbook não declara limits no front-matter/,
    );
  });
});

test("panels take their limits from the front-matter by id; an unknown id or a below limit fails", () => {
  withCopy((copy) => {
    const checklist = copy.runbook("01-monitoramento-diario");
    copy.edit(checklist, '::queues{limits="aguardando"}', '::queues{limits="aguardandoo"}');
    copy.edit(copy.runbook("13-fila-congestionada"), '::queues{limits="aguardando"}', '::queues{limits="certificado"}');
    const printed = copy.printed();
    assertPrinted(
      printed,
      new RegExp(
        `^runbooks/01-monitoramento-diario\\.md:${lineOf(checklist, "aguardandoo")}: ::queues: limits: o limite "aguardandoo" não está declarado \\(limites: memoria, latencia-dependencias, p95-endpoint, dlq, taxa-de-erro, aguardando`,
      ),
    );
    assertPrinted(
      printed,
      /^runbooks\/13-fila-congestionada\.md:\d+: ::queues: limits: o limite "certificado" é do tipo below/,
    );
  });
});

test("a limit id used by two runbooks fails on both, naming the other", () => {
  withCopy((copy) => {
    const runbook = copy.runbook("12-taxa-de-erro-alta");
    copy.edit(runbook, "  taxa-de-erro:\n", "  aguardando:\n");
    const printed = copy.printed();
    assertPrinted(
      printed,
      new RegExp(
        `^runbooks/12-taxa-de-erro-alta\\.md:${lineOf(runbook, "  aguardando:")}: limits\\.aguardando: o id já é usado em 13-fila-congestionada\\.md`,
      ),
    );
    assertPrinted(
      printed,
      /^runbooks\/13-fila-congestionada\.md:\d+: limits\.aguardando: o id já é usado em 12-taxa-de-erro-alta\.md/,
    );
  });
});
