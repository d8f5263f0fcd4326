import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { config, type MonitoredQueue } from "../config";
import { checkRules, checkRunbookAgainstRules, type AlertingContext } from "./alert-lint";
import { loadAlertRules } from "./alert-rules";
import { frontMatterLine, splitFrontMatter } from "./frontmatter";
import { isRunbookFile } from "./library";
import { limitsOf, type LibraryLimit } from "./limits";
import { classifyLink } from "./links";
import { analyzeRunbook, slugOfFile, type RunbookAnalysis } from "./parse";
import { SYSTEMS } from "./schema";
import { isShellBlock, repoPathRoots, repoPathsIn } from "./repo-paths";
import type { RunbookProblem } from "./types";

// `npm run lint:runbooks`: everything the parser reports (front-matter, panels and their
// queues, item ids, raw HTML) plus the checks that need the file system: repo paths named in
// code, relative links and their anchors, file naming. Pure apart from reading files, so the
// CLI is a thin wrapper and tests call it directly.

export interface LintProblem extends RunbookProblem {
  /** Absolute path of the runbook. */
  file: string;
}

export interface LintResult {
  files: string[];
  problems: LintProblem[];
  errors: number;
  warnings: number;
}

export interface LintOptions {
  /** Root the repo paths in the text are relative to (default: nearest folder with package.json). */
  repoRoot?: string;
  /** Queues panels may name (default: the configured ones). */
  queues?: readonly MonitoredQueue[];
  /**
   * Where the alert rules and the runbooks they link to live. Default: `deploy/alerting/rules`
   * and `runbooks` under the repo root, checked when a linted file is in that `runbooks` folder;
   * `false` skips the rule checks.
   */
  alerting?: { rulesDir: string; runbooksDir: string } | false;
}

export class LintTargetError extends Error {}

/** Expands files and folders (a folder means its runbook files) into absolute paths. */
export function collectRunbookFiles(targets: readonly string[], cwd = process.cwd()): string[] {
  const files = new Set<string>();
  for (const target of targets) {
    const path = resolve(cwd, target);
    if (!existsSync(path)) throw new LintTargetError(`${target}: arquivo ou pasta não encontrado`);
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).filter(isRunbookFile).sort()) files.add(join(path, name));
    } else {
      files.add(path);
    }
  }
  return [...files];
}

export function lintRunbookFiles(files: readonly string[], options: LintOptions = {}): LintResult {
  const queues = options.queues ?? config().queues;
  const context = new LintContext(queues, options.repoRoot);
  const absolute = files.map((file) => resolve(file));
  const problems: LintProblem[] = absolute.flatMap((file) => context.lintFile(file));
  const alerting = alertingFor(absolute, options);
  if (alerting) problems.push(...context.lintAlerting(absolute, alerting.rulesDir, alerting.runbooksDir));
  return {
    files: [...files],
    problems,
    errors: problems.filter((p) => p.severity === "error").length,
    warnings: problems.filter((p) => p.severity === "warning").length,
  };
}

/** `path/to/file.md:12: message`, with the path relative to `cwd` when inside it. */
export function formatProblem(problem: LintProblem, cwd = process.cwd()): string {
  const rel = relative(cwd, problem.file);
  const shown = rel && !rel.startsWith("..") ? rel.split(sep).join("/") : problem.file;
  return `${shown}:${problem.line}: ${problem.severity === "warning" ? "aviso: " : ""}${problem.message}`;
}

export function formatSummary(result: LintResult): string {
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  return `lint:runbooks: ${plural(result.files.length, "arquivo", "arquivos")}, ${plural(result.errors, "erro", "erros")}, ${plural(result.warnings, "aviso", "avisos")}`;
}

function alertingFor(
  files: readonly string[],
  options: LintOptions,
): { rulesDir: string; runbooksDir: string } | undefined {
  if (options.alerting === false) return undefined;
  if (options.alerting)
    return { rulesDir: resolve(options.alerting.rulesDir), runbooksDir: resolve(options.alerting.runbooksDir) };
  const root = options.repoRoot ?? nearestPackageRoot(process.cwd());
  const runbooksDir = join(root, "runbooks");
  // Fixtures and runbooks elsewhere are not what the shipped rules link to.
  if (!files.some((file) => dirname(file) === runbooksDir)) return undefined;
  return { rulesDir: join(root, "deploy/alerting/rules"), runbooksDir };
}

