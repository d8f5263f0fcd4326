import type { Html, ListItem, Nodes as MdastNodes, Paragraph, Root as MdastRoot, Text } from "mdast";
import type { Element, Root as HastRoot } from "hast";
import type { Node } from "unist";
import { unified } from "unified";
import remarkParse from "remark-parse";
import remarkGfm from "remark-gfm";
import remarkDirective from "remark-directive";
import remarkRehype from "remark-rehype";
import rehypeSanitize, { defaultSchema } from "rehype-sanitize";
import rehypeSlug from "rehype-slug";
import { SKIP, visit } from "unist-util-visit";
import { toString } from "mdast-util-to-string";
import type { MonitoredQueue } from "../config";
import { isPanelType, validatePanel } from "./panels";
import { itemIdFromText, parseItemMarker } from "./items";
import { hastText } from "./hast-text";
import { limitsTable, type LibraryLimit } from "./limits";
import type { PlacedPanel, RunbookHeading, RunbookItem, RunbookProblem } from "./types";

// The one Markdown pipeline shared by the parser (facts for the library and the lint) and the
// renderer (the page), so a heading id, an item id or a panel is the same thing in both.
//
// Decisions worth knowing:
// - Text directives (`:name`) are NOT used. remark-directive would otherwise eat ordinary text
//   such as "10:00", "P95:750ms" or the Sentry query "is:unresolved"; they are put back as the
//   literal source text. Container directives (`:::name`) become an error box followed by their
//   content, and a lint error.
// - Raw HTML is never interpreted: it is shown as text (so "backups/<instance>-..." still reads
//   right) with a lint warning; HTML comments are dropped.

export interface CodeSpanRef {
  value: string;
  line: number;
}

export interface CodeBlockRef {
  lang: string | null;
  value: string;
  /** File line of the block's first content line. */
  line: number;
}

export interface LinkRef {
  url: string;
  line: number;
  kind: "link" | "image" | "definition";
}

export interface MarkdownAnalysis {
  /** Sanitised hast with heading ids, panel and item annotations. */
  hast: HastRoot;
  text: string;
  items: RunbookItem[];
  panels: PlacedPanel[];
  headings: RunbookHeading[];
  links: LinkRef[];
  codeSpans: CodeSpanRef[];
  codeBlocks: CodeBlockRef[];
  problems: RunbookProblem[];
}

export const PANEL_ELEMENT = "runbook-panel";

/** What `::limits` tables are built from. */
export interface LimitsContext {
  /** Slug of the runbook being analysed. */
  slug: string;
  /** Its own front-matter limits. */
  own: readonly LibraryLimit[];
  /** Every runbook's limits, for `::limits{from="all"}`; absent when analysing one file alone. */
  all?: readonly LibraryLimit[];
}

// Default GitHub-style sanitising plus exactly the element and attributes this module adds.
// Content can never produce them itself because raw HTML never reaches the hast as elements.
// For the same reason the only ids and names in the tree are the footnote ones, which
// remark-rehype already prefixes with "user-content-"; clobbering them again would break the
// footnote links, so the sanitiser's own prefixing is switched off.
export const sanitizeSchema = {
  ...defaultSchema,
  clobber: [],
  tagNames: [...(defaultSchema.tagNames ?? []), PANEL_ELEMENT],
  attributes: {
    ...defaultSchema.attributes,
    [PANEL_ELEMENT]: ["dataPanel", "dataArgs", "dataError", "dataLine", "dataPanelIndex"],
    li: [...(defaultSchema.attributes?.li ?? []), "dataItemId", "dataOptional", "dataLine"],
  },
};

const parser = unified().use(remarkParse).use(remarkGfm).use(remarkDirective);
// rehype-slug runs after the sanitiser so the heading ids stay exactly the plain slugs authors
// link to (`#decisão`), whatever the sanitiser's id rules become.
const toHast = unified()
  .use(remarkRehype, {
    footnoteLabel: "Notas",
    footnoteBackLabel: (referenceIndex: number) => `Voltar à referência ${referenceIndex + 1}`,
  })
  .use(rehypeSanitize, sanitizeSchema)
  .use(rehypeSlug);

/**
 * Analyses a runbook body. `bodyStartLine` is the file line the body starts on; the body is
 * padded with blank lines so every position the parser reports is already a file line.
 */
