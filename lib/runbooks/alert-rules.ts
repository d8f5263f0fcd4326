import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from "yaml";
import type { RunbookProblem } from "./types";

// Reads the Prometheus alerting rules shipped in deploy/alerting/rules/ for the runbook lint:
// each alert's name, the threshold at the end of its expression, the runbook its runbook_url
// names, and the file line of each, so a mismatch can be reported as `file:line: message`.

export interface RuleThreshold {
  operator: ">" | ">=" | "<" | "<=" | "==" | "!=";
  value: number;
}

export interface AlertRule {
  file: string;
  /** Line of `- alert: Name`. */
  line: number;
  name: string;
  expr: string;
  /** The trailing `<op> <number>` of the expression, when there is one. */
  threshold?: RuleThreshold;
  /** Runbook slug and step anchor from `annotations.runbook_url`. */
  runbook?: { slug: string; anchor?: string };
  runbookUrl?: string;
  /** Line of `runbook_url:` (the rule's line when absent). */
  runbookUrlLine: number;
}

export interface RuleFileProblem extends RunbookProblem {
  file: string;
}

export interface LoadedRules {
  files: string[];
  rules: AlertRule[];
  problems: RuleFileProblem[];
}

const RULE_FILE = /\.ya?ml$/i;
const TRAILING_COMPARISON = /(>=|<=|==|!=|>|<)\s*(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*$/i;
// The template prefix (`{{ $externalLabels.portal_url }}`) is the portal's address; the path is
// what the lint can check.
const RUNBOOK_PATH = /\/runbooks\/([a-z0-9]+(?:-[a-z0-9]+)*)(?:#([^#\s]+))?$/;

export function ruleThreshold(expr: string): RuleThreshold | undefined {
  const match = TRAILING_COMPARISON.exec(expr.trim());
  if (!match) return undefined;
  return { operator: match[1] as RuleThreshold["operator"], value: Number(match[2]) };
}

export function runbookOfUrl(url: string): { slug: string; anchor?: string } | undefined {
  const match = RUNBOOK_PATH.exec(url.trim());
  if (!match) return undefined;
  let anchor = match[2];
  try {
    anchor = anchor === undefined ? undefined : decodeURIComponent(anchor);
  } catch {
    // a malformed escape stays as written and will not match any heading
  }
  return { slug: match[1]!, anchor };
}

function mapValue(node: unknown, key: string): unknown {
  if (!isMap(node)) return undefined;
  const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === key);
  return pair?.value;
}

function keyLine(node: unknown, key: string, toLine: (offset: number) => number): number | undefined {
  if (!isMap(node)) return undefined;
  const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === key);
  const range = isPair(pair) && isScalar(pair.key) ? pair.key.range : undefined;
  return range ? toLine(range[0]) : undefined;
}

function scalarText(node: unknown): string | undefined {
  return isScalar(node) && (typeof node.value === "string" || typeof node.value === "number")
    ? String(node.value)
    : undefined;
}

/** Every `*.yml`/`*.yaml` of `dir`; a missing folder is one problem, not an exception. */
export function loadAlertRules(dir: string): LoadedRules {
  if (!existsSync(dir))
    return {
      files: [],
      rules: [],
      problems: [{ file: dir, line: 1, severity: "error", message: "pasta de regras de alerta não encontrada" }],
    };
  const files = readdirSync(dir)
    .filter((name) => RULE_FILE.test(name))
    .sort()
    .map((name) => join(dir, name));
  const loaded: LoadedRules = { files, rules: [], problems: [] };
  for (const file of files) readRuleFile(file, loaded);
  return loaded;
}

function readRuleFile(file: string, into: LoadedRules): void {
  const lineCounter = new LineCounter();
  const doc = parseDocument(readFileSync(file, "utf8"), { lineCounter, uniqueKeys: true });
  const toLine = (offset: number) => lineCounter.linePos(offset).line;
  const problem = (line: number, message: string): void =>
    void into.problems.push({ file, line, severity: "error", message });
  if (doc.errors.length > 0) {
    for (const error of doc.errors)
      problem(
        toLine(error.pos[0]),
        `YAML inválido: ${error.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "")}`,
      );
    return;
  }
  const groups = mapValue(doc.contents, "groups");
  if (!isSeq(groups)) return problem(1, "arquivo de regras sem groups: (lista de grupos)");
  for (const group of groups.items) {
    const rules = mapValue(group, "rules");
    if (!isSeq(rules)) {
      problem(keyLine(group, "name", toLine) ?? 1, "grupo sem rules: (lista de regras)");
      continue;
    }
    for (const rule of rules.items) {
      const name = scalarText(mapValue(rule, "alert"));
      if (name === undefined) continue; // recording rules have no alert name
      const line = keyLine(rule, "alert", toLine) ?? 1;
      const expr = scalarText(mapValue(rule, "expr"));
      if (expr === undefined) {
        problem(line, `regra ${name}: sem expr`);
        continue;
      }
      const annotations = mapValue(rule, "annotations");
      const runbookUrl = scalarText(mapValue(annotations, "runbook_url"));
      into.rules.push({
        file,
        line,
        name,
        expr,
        threshold: ruleThreshold(expr),
        runbookUrl,
        runbook: runbookUrl === undefined ? undefined : runbookOfUrl(runbookUrl),
        runbookUrlLine: keyLine(annotations, "runbook_url", toLine) ?? line,
      });
    }
  }
}