function nearestPackageRoot(from: string): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, "package.json"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

class LintContext {
  private readonly analyses = new Map<string, RunbookAnalysis | null>();
  private readonly roots = new Map<string, Set<string>>();
  private readonly folderLimits = new Map<string, LibraryLimit[]>();

  constructor(
    private readonly queues: readonly MonitoredQueue[],
    private readonly repoRoot: string | undefined,
  ) {}

  lintFile(file: string): LintProblem[] {
    const analysis = this.analysis(file);
    if (!analysis) return [{ file, line: 1, severity: "error", message: "não foi possível ler o arquivo" }];
    const problems: RunbookProblem[] = [...analysis.parsed.problems];
    problems.push(
      ...this.checkName(analysis),
      ...this.checkSystem(file, analysis),
      ...this.checkLimitIds(file, analysis),
      ...this.checkChecklist(file, analysis),
      ...this.checkLinks(file, analysis),
      ...this.checkRepoPaths(file, analysis),
    );
    return problems.sort((a, b) => a.line - b.line).map((problem) => ({ file, ...problem }));
  }

  private analysis(file: string): RunbookAnalysis | null {
    if (!this.analyses.has(file)) {
      try {
        this.analyses.set(
          file,
          analyzeRunbook(readFileSync(file), file, {
            queues: this.queues,
            libraryLimits: this.limitsOfFolder(dirname(file)),
          }),
        );
      } catch {
        this.analyses.set(file, null);
      }
    }
    return this.analyses.get(file) ?? null;
  }

  /** The rule checks, once per run: runbook-side for the linted files of `runbooksDir`, rule-side always. */
  lintAlerting(files: readonly string[], rulesDir: string, runbooksDir: string): LintProblem[] {
    const context: AlertingContext = {
      rules: loadAlertRules(rulesDir),
      runbooksDir,
      runbook: (file) => this.analysis(file)?.parsed,
    };
    const problems: LintProblem[] = checkRules(context);
    for (const file of files.filter((f) => dirname(f) === runbooksDir)) {
      const parsed = this.analysis(file)?.parsed;
      if (parsed) problems.push(...checkRunbookAgainstRules(file, parsed, context));
    }
    return problems;
  }

  /** Every runbook's limits in a folder, for `::limits{from="all"}` (front-matter only). */
  private limitsOfFolder(dir: string): LibraryLimit[] {
    let limits = this.folderLimits.get(dir);
    if (!limits) {
      limits = [];
      for (const name of readdirSync(dir).filter(isRunbookFile).sort()) {
        try {
          limits.push(
            ...limitsOf(
              slugOfFile(name),
              splitFrontMatter(readFileSync(join(dir, name), "utf8").replace(/\r\n?/g, "\n")).meta,
            ),
          );
        } catch {
          // unreadable: its own lint line says so
        }
      }
      this.folderLimits.set(dir, limits);
    }
    return limits;
  }

  /** Panels name limits by id across the library (`limits="aguardando"`), so an id means one limit. */
  private checkLimitIds(file: string, { parsed }: RunbookAnalysis): RunbookProblem[] {
    if (!parsed.meta) return [];
    const others = this.limitsOfFolder(dirname(file)).filter((entry) => entry.slug !== parsed.slug);
    const source = readFileSync(file, "utf8");
    return Object.keys(parsed.meta.limits).flatMap((id) => {
      const other = others.find((entry) => entry.id === id);
      if (!other) return [];
      return [
        {
          line: frontMatterLine(source, ["limits", id]) ?? 1,
          severity: "error" as const,
          message: `limits.${id}: o id já é usado em ${other.slug}.md (os painéis citam limites pelo id)`,
        },
      ];
    });
  }

  private checkSystem(file: string, { parsed }: RunbookAnalysis): RunbookProblem[] {
    if (!parsed.meta || parsed.meta.system) return [];
    const kindLine = readFileSync(file, "utf8")
      .split(/\r?\n/)
      .findIndex((line) => /^kind\s*:/.test(line));
    return [
      {
        line: kindLine + 1 || 1,
        severity: "error",
        message: `system: obrigatório (${SYSTEMS.join(", ")}): diga se o runbook opera a plataforma monitorada, o próprio portal ou os dois`,
      },
    ];
  }