export function analyzeMarkdown(
  body: string,
  bodyStartLine: number,
  queues: readonly MonitoredQueue[],
  limits: LimitsContext = { slug: "", own: [] },
): MarkdownAnalysis {
  const source = "\n".repeat(Math.max(0, bodyStartLine - 1)) + body;
  const mdast = parser.parse(source);
  const problems: RunbookProblem[] = [];

  restoreTextDirectives(mdast, source);
  neutraliseHtml(mdast, problems);
  mergeAdjacentText(mdast);
  reportInlinePanelSyntax(mdast, problems);
  replaceContainerDirectives(mdast, problems);
  replaceLimitsDirectives(mdast, limits, problems);
  const panels = annotatePanels(mdast, queues, limits, problems);
  const items = annotateItems(mdast, problems);
  const { links, codeSpans, codeBlocks } = collectReferences(mdast, source);
  const text = plainText(mdast);

  const hast = toHast.runSync(mdast);
  const headings = collectHeadings(hast);

  problems.sort((a, b) => a.line - b.line);
  return { hast, text, items, panels, headings, links, codeSpans, codeBlocks, problems };
}

function lineOf(node: Node): number {
  return node.position?.start.line ?? 0;
}

function isText(node: Node): node is Text {
  return node.type === "text";
}

function restoreTextDirectives(tree: MdastRoot, source: string): void {
  visit(tree, "textDirective", (node, index, parent) => {
    if (!parent || index === undefined) return;
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    const value = start !== undefined && end !== undefined ? source.slice(start, end) : `:${node.name}`;
    const literal: Text = { type: "text", value, position: node.position };
    const siblings: Node[] = parent.children;
    siblings.splice(index, 1, literal);
    return [SKIP, index + 1];
  });
}

/** Joins the text pieces restored directives and HTML leave behind, so item markers are one string. */
function mergeAdjacentText(tree: MdastRoot): void {
  visit(tree, (node: MdastNodes) => {
    if (!("children" in node)) return;
    const children: Node[] = node.children;
    for (let i = children.length - 1; i > 0; i--) {
      const current = children[i]!;
      const previous = children[i - 1]!;
      if (isText(current) && isText(previous)) {
        previous.value += current.value;
        if (previous.position && current.position) previous.position.end = current.position.end;
        children.splice(i, 1);
      }
    }
  });
}

const FLOW_PARENTS = new Set(["root", "blockquote", "listItem", "footnoteDefinition", "containerDirective"]);

function neutraliseHtml(tree: MdastRoot, problems: RunbookProblem[]): void {
  const byLine = new Map<number, string[]>();
  visit(tree, "html", (node: Html, index, parent) => {
    if (!parent || index === undefined) return;
    const siblings: Node[] = parent.children;
    if (/^\s*<!--[\s\S]*-->\s*$/.test(node.value)) {
      siblings.splice(index, 1);
      return index;
    }
    const text: Text = { type: "text", value: node.value, position: node.position };
    const replacement: Text | Paragraph = FLOW_PARENTS.has(parent.type)
      ? { type: "paragraph", children: [text], position: node.position }
      : text;
    siblings.splice(index, 1, replacement);
    const line = lineOf(node);
    byLine.set(line, [...(byLine.get(line) ?? []), node.value.trim().split("\n")[0]!.slice(0, 40)]);
    return [SKIP, index + 1];
  });
  for (const [line, tags] of byLine) {
    problems.push({
      line,
      severity: "warning",
      message: `HTML não é interpretado e aparece como texto: ${tags.map((t) => `"${t}"`).join(", ")} (use \`código\` para nomes com < >)`,
    });
  }
}

