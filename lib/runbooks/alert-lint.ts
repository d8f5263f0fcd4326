import { existsSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { AlertRule, LoadedRules, RuleFileProblem } from "./alert-rules";
import { frontMatterLine } from "./frontmatter";
import { alertThreshold, formatThreshold, limitOperator } from "./limits";
import type { ParsedRunbook } from "./types";

// The lint's half that ties runbooks to the alert rules: every Alertmanager trigger has a rule,
// every rule names an existing runbook (and a step of it) that lists it, and every limit that
// names an alert has the same threshold as the rule. The messages name both files, so whoever
// changed one side sees where the other is.

export interface AlertingContext {
  rules: LoadedRules;
  /** The runbook folder the rules' runbook_url slugs resolve in. */
  runbooksDir: string;
  /** Parses a runbook of that folder (cached by the caller); undefined when unreadable. */
  runbook(file: string): ParsedRunbook | undefined;
}

/** Paths in messages: relative to the working directory when inside it. */
export function shownPath(file: string, cwd = process.cwd()): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith("..") ? rel.split(sep).join("/") : file;
}

const at = (rule: AlertRule) => `${shownPath(rule.file)}:${rule.line}`;

// An Alertmanager trigger's `match` is the alertname itself: exact, so a rename is caught.
function rulesNamed(context: AlertingContext, name: string): AlertRule[] {
  return context.rules.rules.filter((rule) => rule.name === name.trim());
}

/** Problems of one runbook of the folder: triggers without a rule, limits that disagree with theirs. */
export function checkRunbookAgainstRules(
  file: string,
  parsed: ParsedRunbook,
  context: AlertingContext,
): RuleFileProblem[] {
  const meta = parsed.meta;
  if (!meta) return [];
  const source = readFileSync(file, "utf8");
  const line = (path: (string | number)[]) => frontMatterLine(source, path) ?? 1;
  const rulesFolder =
    context.rules.files.length > 0 ? shownPath(join(context.rules.files[0]!, "..")) : "deploy/alerting/rules";
  const problems: RuleFileProblem[] = [];
  const error = (lineNumber: number, message: string) =>
    problems.push({ file, line: lineNumber, severity: "error", message });

  meta.triggers.forEach((trigger, index) => {
    if (trigger.source !== "alertmanager") return;
    if (rulesNamed(context, trigger.match).length === 0) {
      error(
        line(["triggers", index, "match"]),
        `trigger "${trigger.match}" não tem regra de alerta: nenhum "alert: ${trigger.match}" em ${rulesFolder}/`,
      );
    }
  });

  for (const [id, limit] of Object.entries(meta.limits)) {
    if (!limit.alert) continue;
    const [rule] = rulesNamed(context, limit.alert.name);
    const where = ["limits", id, "alert", "name"];
    if (!rule) {
      error(line(where), `limits.${id}.alert: a regra "${limit.alert.name}" não existe em ${rulesFolder}/`);
      continue;
    }
    const expected = formatThreshold(limit, alertThreshold(limit));
    if (!rule.threshold) {
      error(
        line(where),
        `limits.${id}: a regra ${rule.name} em ${at(rule)} não termina numa comparação com número (esperado "${expected}")`,
      );
      continue;
    }
    const direction = limitOperator(limit);
    const sameDirection = rule.threshold.operator.startsWith(direction);
    if (!sameDirection || rule.threshold.value !== alertThreshold(limit)) {
      const field = limit.alert.at === undefined ? "critical" : "alert.at";
      error(
        line(limit.alert.at === undefined ? ["limits", id, "critical"] : ["limits", id, "alert", "at"]),
        `limits.${id}.${field}: o runbook diz ${expected}, mas a regra ${rule.name} em ${at(rule)} dispara em ${rule.threshold.operator} ${rule.threshold.value}; altere os dois juntos`,
      );
    }
  }
  return problems;
}

/** Problems of the rule files: YAML, missing or wrong runbook_url, duplicates. */
export function checkRules(context: AlertingContext): RuleFileProblem[] {
  const problems: RuleFileProblem[] = [...context.rules.problems];
  const seen = new Map<string, AlertRule>();
  for (const rule of context.rules.rules) {
    const error = (line: number, message: string) =>
      problems.push({ file: rule.file, line, severity: "error", message });
    const first = seen.get(rule.name);
    if (first) error(rule.line, `regra ${rule.name} repetida (já em ${at(first)})`);
    else seen.set(rule.name, rule);

    if (rule.runbookUrl === undefined) {
      error(rule.line, `regra ${rule.name}: falta annotations.runbook_url (".../runbooks/<slug>#<passo>")`);
      continue;
    }
    if (!rule.runbook) {
      error(
        rule.runbookUrlLine,
        `regra ${rule.name}: runbook_url "${rule.runbookUrl}" não aponta para /runbooks/<slug>#<passo>`,
      );
      continue;
    }
    const file = join(context.runbooksDir, `${rule.runbook.slug}.md`);
    if (!existsSync(file)) {
      error(rule.runbookUrlLine, `regra ${rule.name}: runbook_url aponta para ${shownPath(file)}, que não existe`);
      continue;
    }
    const runbook = context.runbook(file);
    if (!runbook?.meta) continue; // its own lint reports why
    const listed = runbook.meta.triggers.some((t) => t.source === "alertmanager" && t.match.trim() === rule.name);
    if (!listed) {
      error(
        rule.runbookUrlLine,
        `regra ${rule.name}: ${shownPath(file)} não lista "${rule.name}" em triggers (o webhook abriria o incidente sem esse runbook)`,
      );
    }
    if (!rule.runbook.anchor) {
      error(rule.runbookUrlLine, `regra ${rule.name}: runbook_url sem o passo (#âncora) por onde começar`);
    } else if (!runbook.headings.some((heading) => heading.id === rule.runbook!.anchor)) {
      error(
        rule.runbookUrlLine,
        `regra ${rule.name}: o passo "#${rule.runbook.anchor}" não existe em ${shownPath(file)}`,
      );
    }
  }
  return problems;
}