  private rootsFor(repoRoot: string): Set<string> {
    let roots = this.roots.get(repoRoot);
    if (!roots) {
      roots = repoPathRoots(repoRoot);
      this.roots.set(repoRoot, roots);
    }
    return roots;
  }

  private checkName({ parsed }: RunbookAnalysis): RunbookProblem[] {
    if (SLUG_PATTERN.test(parsed.slug)) return [];
    return [
      { line: 1, severity: "error", message: `nome de arquivo "${parsed.slug}.md" vira URL: use só a-z, 0-9 e hífens` },
    ];
  }

  private checkChecklist(file: string, { parsed }: RunbookAnalysis): RunbookProblem[] {
    if (parsed.meta?.kind !== "checklist" || parsed.items.length > 0) return [];
    const kindLine = readFileSync(file, "utf8")
      .split(/\r?\n/)
      .findIndex((line) => /^kind\s*:/.test(line));
    return [
      {
        line: kindLine + 1 || 1,
        severity: "error",
        message: 'checklist sem itens: use itens de tarefa "- [ ] texto {#id}"',
      },
    ];
  }

  private checkLinks(file: string, { parsed, markdown }: RunbookAnalysis): RunbookProblem[] {
    const problems: RunbookProblem[] = [];
    const ownIds = new Set(parsed.headings.map((heading) => heading.id));
    for (const link of markdown.links) {
      if (link.url.trim() === "") {
        problems.push({ line: link.line, severity: "error", message: "link sem destino" });
        continue;
      }
      const target = classifyLink(link.url);
      if (target.kind === "unsafe") {
        problems.push({
          line: link.line,
          severity: "error",
          message: `link com protocolo "${target.protocol}:" não é permitido e será removido da página`,
        });
      } else if (target.kind === "anchor") {
        if (target.anchor && !ownIds.has(target.anchor) && !target.anchor.startsWith("user-content-")) {
          problems.push({
            line: link.line,
            severity: "error",
            message: `âncora "#${target.anchor}" não existe neste runbook${knownAnchors(ownIds)}`,
          });
        }
      } else if (target.kind === "relative") {
        problems.push(...this.checkRelativeLink(file, link.line, target.path, target.anchor));
      }
    }
    return problems;
  }

  private checkRelativeLink(file: string, line: number, path: string, anchor: string | undefined): RunbookProblem[] {
    const absolute = path === "" ? file : resolve(dirname(file), path);
    if (!existsSync(absolute)) return [{ line, severity: "error", message: `link para "${path}" não encontrado` }];
    if (!anchor || !/\.md$/i.test(absolute) || statSync(absolute).isDirectory()) return [];
    const target = this.analysis(absolute);
    const ids = new Set(target?.parsed.headings.map((heading) => heading.id) ?? []);
    if (ids.has(anchor)) return [];
    return [{ line, severity: "error", message: `âncora "#${anchor}" não existe em "${path}"${knownAnchors(ids)}` }];
  }

  private checkRepoPaths(file: string, { markdown }: RunbookAnalysis): RunbookProblem[] {
    const repoRoot = this.repoRoot ?? nearestPackageRoot(dirname(file));
    const roots = this.rootsFor(repoRoot);
    const named: { path: string; line: number }[] = [];
    for (const span of markdown.codeSpans) {
      for (const path of repoPathsIn(span.value, roots)) named.push({ path, line: span.line });
    }
    for (const block of markdown.codeBlocks.filter((b) => isShellBlock(b.lang))) {
      block.value.split("\n").forEach((text, index) => {
        for (const path of repoPathsIn(text, roots)) named.push({ path, line: block.line + index });
      });
    }
    const reported = new Set<string>();
    const problems: RunbookProblem[] = [];
    for (const { path, line } of named) {
      const key = `${line}:${path}`;
      if (reported.has(key) || existsSync(join(repoRoot, path))) continue;
      reported.add(key);
      problems.push({ line, severity: "error", message: `"${path}" não existe no repositório` });
    }
    return problems;
  }
}

function knownAnchors(ids: ReadonlySet<string>): string {
  const list = [...ids].slice(0, 8);
  return list.length > 0
    ? ` (âncoras: ${list.map((id) => `#${id}`).join(", ")}${ids.size > list.length ? ", …" : ""})`
    : " (não há títulos)";
}