// `::name` left inside running text means the author wanted a panel but it is not on its own
// line (or is indented into a paragraph), so it would silently not render.
function reportInlinePanelSyntax(tree: MdastRoot, problems: RunbookProblem[]): void {
  visit(tree, "text", (node) => {
    for (const match of node.value.matchAll(/(?:^|\s)::([A-Za-z][\w-]*)(\{)?/g)) {
      const name = match[1] ?? "";
      if (!match[2] && !isPanelType(name)) continue;
      const before = node.value.slice(0, match.index ?? 0);
      problems.push({
        line: lineOf(node) + (before.match(/\n/g)?.length ?? 0),
        severity: "error",
        message: `"::${name}" no meio do texto não vira painel: coloque a diretiva sozinha numa linha`,
      });
    }
  });
}

function panelErrorProperties(name: string, message: string, line: number) {
  return { dataPanel: name, dataError: message, dataLine: line };
}

function replaceContainerDirectives(tree: MdastRoot, problems: RunbookProblem[]): void {
  visit(tree, "containerDirective", (node, index, parent) => {
    if (!parent || index === undefined) return;
    const line = lineOf(node);
    const message = `blocos ":::${node.name}" não são suportados; use um painel sozinho numa linha (::nome) ou Markdown comum`;
    problems.push({ line, severity: "error", message });
    // An empty paragraph renamed to the panel element carries the error; the content stays.
    const errorBox: Paragraph = {
      type: "paragraph",
      children: [],
      position: node.position,
      data: { hName: PANEL_ELEMENT, hProperties: panelErrorProperties(node.name, message, line) },
    };
    const siblings: Node[] = parent.children;
    siblings.splice(index, 1, errorBox, ...node.children);
    return index + 1;
  });
}

const LIMITS_DIRECTIVE = "limits";

/** `::limits` / `::limits{from="all"}` → the table of limits, built from front-matter. */
function replaceLimitsDirectives(tree: MdastRoot, context: LimitsContext, problems: RunbookProblem[]): void {
  visit(tree, "leafDirective", (node, index, parent) => {
    if (node.name !== LIMITS_DIRECTIVE || !parent || index === undefined) return;
    const line = lineOf(node);
    const { from, ...rest } = node.attributes ?? {};
    const unknown = Object.keys(rest);
    const fail = (message: string) => {
      problems.push({ line, severity: "error", message: `::limits: ${message}` });
      node.children = [];
      node.data = { hName: PANEL_ELEMENT, hProperties: panelErrorProperties(LIMITS_DIRECTIVE, message, line) };
    };
    if (unknown.length > 0) return fail(`argumento desconhecido: ${unknown.join(", ")} (aceito: from="all")`);
    if (from !== undefined && from !== "all") return fail(`from deve ser "all" (recebeu "${from ?? ""}")`);
    if (from === undefined && context.own.length === 0) return fail("este runbook não declara limits no front-matter");
    // Without the library (one file alone) the "all" table falls back to this runbook's own rows.
    const rows = from === "all" ? (context.all ?? context.own) : context.own;
    const table = limitsTable(rows, context.slug);
    table.position = node.position;
    const siblings: Node[] = parent.children;
    siblings.splice(index, 1, table);
    return SKIP;
  });
}

/**
 * `limits="<id>"` on a panel names a front-matter limit (of this runbook or, in the library, any
 * other); it becomes the panel's `warn` / `critical`, so the numbers are never written twice.
 */
function resolvePanelLimits(
  attributes: Record<string, string | null | undefined>,
  context: LimitsContext,
): { attributes: Record<string, string | null | undefined> } | { error: string } {
  const { limits: id, ...rest } = attributes;
  if (id === undefined || id === null) return { attributes };
  const known = [...context.own, ...(context.all ?? []).filter((entry) => entry.slug !== context.slug)];
  const found = known.find((entry) => entry.id === id.trim());
  // Analysed alone (no library), another runbook's limit cannot be known: the panel goes without.
  if (!found && context.all === undefined) return { attributes: rest };
  if (!found)
    return {
      error: `limits: o limite "${id}" não está declarado (limites: ${[...new Set(known.map((entry) => entry.id))].join(", ") || "nenhum"})`,
    };
  if (found.limit.direction === "below")
    return { error: `limits: o limite "${id}" é do tipo below e não vale para este painel` };
  if ("warn" in rest || "critical" in rest) return { error: 'use limits="<id>" ou warn/critical, não os dois' };
  const { warn, critical } = found.limit;
  return { attributes: { ...rest, ...(warn === undefined ? {} : { warn: String(warn) }), critical: String(critical) } };
}

function annotatePanels(
  tree: MdastRoot,
  queues: readonly MonitoredQueue[],
  limits: LimitsContext,
  problems: RunbookProblem[],
): PlacedPanel[] {
  const panels: PlacedPanel[] = [];
  visit(tree, "leafDirective", (node) => {
    const line = lineOf(node);
    const resolved = isPanelType(node.name)
      ? resolvePanelLimits(node.attributes ?? {}, limits)
      : { attributes: node.attributes ?? {} };
    const result =
      "error" in resolved
        ? ({ ok: false, message: resolved.error } as const)
        : validatePanel(node.name, resolved.attributes, queues);
    // A label (`::queues[texto]`) is not used; dropping it keeps it out of the panel element.
    node.children = [];
    if (result.ok) {
      panels.push({ ...result.panel, line });
      node.data = {
        hName: PANEL_ELEMENT,
        hProperties: {
          dataPanel: result.panel.type,
          dataArgs: JSON.stringify(result.panel.args),
          dataPanelIndex: panels.length - 1,
          dataLine: line,
        },
      };
    } else {
      // An unknown name is already spelled out in the message.
      const prefix = isPanelType(node.name) ? `::${node.name}: ` : "";
      problems.push({ line, severity: "error", message: `${prefix}${result.message}` });
      node.data = { hName: PANEL_ELEMENT, hProperties: panelErrorProperties(node.name, result.message, line) };
    }
  });
  return panels;
}

function annotateItems(tree: MdastRoot, problems: RunbookProblem[]): RunbookItem[] {
  const items: RunbookItem[] = [];
  const firstLineOf = new Map<string, number>();
  visit(tree, "listItem", (node: ListItem) => {
    if (typeof node.checked !== "boolean") return;
    const line = lineOf(node);
    const paragraph = node.children[0];
    if (paragraph?.type !== "paragraph") return;

    const last = paragraph.children.at(-1);
    const marker = last?.type === "text" ? parseItemMarker(last.value) : undefined;
    if (last?.type === "text" && marker?.found) {
      last.value = marker.text;
      if (last.value.trim() === "") paragraph.children.pop();
    }
    if (marker?.problem) problems.push({ line, severity: "error", message: marker.problem });

    const text = toString(paragraph).replace(/\s+/g, " ").trim();
    const id = marker?.id ?? itemIdFromText(text);
    if (id === "") {
      problems.push({ line, severity: "error", message: "item de checklist sem texto" });
      return;
    }
    const first = firstLineOf.get(id);
    if (first !== undefined) {
      problems.push({
        line,
        severity: "error",
        message: `id de item "${id}" repetido (já usado na linha ${first})${marker?.id ? "" : "; fixe ids diferentes com {#id}"}`,
      });
    } else {
      firstLineOf.set(id, line);
    }
    const optional = marker?.optional ?? false;
    items.push({ id, text, optional, explicitId: marker?.id !== undefined, line });
    node.data = {
      ...node.data,
      hProperties: { ...node.data?.hProperties, dataItemId: id, dataOptional: String(optional), dataLine: line },
    };
  });
  return items;
}

function collectReferences(tree: MdastRoot, source: string) {
  const links: LinkRef[] = [];
  const codeSpans: CodeSpanRef[] = [];
  const codeBlocks: CodeBlockRef[] = [];
  visit(tree, (node: MdastNodes) => {
    if (node.type === "link" || node.type === "image" || node.type === "definition") {
      links.push({ url: node.url, line: lineOf(node), kind: node.type });
    } else if (node.type === "inlineCode") {
      codeSpans.push({ value: node.value, line: lineOf(node) });
    } else if (node.type === "code") {
      const offset = node.position?.start.offset ?? 0;
      // A fenced block's content starts on the line after the fence; an indented one on its own.
      const fenced = /^[ \t]*(```|~~~)/.test(source.slice(offset, offset + 16));
      codeBlocks.push({ lang: node.lang ?? null, value: node.value, line: lineOf(node) + (fenced ? 1 : 0) });
    }
  });
  return { links, codeSpans, codeBlocks };
}

function plainText(tree: MdastRoot): string {
  const parts: string[] = [];
  visit(tree, (node: MdastNodes) => {
    if (node.type === "text" || node.type === "inlineCode" || node.type === "code") parts.push(node.value);
  });
  return parts.join(" ").replace(/\s+/g, " ").trim();
}

const HEADING_DEPTH: Record<string, RunbookHeading["depth"]> = { h1: 1, h2: 2, h3: 3, h4: 4, h5: 5, h6: 6 };

function collectHeadings(tree: HastRoot): RunbookHeading[] {
  const headings: RunbookHeading[] = [];
  visit(tree, "element", (node: Element) => {
    const depth = HEADING_DEPTH[node.tagName];
    // Headings without a position are generated (the footnotes' "Notas"), not the author's.
    if (!depth || !node.position) return;
    headings.push({
      depth,
      text: hastText(node).replace(/\s+/g, " ").trim(),
      id: String(node.properties.id ?? ""),
      line: lineOf(node),
    });
    return SKIP;
  });
  return headings;
}
