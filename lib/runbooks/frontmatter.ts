import { isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document } from "yaml";
import { validateMeta, type RunbookMeta } from "./schema";
import type { RunbookProblem } from "./types";

// Splits a runbook into its YAML front-matter and Markdown body and validates the YAML.
// Every problem carries a line number of the whole FILE, so lint can print file:line.

export interface FrontMatterResult {
  meta: RunbookMeta | null;
  /** The Markdown after the closing `---` (the whole file when there is no front-matter). */
  body: string;
  /** 1-based file line on which `body` starts. */
  bodyStartLine: number;
  problems: RunbookProblem[];
}

const FENCE = /^---[ \t]*$/;

/** Expects `source` with "\n" line endings (see normalizeSource). */
export function splitFrontMatter(source: string): FrontMatterResult {
  const lines = source.split("\n");
  if (!FENCE.test(lines[0] ?? "")) {
    return {
      meta: null,
      body: source,
      bodyStartLine: 1,
      problems: [
        { line: 1, severity: "error", message: "front-matter ausente: o arquivo deve começar com --- seguido do YAML" },
      ],
    };
  }
  const closing = lines.findIndex((line, index) => index > 0 && FENCE.test(line));
  if (closing === -1) {
    return {
      meta: null,
      body: "",
      bodyStartLine: lines.length + 1,
      problems: [{ line: 1, severity: "error", message: "front-matter sem o --- de fechamento" }],
    };
  }
  const yamlText = lines.slice(1, closing).join("\n");
  const body = lines.slice(closing + 1).join("\n");
  // The YAML starts on file line 2, right after the opening fence.
  const { meta, problems } = parseYaml(yamlText, 2);
  return { meta, body, bodyStartLine: closing + 2, problems };
}

function parseYaml(yamlText: string, firstLine: number): { meta: RunbookMeta | null; problems: RunbookProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const toFileLine = (offset: number) => lineCounter.linePos(offset).line + firstLine - 1;

  if (doc.errors.length > 0) {
    return {
      meta: null,
      problems: doc.errors.map((error) => ({
        line: toFileLine(error.pos[0]),
        severity: "error" as const,
        // The library's "at line N, column M" counts from the YAML, not the file: drop it.
        message: `YAML inválido: ${error.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "")}`,
      })),
    };
  }
  const { meta, issues } = validateMeta(doc.toJS() ?? {});
  const problems = issues.map((issue) => ({
    line: lineOfPath(doc, issue.linePath ?? issue.path, toFileLine) ?? firstLine - 1,
    severity: "error" as const,
    message: `${issue.path.length > 0 ? `${formatPath(issue.path)}: ` : ""}${issue.message}`,
  }));
  return { meta, problems };
}

/**
 * The file line of a front-matter path (`["limits", "waiting", "critical"]`, `["triggers", 0]`),
 * or of its closest existing parent; undefined without valid front-matter YAML.
 */
export function frontMatterLine(source: string, path: (string | number)[]): number | undefined {
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  if (!FENCE.test(lines[0] ?? "")) return undefined;
  const closing = lines.findIndex((line, index) => index > 0 && FENCE.test(line));
  if (closing === -1) return undefined;
  const lineCounter = new LineCounter();
  const doc = parseDocument(lines.slice(1, closing).join("\n"), { lineCounter });
  if (doc.errors.length > 0) return undefined;
  return lineOfPath(doc, path, (offset) => lineCounter.linePos(offset).line + 1);
}

function formatPath(path: (string | number)[]): string {
  return path.map((part, index) => (typeof part === "number" ? `[${part}]` : index === 0 ? part : `.${part}`)).join("");
}

/**
 * The file line of the deepest YAML node that exists along `path`: the key itself when the
 * path ends at a map entry, otherwise its closest existing parent (e.g. a missing field is
 * reported on the line of the object that lacks it).
 */
function lineOfPath(
  doc: Document,
  path: (string | number)[],
  toFileLine: (offset: number) => number,
): number | undefined {
  let node: unknown = doc.contents;
  let line = rangeLine(node, toFileLine);
  for (const part of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === part);
      if (!pair) break;
      line = rangeLine(pair.key, toFileLine) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof part === "number") {
      const item = node.items[part];
      if (item === undefined) break;
      line = rangeLine(item, toFileLine) ?? line;
      node = item;
    } else {
      break;
    }
  }
  return line;
}

function rangeLine(node: unknown, toFileLine: (offset: number) => number): number | undefined {
  return isNode(node) && node.range ? toFileLine(node.range[0]) : undefined;
}
